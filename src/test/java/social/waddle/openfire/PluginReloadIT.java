package social.waddle.openfire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.jivesoftware.smack.XMPPException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

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
            var beforeUninstall = server.log().mark();

            server.uninstallPlugin();

            assertThatThrownBy(() -> admin.discoInfo(component)).isInstanceOf(XMPPException.XMPPErrorException.class);
            assertThat(server.log().firstLineSince(beforeUninstall, "An exception occurred while unloading plugin")).isEmpty();

            server.installPlugin();

            assertThat(admin.discoInfo(component).containsFeature(WaddleComponent.WADDLE_FEATURE)).isTrue();
        }
    }
}
