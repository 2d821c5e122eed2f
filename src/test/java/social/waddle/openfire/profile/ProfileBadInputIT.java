package social.waddle.openfire.profile;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import org.jivesoftware.smackx.vcardtemp.packet.VCard;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.jxmpp.jid.EntityBareJid;

import com.fasterxml.jackson.databind.node.ObjectNode;

import social.waddle.settings.WaddleSettings;
import social.waddle.testbed.Await;
import social.waddle.testbed.LocalNetworkSettings;
import social.waddle.testbed.atproto.AtprotoNetwork;
import social.waddle.testbed.atproto.AtprotoNetworkExtension;
import social.waddle.testbed.atproto.PdsFaultProxy;
import social.waddle.testbed.atproto.PdsFaultProxy.Fault;
import social.waddle.testbed.atproto.TestAccount;
import social.waddle.testbed.openfire.OpenfireConsoleClient;
import social.waddle.testbed.openfire.OpenfireServer;
import social.waddle.testbed.openfire.ServerLog;
import social.waddle.testbed.openfire.XmppTestClient;

/**
 * Bad profiles and bad PDS answers on a real Openfire (5.1.1 when the test bed is given it) and the real PDS: each
 * gets a clear line in the server's log, clients read a whole vCard (the last published profile, or the handle alone),
 * and the login that started the fetch does not wait for it.
 *
 * <p>Records are written with the PDS's own XRPC ({@code validate: false} where the lexicon would refuse them, as any
 * client may). What the PDS itself cannot produce goes through {@link PdsFaultProxy}, a loopback front the accounts'
 * DID documents point to (the plugin reads them through its PLC side): a 10 MB avatar (the PDS caps uploads at 5 MB),
 * a record answer held for 30 s, and garbage instead of JSON. All other calls pass through to the real PDS.
 */
@ExtendWith(AtprotoNetworkExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProfileBadInputIT {

    private static final String DOMAIN = "badprofiles.test";
    private static final Duration FOLLOWS = Duration.ofSeconds(45);
    /** What the plugin waits for one PDS answer here (the default is 10 s); the slow front holds answers 30 s. */
    private static final Duration HTTP_TIMEOUT = Duration.ofSeconds(12);
    /**
     * "Well within the slow delay": a login that waited for the profile would take at least the HTTP timeout (the
     * fetch gives up then) and at most the 30 s delay; a first login here takes about a second, more on a busy machine.
     */
    private static final Duration QUICK_LOGIN = HTTP_TIMEOUT.dividedBy(2);

    private AtprotoNetwork network;
    private ProfileFixtures fixtures;
    private PdsFaultProxy front;
    private OpenfireServer server;
    private TestAccount reader;

    @BeforeAll
    void start(AtprotoNetwork atprotoNetwork) {
        network = atprotoNetwork;
        fixtures = new ProfileFixtures(network);
        front = PdsFaultProxy.start(network);
        Map<String, String> properties = new HashMap<>(LocalNetworkSettings.forPlugin(network, "did:web:" + DOMAIN));
        properties.put("waddle.identity.plcDirectory", front.plcUrl().toString());
        properties.put(WaddleSettings.HTTP_TOTAL_TIMEOUT.key(), HTTP_TIMEOUT.toSeconds() + "s");
        server = OpenfireServer.start(OpenfireServer.Options.defaults().label("bad-profiles").domain(DOMAIN)
                .properties(properties));
        reader = network.createAccount("readerb");
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
        if (front != null) {
            front.close();
        }
    }

    @Test
    void aTenMegabyteAvatarIsLeftOutWhetherTheRecordSaysSoOrTheBlobIsBiggerThanItSays() {
        TestAccount declared = network.createAccount("bigdeclared");
        fixtures.setProfile(declared, "Declared Big", "", ProfileFixtures.png(Color.RED));
        front.fault(declared.did(), Fault.HUGE_DECLARED_AVATAR);
        TestAccount lying = network.createAccount("biglying");
        fixtures.setProfile(lying, "Lying Big", "", ProfileFixtures.png(Color.RED));
        front.fault(lying.did(), Fault.HUGE_AVATAR_BLOB);

        ServerLog.Mark mark = server.log().mark();
        quickFirstLogin(declared);
        quickFirstLogin(lying);

        awaitLogLine(mark, declared, "the avatar has " + PdsFaultProxy.TEN_MEGABYTES + " bytes, more than the limit of 1000000; left out");
        awaitLogLine(mark, lying, "the avatar blob is larger than the limit of 1000000 bytes; left out");
        assertThat(front.calls("com.atproto.sync.getBlob", declared.did())).as("a declared 10 MB avatar is not downloaded")
                .isZero();
        assertWholeVCardWithoutPhoto(declared, "Declared Big");
        assertWholeVCardWithoutPhoto(lying, "Lying Big");
    }

    @Test
    void aBlobThatIsNotAnImageIsLeftOutByItsDeclaredTypeAndByItsBytes() {
        byte[] text = "just some text, not an image\n".repeat(4).getBytes(StandardCharsets.US_ASCII);
        TestAccount declaredText = network.createAccount("textavatar");
        ObjectNode record = profileRecord("Text Avatar");
        record.set("avatar", fixtures.uploadBlob(declaredText, text, "text/plain"));
        fixtures.putProfile(declaredText, record, false);
        TestAccount claimedPng = network.createAccount("fakepng");
        ObjectNode claimed = profileRecord("Fake Png");
        // Bytes without any image signature uploaded as image/png: the PDS keeps the declared type.
        claimed.set("avatar", fixtures.uploadBlob(claimedPng, text, "image/png"));
        assertThat(claimed.path("avatar").path("mimeType").asText()).isEqualTo("image/png");
        fixtures.putProfile(claimedPng, claimed, true);

        ServerLog.Mark mark = server.log().mark();
        quickFirstLogin(declaredText);
        quickFirstLogin(claimedPng);

        awaitLogLine(mark, declaredText, "the avatar is declared as 'text/plain', not an image type; left out");
        awaitLogLine(mark, claimedPng, "the avatar blob (" + text.length + " bytes) is not a PNG, JPEG, GIF or WebP image; left out");
        assertThat(front.calls("com.atproto.sync.getBlob", declaredText.did())).isZero();
        assertWholeVCardWithoutPhoto(declaredText, "Text Avatar");
        assertWholeVCardWithoutPhoto(claimedPng, "Fake Png");
    }

    @Test
    void anAccountWithoutAProfileRecordIsShownByItsHandle() {
        TestAccount bare = network.createAccount("norecord");

        ServerLog.Mark mark = server.log().mark();
        quickFirstLogin(bare);

        awaitLogLine(mark, bare, "its PDS has no app.bsky.actor.profile record 'self'; shown by handle");
        assertWholeVCardWithoutPhoto(bare, bare.handle());
    }

    @Test
    void aMalformedRecordKeepsItsValidPartsAndLeavesOutTheRest() {
        TestAccount malformed = network.createAccount("malformed");
        ObjectNode record = ProfileFixtures.JSON.createObjectNode().put("$type", "app.bsky.actor.profile")
                .put("displayName", 42).put("description", "Still readable");
        record.put("avatar", "not-a-blob-reference");
        fixtures.putProfile(malformed, record, false);

        ServerLog.Mark mark = server.log().mark();
        quickFirstLogin(malformed);

        awaitLogLine(mark, malformed,
                "read with parts left out: field 'displayName' is not a string; left out; the avatar is not a blob reference; left out");
        VCard vCard = assertWholeVCardWithoutPhoto(malformed, malformed.handle());
        assertThat(vCard.getField("DESC")).isEqualTo("Still readable");
    }

    @Test
    void aSlowPdsDoesNotHoldTheLoginAndClientsGetTheHandleUntilItAnswers() {
        TestAccount slow = network.createAccount("slowpds");
        fixtures.setProfile(slow, "Slow Profile", "", ProfileFixtures.png(Color.GREEN));
        front.fault(slow.did(), Fault.SLOW);

        ServerLog.Mark mark = server.log().mark();
        quickFirstLogin(slow);

        awaitLogLine(mark, slow, "not refreshed, the last one stays: reading the profile failed:");
        assertThat(server.log().firstLineSince(mark, "Profile of " + slow.did() + " (")).hasValueSatisfying(
                line -> assertThat(line).contains("timeout"));
        assertWholeVCardWithoutPhoto(slow, slow.handle());
    }

    @Test
    void aPdsThatAnswersGarbageOrSlowlyLeavesTheLastProfileInPlace() throws Exception {
        Assumptions.assumeTrue(server.isOpenfire5(), "the console's refresh action needs the admin console of 5.x");
        TestAccount account = network.createAccount("garbagepds");
        byte[] png = ProfileFixtures.png(Color.MAGENTA);
        fixtures.setProfile(account, "Before Garbage", "", png);
        quickFirstLogin(account);
        EntityBareJid jid = ProfileFixtures.jidOf(account, DOMAIN);
        try (XmppTestClient client = XmppTestClient.login(server, reader.handle(), reader.appPassword())) {
            ProfileFixtures.awaitVCard(client, jid, card -> "Before Garbage".equals(card.getField("FN")), FOLLOWS);
        }
        OpenfireConsoleClient console = OpenfireConsoleClient.login(server);

        front.fault(account.did(), Fault.GARBAGE);
        ServerLog.Mark garbage = server.log().mark();
        refreshFromTheConsole(console, account);
        awaitLogLine(garbage, account, "not refreshed, the last one stays: reading the profile failed:");
        assertLastProfileStays(jid, png);

        front.fault(account.did(), Fault.SLOW);
        ServerLog.Mark slow = server.log().mark();
        refreshFromTheConsole(console, account);
        Await.until("the refresh to be waiting for the slow PDS", FOLLOWS,
                () -> front.calls("com.atproto.repo.getRecord", account.did()) >= 3);
        timedLogin(account).close();
        awaitLogLine(slow, account, "not refreshed, the last one stays: reading the profile failed:");
        assertLastProfileStays(jid, png);
        assertThat(console.get("plugins/waddle/waddle-accounts?did=" + account.did()).body())
                .contains("Before Garbage").contains("reading the profile failed");
    }

    // ---- helpers

    private static ObjectNode profileRecord(String displayName) {
        return ProfileFixtures.JSON.createObjectNode().put("$type", "app.bsky.actor.profile").put("displayName", displayName);
    }

    /** The account's first login, which queues its profile fetch; it must not wait for that fetch. */
    private void quickFirstLogin(TestAccount account) {
        timedLogin(account).close();
    }

    private XmppTestClient timedLogin(TestAccount account) {
        long start = System.nanoTime();
        XmppTestClient client = XmppTestClient.login(server, account.handle(), account.appPassword());
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(took).as("the login of %s", account.handle()).isLessThan(QUICK_LOGIN);
        return client;
    }

    private void awaitLogLine(ServerLog.Mark mark, TestAccount account, String fragment) {
        Await.until("a log line about the profile of " + account.handle() + ": " + fragment, FOLLOWS,
                () -> server.log().since(mark).lines()
                        .anyMatch(line -> line.contains("Profile of " + account.did()) && line.contains(fragment)));
    }

    private VCard assertWholeVCardWithoutPhoto(TestAccount account, String fullName) {
        EntityBareJid jid = ProfileFixtures.jidOf(account, DOMAIN);
        try (XmppTestClient client = XmppTestClient.login(server, reader.handle(), reader.appPassword())) {
            VCard vCard = ProfileFixtures.awaitVCard(client, jid, card -> fullName.equals(card.getField("FN")), FOLLOWS);
            assertThat(vCard.getNickName()).isEqualTo(account.handle());
            assertThat(vCard.getJabberId()).isEqualTo(jid.toString());
            assertThat(Optional.ofNullable(vCard.getAvatar())).isEmpty();
            return vCard;
        }
    }

    private void assertLastProfileStays(EntityBareJid jid, byte[] png) {
        try (XmppTestClient client = XmppTestClient.login(server, reader.handle(), reader.appPassword())) {
            VCard vCard = ProfileFixtures.awaitVCard(client, jid, card -> true, FOLLOWS);
            assertThat(vCard.getField("FN")).isEqualTo("Before Garbage");
            assertThat(vCard.getAvatar()).isEqualTo(png);
        }
    }

    /** The account page's "Refresh profile" button, as an admin presses it. */
    private static void refreshFromTheConsole(OpenfireConsoleClient console, TestAccount account) throws Exception {
        String page = "plugins/waddle/waddle-accounts";
        String csrf = console.get(page + "?did=" + account.did()).csrfField();
        OpenfireConsoleClient.Response refreshed = console.postForm(page, "csrf", csrf, "did", account.did(),
                "action", "refreshProfile");
        assertThat(refreshed.status()).as(refreshed.body()).isEqualTo(303);
    }
}
