package social.waddle.openfire.site;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import social.waddle.testbed.openfire.OpenfireDistribution;

/**
 * {@link PublicWebMount} reaches Jetty 12 and {@code HttpBindManager} by name: every name and signature it uses is
 * resolved here against the jars of the Openfire 5.x distribution ({@code -Dopenfire.distribution=...}), in a class
 * loader that sees only them (the test class path holds the 4.2.0 server's Jetty 9), and a context handler is built.
 */
class PublicWebMountDistributionTest {

    @Test
    void everyJettyAndHttpBindManagerMemberUsedExistsInTheDistribution() throws Throwable {
        Optional<OpenfireDistribution> distribution = OpenfireDistribution.forTestBed();
        Assumptions.assumeTrue(distribution.isPresent(), "needs -Dopenfire.distribution=<Openfire 5.x>");
        List<URL> jars = new ArrayList<>();
        try (Stream<Path> files = Files.list(distribution.get().lib())) {
            for (Path jar : files.filter(file -> file.toString().endsWith(".jar")).toList()) {
                jars.add(jar.toUri().toURL());
            }
        }
        try (URLClassLoader openfire = new URLClassLoader(jars.toArray(URL[]::new), ClassLoader.getPlatformClassLoader())) {
            PublicWebMount.JettyHandles jetty = PublicWebMount.JettyHandles.resolve(openfire);
            Class<?> manager = Class.forName("org.jivesoftware.openfire.http.HttpBindManager", false, openfire);
            assertThat(PublicWebMount.addHandler(manager, jetty.nestedContext())).isNotNull();
            assertThat(PublicWebMount.removeHandler(manager, jetty.nestedContext())).isNotNull();

            Object handler = jetty.build("/waddle", Map.of(), openfire);
            assertThat(handler.getClass().getName()).isEqualTo(PublicWebMount.SERVLET_CONTEXT_HANDLER);
            assertThat(handler.getClass().getMethod("getContextPath").invoke(handler)).isEqualTo("/waddle");
            assertThat(jetty.nestedContext().isInstance(handler)).isTrue();
        }
    }

    /** Openfire 4.2.0 (on this test class path) has Jetty 9 only: the mount sees no ee8 classes and offers nothing. */
    @Test
    void openfire420HasNoEe8ClassesSoThePagesAreNotOffered() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> PublicWebMount.JettyHandles.resolve(
                        org.jivesoftware.openfire.http.HttpBindManager.class.getClassLoader()))
                .isInstanceOf(ClassNotFoundException.class)
                .hasMessageContaining("org.eclipse.jetty.ee8");
    }
}
