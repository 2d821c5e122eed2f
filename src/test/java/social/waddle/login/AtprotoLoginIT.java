package social.waddle.login;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import social.waddle.openfire.cache.OpenfireCacheCredentialStore;
import social.waddle.openfire.cache.OpenfireCacheReplayCache;
import social.waddle.testbed.atproto.AtprotoNetwork;
import social.waddle.testbed.atproto.AtprotoNetworkExtension;
import social.waddle.testbed.atproto.TestAccount;
import social.waddle.testbed.openfire.OpenfireServer;
import social.waddle.testbed.openfire.ServerLog;
import social.waddle.testbed.openfire.XmppTestClient;

/** Logging in with Bluesky identities from a real XMPP client (Smack) to a real Openfire, against a real PDS and PLC. */
@ExtendWith(AtprotoNetworkExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AtprotoLoginIT {

    static final String DOMAIN = LoginTestSupport.DOMAIN;
    static final String SERVICE_DID = LoginTestSupport.SERVICE_DID;
    static final String LXM = LoginTestSupport.LXM;

    private AtprotoNetwork network;
    private OpenfireServer server;
    private TestAccount alice;
    private TestAccount bob;

    @BeforeAll
    void start(AtprotoNetwork atprotoNetwork) {
        network = atprotoNetwork;
        alice = network.createAccount("alice");
        bob = network.createAccount("bob");
        server = OpenfireServer.start(OpenfireServer.Options.defaults().label("login").domain(DOMAIN)
                .properties(LoginTestSupport.pluginSettings(network)));
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static String localpart(TestAccount account) {
        return account.did().substring("did:plc:".length());
    }

    private void assertBindsDidJid(String username, String password, TestAccount account) {
        try (XmppTestClient client = XmppTestClient.login(server, username, password)) {
            assertThat(client.jid().asBareJid().toString()).isEqualTo(localpart(account) + "@" + DOMAIN);
        }
    }

    @Test
    void handleAndAppPasswordBindTheDidDerivedJid() {
        assertBindsDidJid(alice.handle(), alice.appPassword(), alice);
    }

    @Test
    void mainPasswordDidAndLocalpartAllWork() {
        assertBindsDidJid(alice.handle(), alice.password(), alice);
        assertBindsDidJid(alice.did(), alice.appPassword(), alice);
        assertBindsDidJid(localpart(alice), alice.appPassword(), alice);
    }

    @Test
    void serviceAuthTokenMintedByThePdsLogsIn() {
        String token = network.serviceAuthToken(bob, SERVICE_DID, LXM, Instant.now().plusSeconds(60));

        assertBindsDidJid(bob.handle(), token, bob);
    }

    @Test
    void aReplayedTokenIsRefused() {
        String token = network.serviceAuthToken(bob, SERVICE_DID, LXM, Instant.now().plusSeconds(60));
        assertBindsDidJid(bob.handle(), token, bob);

        assertNotAuthorized(XmppTestClient.failedLogin(server, bob.handle(), token));
    }

    @Test
    void tokensForAnotherAudienceOrSignedByAnotherAccountAreRefused() {
        String otherAudience = network.serviceAuthToken(bob, "did:web:elsewhere.test", LXM, Instant.now().plusSeconds(60));
        String alicesToken = network.serviceAuthToken(alice, SERVICE_DID, LXM, Instant.now().plusSeconds(60));

        assertNotAuthorized(XmppTestClient.failedLogin(server, bob.handle(), otherAudience));
        assertNotAuthorized(XmppTestClient.failedLogin(server, bob.handle(), alicesToken));
    }

    @Test
    void wrongPasswordAndUnknownHandleAreRefused() {
        assertNotAuthorized(XmppTestClient.failedLogin(server, alice.handle(), "not-the-password"));
        assertNotAuthorized(XmppTestClient.failedLogin(server, "nobody-here.test", "whatever-password"));
    }

    @Test
    void theLocalAdminStillLogsIn() {
        try (XmppTestClient admin = XmppTestClient.login(server, server.adminUsername(), server.adminPassword())) {
            assertThat(admin.jid().getLocalpartOrNull().toString()).isEqualTo(server.adminUsername());
        }
    }

    @Test
    void reLoginsWithinTheCacheTimeCauseNoPdsCall() {
        assertBindsDidJid(alice.handle(), alice.appPassword(), alice);
        network.resetCounts();

        for (int i = 0; i < 10; i++) {
            assertBindsDidJid(alice.handle(), alice.appPassword(), alice);
        }

        assertThat(network.createSessionCount()).isZero();
    }

    @Test
    void rememberedChecksAndUsedTokenIdsLiveInOpenfiresNamedCaches() {
        String serverLog = server.log().since(new ServerLog.Mark(0));

        assertThat(serverLog).contains("Created cache [").contains("] for " + OpenfireCacheCredentialStore.CACHE_NAME)
                .contains("] for " + OpenfireCacheReplayCache.CACHE_NAME);
    }

    static void assertNotAuthorized(Exception failure) {
        LoginTestSupport.assertNotAuthorized(failure);
    }
}
