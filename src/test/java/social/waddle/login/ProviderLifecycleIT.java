package social.waddle.login;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static social.waddle.login.LoginTestSupport.assertBindsDidJid;
import static social.waddle.login.LoginTestSupport.assertNotAuthorized;

import java.util.Map;

import org.jivesoftware.smack.XMPPException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import social.waddle.testbed.atproto.AtprotoNetwork;
import social.waddle.testbed.atproto.AtprotoNetworkExtension;
import social.waddle.testbed.atproto.TestAccount;
import social.waddle.testbed.openfire.OpenfireServer;
import social.waddle.testbed.openfire.StoredProperties;
import social.waddle.testbed.openfire.XmppTestClient;

/**
 * Installing the plugin puts its providers in Openfire's place and uninstalling puts Openfire's back, as an admin
 * sees it from outside.
 *
 * <p>Two outside views of the configured providers: the {@code provider.*} properties in Openfire's database files
 * (read after a kill, so the plugin's clean-shutdown code cannot tidy up before we look: the files show exactly
 * what the running server had committed), and the SASL mechanisms the server offers, which follow the live
 * {@code AuthProvider} (Openfire offers SCRAM-SHA-1 only when it supports SCRAM; ours never does). Openfire's
 * {@code AuthFactory} logs nothing when it switches providers, so its log is no witness.
 */
@ExtendWith(AtprotoNetworkExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProviderLifecycleIT {

    private static final String AUTH_PROVIDER = "provider.auth.className";
    private static final String USER_PROVIDER = "provider.user.className";
    private static final String DEFAULT_AUTH_PROVIDER = "org.jivesoftware.openfire.auth.DefaultAuthProvider";
    private static final String DEFAULT_USER_PROVIDER = "org.jivesoftware.openfire.user.DefaultUserProvider";
    private static final String WADDLE_AUTH_PROVIDER = "social.waddle.openfire.auth.WaddleAuthProvider";
    private static final String WADDLE_USER_PROVIDER = "social.waddle.openfire.auth.WaddleUserProvider";

    private AtprotoNetwork network;
    private OpenfireServer server;
    private TestAccount dora;

    @BeforeAll
    void start(AtprotoNetwork atprotoNetwork) {
        network = atprotoNetwork;
        dora = network.createAccount("dora");
        server = OpenfireServer.start(LoginTestSupport.serverOptions("provider-lifecycle", network, Map.of())
                .database(OpenfireServer.Database.FILE));
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void uninstallingRestoresOpenfiresProvidersAndReinstallingTakesOverAgain() throws Exception {
        assertBindsDidJid(server, dora.handle(), dora.appPassword(), dora);
        assertThat(XmppTestClient.advertisedSaslMechanisms(server)).contains("PLAIN").doesNotContain("SCRAM-SHA-1");
        server.kill();
        assertThat(StoredProperties.read(server, "provider.")).containsEntry(AUTH_PROVIDER, WADDLE_AUTH_PROVIDER)
                .containsEntry(USER_PROVIDER, WADDLE_USER_PROVIDER);
        assertThat(StoredProperties.read(server, "waddle.saved.")).containsEntry("waddle.saved." + AUTH_PROVIDER,
                DEFAULT_AUTH_PROVIDER).containsEntry("waddle.saved." + USER_PROVIDER, DEFAULT_USER_PROVIDER);
        server.start();

        server.uninstallPlugin();

        try (XmppTestClient admin = XmppTestClient.login(server, server.adminUsername(), server.adminPassword())) {
            assertThatThrownBy(() -> admin.discoInfo("waddle." + server.domain()))
                    .isInstanceOf(XMPPException.XMPPErrorException.class);
        }
        assertNotAuthorized(XmppTestClient.failedLogin(server, dora.handle(), dora.appPassword()));
        assertNotAuthorized(XmppTestClient.failedLogin(server, LoginTestSupport.localpart(dora), dora.appPassword()));
        assertThat(XmppTestClient.advertisedSaslMechanisms(server)).contains("PLAIN", "SCRAM-SHA-1");
        server.kill();
        assertThat(StoredProperties.read(server, "provider.")).containsEntry(AUTH_PROVIDER, DEFAULT_AUTH_PROVIDER)
                .containsEntry(USER_PROVIDER, DEFAULT_USER_PROVIDER);
        assertThat(StoredProperties.read(server, "waddle.saved.")).isEmpty();
        server.start();

        server.installPlugin();

        assertBindsDidJid(server, dora.handle(), dora.appPassword(), dora);
        try (XmppTestClient admin = XmppTestClient.login(server, server.adminUsername(), server.adminPassword())) {
            assertThat(admin.jid().getLocalpartOrNull().toString()).isEqualTo(server.adminUsername());
        }
    }
}
