package social.waddle.login;

import static org.assertj.core.api.Assertions.assertThat;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Instant;
import java.util.List;

import org.jivesoftware.smackx.commands.AdHocCommandManager;
import org.jivesoftware.smackx.commands.AdHocCommandNote;
import org.jivesoftware.smackx.commands.RemoteCommand;
import org.jivesoftware.smackx.xdata.form.FillableForm;
import org.jxmpp.jid.impl.JidCreate;

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

    /**
     * Openfire 5.x checks its lockout of the username before any provider runs, and a DID is not a JID localpart: the
     * plugin hands Openfire the DID-derived localpart instead.
     */
    @Test
    void aDidTypedAsTheUsernameLogsInWithAnAppPasswordOrAServiceAuthToken() {
        String token = network.serviceAuthToken(bob, SERVICE_DID, LXM, Instant.now().plusSeconds(60));

        assertBindsDidJid(bob.did(), bob.appPassword(), bob);
        assertBindsDidJid(bob.did(), token, bob);
        assertNotAuthorized(XmppTestClient.failedLogin(server, bob.did(), "not-the-password"));
    }

    /** An admin's "disable account" (XEP-0133 §4.3 on 5.x) holds for the account whatever name is typed for it. */
    @Test
    void anAccountDisabledByTheAdminIsRefusedByDidHandleAndLocalpart() throws Exception {
        assumeTrue(server.isOpenfire5(), "Openfire 4.2.0 has no disable-user command");
        TestAccount dora = network.createAccount("dora");
        assertBindsDidJid(dora.handle(), dora.appPassword(), dora);

        try (XmppTestClient admin = XmppTestClient.login(server, server.adminUsername(), server.adminPassword())) {
            RemoteCommand disable = AdHocCommandManager.getAddHocCommandsManager(admin.connection())
                    .getRemoteCommand(JidCreate.from(DOMAIN), "http://jabber.org/protocol/admin#disable-user");
            disable.execute();
            FillableForm form = new FillableForm(disable.getForm());
            form.setAnswer("accountjids", List.of(localpart(dora) + "@" + DOMAIN));
            disable.complete(form);
            assertThat(disable.getNotes()).noneMatch(note -> note.getType() == AdHocCommandNote.Type.error);
        }

        assertNotAuthorized(XmppTestClient.failedLogin(server, dora.did(), dora.appPassword()));
        assertNotAuthorized(XmppTestClient.failedLogin(server, dora.handle(), dora.appPassword()));
        assertNotAuthorized(XmppTestClient.failedLogin(server, localpart(dora), dora.appPassword()));
        assertBindsDidJid(alice.did(), alice.appPassword(), alice);
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
