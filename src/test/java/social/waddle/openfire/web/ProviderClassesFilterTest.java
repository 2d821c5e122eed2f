package social.waddle.openfire.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.List;

import javax.servlet.FilterChain;

import org.junit.jupiter.api.Test;

import social.waddle.openfire.auth.WaddleAuthProvider;
import social.waddle.openfire.auth.WaddleUserProvider;

/**
 * What Openfire 5.x's System Properties page resolves through the context class loader ({@code ClassUtils.forName}:
 * Openfire's loader, then the context loader): during that page our provider classes, and only those, are found, after
 * whatever the container's own loader finds; afterwards the container's loader is back.
 */
class ProviderClassesFilterTest {

    /** The admin webapp's loader: sees the JDK only. */
    private final ClassLoader webapp = new URLClassLoader("admin-webapp", new URL[0], ClassLoader.getPlatformClassLoader());

    @Test
    void duringThePageTheShownProviderClassesAndOnlyThoseAreFoundAfterTheContainersOwn() throws Exception {
        List<Class<?>> found = new ArrayList<>();
        FilterChain page = (request, response) -> {
            ClassLoader context = Thread.currentThread().getContextClassLoader();
            try {
                found.add(context.loadClass(WaddleAuthProvider.class.getName()));
                found.add(context.loadClass(String.class.getName()));
                assertThatThrownBy(() -> context.loadClass(ProviderClassesFilterTest.class.getName()))
                        .isInstanceOf(ClassNotFoundException.class);
                assertThatThrownBy(() -> context.loadClass(WaddleUserProvider.class.getName()))
                        .isInstanceOf(ClassNotFoundException.class);
            } catch (ClassNotFoundException e) {
                throw new AssertionError(e);
            }
        };
        Thread thread = Thread.currentThread();
        ClassLoader before = thread.getContextClassLoader();
        thread.setContextClassLoader(webapp);
        try (AutoCloseable shown = ProviderClassesFilter.show(WaddleAuthProvider.class)) {
            new ProviderClassesFilter().doFilter(null, null, page);

            assertThat(thread.getContextClassLoader()).isSameAs(webapp);
        } finally {
            thread.setContextClassLoader(before);
        }
        assertThat(found).containsExactly(WaddleAuthProvider.class, String.class);
    }

    @Test
    void hiddenAgainTheClassIsNotFound() throws Exception {
        ProviderClassesFilter.show(WaddleUserProvider.class).close();

        assertThatThrownBy(() -> new ProviderClassesFilter.Loader(webapp).loadClass(WaddleUserProvider.class.getName()))
                .isInstanceOf(ClassNotFoundException.class);
    }
}
