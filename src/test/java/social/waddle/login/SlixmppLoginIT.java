package social.waddle.login;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import social.waddle.testbed.atproto.AtprotoNetwork;
import social.waddle.testbed.atproto.AtprotoNetworkExtension;
import social.waddle.testbed.atproto.TestAccount;
import social.waddle.testbed.clients.SlixmppClient;
import social.waddle.testbed.clients.SlixmppClient.LoginResult;
import social.waddle.testbed.openfire.OpenfireServer;
import social.waddle.testbed.openfire.XmppTestClient;

/** A real non-Java client (slixmpp, plaintext, SASL PLAIN) logs in to Openfire with the plugin, like Smack does. */
@ExtendWith(AtprotoNetworkExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SlixmppLoginIT {

    private AtprotoNetwork network;
    private SlixmppClient slixmpp;
    private OpenfireServer server;
    private TestAccount alice;

    @BeforeAll
    void start(AtprotoNetwork atprotoNetwork) {
        network = atprotoNetwork;
        slixmpp = SlixmppClient.locate();
        alice = network.createAccount("alice");
        server = OpenfireServer.start(OpenfireServer.Options.defaults().label("slixmpp").domain(AtprotoLoginIT.DOMAIN)
                .properties(LoginTestSupport.pluginSettings(network)));
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aLocalUserLogsIn() {
        String username = "carol-" + UUID.randomUUID().toString().substring(0, 8);
        XmppTestClient.createLocalUser(server, username, "carol-password");

        LoginResult result = slixmpp.login(server, username, "carol-password");

        assertThat(result.ok()).as("%s", result).isTrue();
        assertThat(result.exitCode()).isZero();
        assertThat(result.boundBareJid()).isEqualTo(username + "@" + AtprotoLoginIT.DOMAIN);
    }

    @Test
    void aHandleWithAnAppPasswordBindsTheDidDerivedJid() {
        LoginResult result = slixmpp.login(server, alice.handle(), alice.appPassword());

        assertThat(result.ok()).as("%s", result).isTrue();
        assertThat(result.exitCode()).isZero();
        assertThat(result.boundBareJid()).isEqualTo(localpart(alice) + "@" + AtprotoLoginIT.DOMAIN);
    }

    /**
     * A DID typed into a JID field: slixmpp refuses {@code did:plc:…} as a localpart and sends the XEP-0106 escaped
     * form {@code did\3aplc\3a…} as the username.
     */
    @Test
    void aDidEscapedAsAJidLocalpartLogsInWithAnAppPasswordOrAServiceAuthToken() {
        String escaped = alice.did().replace(":", "\\3a");
        String token = network.serviceAuthToken(alice, LoginTestSupport.SERVICE_DID, LoginTestSupport.LXM,
                Instant.now().plusSeconds(60));

        LoginResult withAppPassword = slixmpp.login(server, escaped, alice.appPassword());
        LoginResult withToken = slixmpp.login(server, escaped, token);
        LoginResult wrong = slixmpp.login(server, escaped, "abcd-efgh-ijkl-mnop");

        assertThat(withAppPassword.ok()).as("%s", withAppPassword).isTrue();
        assertThat(withAppPassword.boundBareJid()).isEqualTo(localpart(alice) + "@" + AtprotoLoginIT.DOMAIN);
        assertThat(withToken.ok()).as("%s", withToken).isTrue();
        assertThat(withToken.boundBareJid()).isEqualTo(localpart(alice) + "@" + AtprotoLoginIT.DOMAIN);
        assertThat(wrong.error()).as("%s", wrong).isEqualTo("not-authorized");
    }

    @Test
    void aWrongAppPasswordIsNotAuthorized() {
        LoginResult result = slixmpp.login(server, alice.handle(), "abcd-efgh-ijkl-mnop");

        assertThat(result.ok()).as("%s", result).isFalse();
        assertThat(result.error()).isEqualTo("not-authorized");
        assertThat(result.exitCode()).isEqualTo(1);
    }

    private static String localpart(TestAccount account) {
        return account.did().substring("did:plc:".length());
    }
}
