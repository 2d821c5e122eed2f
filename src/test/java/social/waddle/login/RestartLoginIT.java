package social.waddle.login;

import static org.assertj.core.api.Assertions.assertThat;
import static social.waddle.login.LoginTestSupport.assertBindsDidJid;

import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import social.waddle.testbed.atproto.AtprotoNetwork;
import social.waddle.testbed.atproto.AtprotoNetworkExtension;
import social.waddle.testbed.atproto.TestAccount;
import social.waddle.testbed.openfire.OpenfireServer;
import social.waddle.testbed.openfire.XmppTestClient;

/**
 * Neither a clean restart nor a crash (no {@code destroyPlugin}, our provider class names left in the database
 * for an Openfire that cannot load them before the plugin starts) locks out ATProto users or local accounts.
 */
@ExtendWith(AtprotoNetworkExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RestartLoginIT {

    private AtprotoNetwork network;
    private OpenfireServer server;
    private TestAccount erin;

    @BeforeAll
    void start(AtprotoNetwork atprotoNetwork) {
        network = atprotoNetwork;
        erin = network.createAccount("erin");
        server = OpenfireServer.start(LoginTestSupport.serverOptions("restart-login", network, Map.of())
                .database(OpenfireServer.Database.FILE));
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void everyoneLogsInAfterARestartAndAfterACrash() {
        assertEveryoneLogsIn();

        server.restart();

        assertEveryoneLogsIn();

        server.kill();
        server.start();

        assertEveryoneLogsIn();
    }

    private void assertEveryoneLogsIn() {
        assertBindsDidJid(server, erin.handle(), erin.appPassword(), erin);
        assertBindsDidJid(server, erin.did(), erin.appPassword(), erin);
        try (XmppTestClient admin = XmppTestClient.login(server, server.adminUsername(), server.adminPassword())) {
            assertThat(admin.jid().getLocalpartOrNull().toString()).isEqualTo(server.adminUsername());
        }
    }
}
