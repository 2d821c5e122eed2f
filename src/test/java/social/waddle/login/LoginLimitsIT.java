package social.waddle.login;

import static org.assertj.core.api.Assertions.assertThat;
import static social.waddle.login.LoginTestSupport.assertBindsDidJid;
import static social.waddle.login.LoginTestSupport.assertNotAuthorized;
import static social.waddle.login.LoginTestSupport.bareJid;
import static social.waddle.login.LoginTestSupport.localpart;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

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

/** What the server spares the users' PDS: guessing passwords is cut off, and a crowd of logins is one PDS call. */
@ExtendWith(AtprotoNetworkExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LoginLimitsIT {

    private static final int MAX_FAILURES_PER_ACCOUNT = 3;
    private static final int PARALLEL_LOGINS = 8;

    private AtprotoNetwork network;
    private OpenfireServer server;

    @BeforeAll
    void start(AtprotoNetwork atprotoNetwork) {
        network = atprotoNetwork;
        server = OpenfireServer.start(LoginTestSupport.serverOptions("login-limits", network,
                Map.of("waddle.login.maxFailuresPerAccount", Integer.toString(MAX_FAILURES_PER_ACCOUNT))));
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void afterTooManyWrongPasswordsEvenTheRightOneIsRefusedWithoutAskingThePds() {
        TestAccount victim = network.createAccount("victim");
        for (int i = 0; i < MAX_FAILURES_PER_ACCOUNT; i++) {
            assertNotAuthorized(XmppTestClient.failedLogin(server, victim.handle(), "guess-" + i));
        }
        network.resetCounts();

        // The account is locked whatever name it is typed as.
        assertNotAuthorized(XmppTestClient.failedLogin(server, victim.handle(), victim.appPassword()));
        assertNotAuthorized(XmppTestClient.failedLogin(server, victim.did(), victim.appPassword()));
        assertNotAuthorized(XmppTestClient.failedLogin(server, localpart(victim), victim.appPassword()));
        assertNotAuthorized(XmppTestClient.failedLogin(server, victim.handle().toUpperCase(), victim.appPassword()));

        assertThat(network.createSessionCount()).isZero();
    }

    @Test
    void guessesSpreadOverTheAccountsNamesShareOneLimit() {
        TestAccount victim = network.createAccount("victim");
        assertNotAuthorized(XmppTestClient.failedLogin(server, victim.handle(), "guess-by-handle"));
        assertNotAuthorized(XmppTestClient.failedLogin(server, victim.did(), "guess-by-did"));
        assertNotAuthorized(XmppTestClient.failedLogin(server, localpart(victim), "guess-by-localpart"));
        network.resetCounts();

        assertNotAuthorized(XmppTestClient.failedLogin(server, victim.did(), victim.appPassword()));

        assertThat(network.createSessionCount()).isZero();
    }

    @Test
    void anotherAccountIsNotLockedOut() {
        TestAccount victim = network.createAccount("victim");
        TestAccount bystander = network.createAccount("bystander");
        for (int i = 0; i < MAX_FAILURES_PER_ACCOUNT; i++) {
            assertNotAuthorized(XmppTestClient.failedLogin(server, victim.handle(), "guess-" + i));
        }

        assertBindsDidJid(server, bystander.handle(), bystander.appPassword(), bystander);
    }

    @Test
    void parallelColdLoginsOfOneAccountMakeOnePdsCall() throws Exception {
        TestAccount crowd = network.createAccount("crowd");
        network.resetCounts();
        ExecutorService clients = Executors.newFixedThreadPool(PARALLEL_LOGINS);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<String>> boundJids = new ArrayList<>();
            for (int i = 0; i < PARALLEL_LOGINS; i++) {
                boundJids.add(clients.submit(() -> {
                    go.await();
                    try (XmppTestClient client = XmppTestClient.login(server, crowd.handle(), crowd.appPassword())) {
                        return client.jid().asBareJid().toString();
                    }
                }));
            }

            go.countDown();

            for (Future<String> boundJid : boundJids) {
                assertThat(boundJid.get(60, TimeUnit.SECONDS)).isEqualTo(bareJid(crowd));
            }
        } finally {
            clients.shutdownNow();
        }
        assertThat(network.createSessionCount()).isEqualTo(1);
    }
}
