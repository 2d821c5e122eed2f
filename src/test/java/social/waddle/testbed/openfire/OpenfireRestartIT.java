package social.waddle.testbed.openfire;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A server with a file database keeps its accounts and its plugin across a restart of the same home. */
class OpenfireRestartIT {

    @RegisterExtension
    static final OpenfireServerExtension openfire = OpenfireServerExtension.ownServer(
            OpenfireServer.Options.defaults().database(OpenfireServer.Database.FILE));

    @Test
    void accountsAndPluginSurviveARestart() throws Exception {
        OpenfireServer server = openfire.server();
        XmppTestClient.createLocalUser(server, "dave", "dave-password");

        server.restart();

        try (XmppTestClient dave = XmppTestClient.login(server, "dave", "dave-password")) {
            assertThat(dave.jid().getLocalpart().toString()).isEqualTo("dave");
            assertThat(dave.discoInfo("waddle." + server.domain()).containsFeature("urn:waddle:openfire:0")).isTrue();
        }
    }
}
