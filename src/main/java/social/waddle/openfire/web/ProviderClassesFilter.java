package social.waddle.openfire.web;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import javax.servlet.Filter;
import javax.servlet.FilterChain;
import javax.servlet.FilterConfig;
import javax.servlet.ServletException;
import javax.servlet.ServletRequest;
import javax.servlet.ServletResponse;

import org.jivesoftware.admin.PluginFilter;

/**
 * Lets Openfire's System Properties page find the provider classes we configure.
 *
 * <p>Openfire 5.x declares {@code provider.auth.className} and {@code provider.user.className} as class-typed
 * {@code SystemProperty}s. {@code server-properties.jsp} resolves them with {@code ClassUtils.forName}, which asks
 * Openfire's own class loader, then the thread's context class loader (the admin webapp's), then its own again: none
 * sees plugin classes, and each view of the page logged 8 WARN stack traces ("Class ... was not found"). For that
 * page only, the context class loader becomes one that asks the webapp's loader first, as before, and finds exactly the
 * classes shown here (nothing else of the plugin) when that fails. Registered through {@link PluginFilter}, which
 * Openfire 4.2.0 and 5.x both have.
 */
public final class ProviderClassesFilter implements Filter {

    /** {@code PluginFilter} matches by prefix of context path + servlet path (+ path info). */
    static final String PAGE = "/server-properties.jsp";

    private static final Map<String, Class<?>> SHOWN = new ConcurrentHashMap<>();
    private static final Object LOCK = new Object();

    /** Makes {@code type} visible on the page; the returned action hides it again (and removes the filter last). */
    public static AutoCloseable show(Class<?> type) {
        synchronized (LOCK) {
            if (SHOWN.isEmpty()) {
                PluginFilter.addPluginFilter(PAGE, new ProviderClassesFilter());
            }
            SHOWN.put(type.getName(), type);
        }
        return () -> {
            synchronized (LOCK) {
                if (SHOWN.remove(type.getName(), type) && SHOWN.isEmpty()) {
                    PluginFilter.removePluginFilter(PAGE, ProviderClassesFilter.class.getName());
                }
            }
        };
    }

    @Override
    public void init(FilterConfig config) {
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        Thread thread = Thread.currentThread();
        ClassLoader container = thread.getContextClassLoader();
        thread.setContextClassLoader(new Loader(container));
        try {
            chain.doFilter(request, response);
        } finally {
            thread.setContextClassLoader(container);
        }
    }

    @Override
    public void destroy() {
    }

    /** Parent first (the container's loader), then only the shown classes, by exact name. */
    static final class Loader extends ClassLoader {
        static {
            registerAsParallelCapable();
        }

        Loader(ClassLoader parent) {
            super(parent);
        }

        @Override
        protected Class<?> findClass(String name) throws ClassNotFoundException {
            Class<?> shown = SHOWN.get(name);
            if (shown == null) {
                throw new ClassNotFoundException(name);
            }
            return shown;
        }
    }
}
