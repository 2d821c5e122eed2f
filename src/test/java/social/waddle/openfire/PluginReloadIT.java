package social.waddle.openfire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

import org.jivesoftware.smack.XMPPException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import social.waddle.testbed.Await;
import social.waddle.testbed.openfire.OpenfireServer;
import social.waddle.testbed.openfire.OpenfireServerExtension;
import social.waddle.testbed.openfire.XmppTestClient;

/** Removing the plugin JAR at run time unwires everything the plugin wired; installing it again wires it anew. */
class PluginReloadIT {

    @RegisterExtension
    static final OpenfireServerExtension openfire = OpenfireServerExtension.ownServer();

    @Test
    void componentLeavesWithThePluginAndComesBackWithIt() throws Exception {
        OpenfireServer server = openfire.server();
        String component = "waddle." + server.domain();
        try (XmppTestClient admin = XmppTestClient.login(server, server.adminUsername(), server.adminPassword())) {
            assertThat(admin.discoInfo(component).containsFeature(WaddleComponent.WADDLE_FEATURE)).isTrue();
            assertThat(waddleThreads(server.pid())).as("the plugin's running threads").isNotEmpty();
            var beforeUninstall = server.log().mark();

            server.uninstallPlugin();

            assertThatThrownBy(() -> admin.discoInfo(component)).isInstanceOf(XMPPException.XMPPErrorException.class);
            assertThat(server.log().firstLineSince(beforeUninstall, "An exception occurred while unloading plugin")).isEmpty();
            assertThat(threadsNamedWaddle(server)).as("threads the plugin left behind").isEmpty();

            server.installPlugin();

            assertThat(admin.discoInfo(component).containsFeature(WaddleComponent.WADDLE_FEATURE)).isTrue();
        }
    }

    /**
     * Every thread the plugin starts is named {@code waddle-…}; after unloading none may remain. Read from outside with
     * the JDK's {@code jcmd Thread.print}, allowing executors a moment to wind down.
     */
    private static List<String> threadsNamedWaddle(OpenfireServer server) {
        List<List<String>> last = new java.util.ArrayList<>(List.of(List.of()));
        try {
            Await.until("the plugin's threads to end", Duration.ofSeconds(15), () -> {
                last.set(0, waddleThreads(server.pid()));
                return last.get(0).isEmpty();
            });
        } catch (AssertionError timedOut) {
            return last.get(0);
        }
        return List.of();
    }

    private static List<String> waddleThreads(long pid) {
        try {
            Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
            Process dump = new ProcessBuilder(jcmd.toString(), Long.toString(pid), "Thread.print")
                    .redirectErrorStream(true).start();
            String output = new String(dump.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (dump.waitFor() != 0) {
                throw new IllegalStateException("jcmd Thread.print failed: " + output);
            }
            return output.lines()
                    .filter(line -> line.startsWith("\"waddle-"))
                    .map(line -> line.substring(1, line.indexOf('"', 1)))
                    .collect(Collectors.toList());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
