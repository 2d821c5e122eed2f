package social.waddle.login;

import static org.assertj.core.api.Assertions.assertThat;
import static social.waddle.login.LoginTestSupport.assertBindsDidJid;
import static social.waddle.login.LoginTestSupport.assertTemporaryAuthFailure;
import static social.waddle.login.LoginTestSupport.awaitUntil;
import static social.waddle.login.LoginTestSupport.elapsedSince;

import java.time.Duration;
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
 * While the users' PDS is down, whoever logged in recently (within the credential and identity cache times) keeps
 * logging in; anyone else is told to try again later ({@code temporary-auth-failure}), quickly, and that never
 * counts as a failed login.
 */
@ExtendWith(AtprotoNetworkExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PdsOutageIT {

    private static final Duration FAST = Duration.ofSeconds(10);

    private AtprotoNetwork network;
    private OpenfireServer server;
    private TestAccount regular;
    private TestAccount newcomer;

    @BeforeAll
    void start(AtprotoNetwork atprotoNetwork) {
        network = atprotoNetwork;
        regular = network.createAccount("regular");
        newcomer = network.createAccount("newcomer");
        server = OpenfireServer.start(LoginTestSupport.serverOptions("pds-outage", network, Map.of()));
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void recentUsersLogInAndNewOnesAreToldToRetryWhileThePdsIsDown() {
        assertBindsDidJid(server, regular.handle(), regular.appPassword(), regular);
        network.stopPds();
        try {
            assertThat(network.pdsAcceptsConnections()).isFalse();

            assertBindsDidJid(server, regular.handle(), regular.appPassword(), regular);
            assertBindsDidJid(server, regular.did(), regular.appPassword(), regular);

            // More tries than waddle.login.maxFailuresPerAccount (5): none may count as a failed login.
            for (String username : new String[] {newcomer.handle(), newcomer.did(), newcomer.handle(),
                    newcomer.did(), newcomer.handle(), newcomer.did()}) {
                long started = System.nanoTime();
                Exception failure = XmppTestClient.failedLogin(server, username, newcomer.appPassword());
                Duration took = elapsedSince(started);

                assertTemporaryAuthFailure(failure);
                assertThat(took).as("refusal of %s while the PDS is down", username).isLessThan(FAST);
            }
        } finally {
            network.startPds();
        }
        awaitUntil("the PDS to accept connections again", Duration.ofSeconds(30), network::pdsAcceptsConnections);

        assertBindsDidJid(server, newcomer.did(), newcomer.appPassword(), newcomer);
        assertBindsDidJid(server, newcomer.handle(), newcomer.appPassword(), newcomer);
    }
}
