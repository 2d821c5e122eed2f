package social.waddle.openfire.profile;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jivesoftware.smack.filter.StanzaTypeFilter;
import org.jivesoftware.smack.packet.IQ;
import org.jivesoftware.smack.packet.NamedElement;
import org.jivesoftware.smack.packet.Presence;
import org.jivesoftware.smackx.pubsub.Item;
import org.jivesoftware.smackx.pubsub.ItemsExtension;
import org.jivesoftware.smackx.pubsub.PayloadItem;
import org.jivesoftware.smackx.pubsub.PubSubElementType;
import org.jivesoftware.smackx.pubsub.packet.PubSub;
import org.jivesoftware.smackx.vcardtemp.VCardManager;
import org.jivesoftware.smackx.vcardtemp.packet.VCard;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.impl.JidCreate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import social.waddle.atproto.identity.JidLocalpart;
import social.waddle.atproto.profile.Avatar;
import social.waddle.atproto.syntax.Did;
import social.waddle.settings.WaddleSettings;
import social.waddle.testbed.Await;
import social.waddle.testbed.LocalNetworkSettings;
import social.waddle.testbed.atproto.AtprotoNetwork;
import social.waddle.testbed.atproto.AtprotoNetworkExtension;
import social.waddle.testbed.atproto.TestAccount;
import social.waddle.testbed.openfire.OpenfireServer;
import social.waddle.testbed.openfire.XmppTestClient;

/**
 * Bluesky profiles as XMPP clients see them, on a real Openfire (5.x when the test bed is given a distribution) and a
 * real PDS: the profile and avatar are set with the PDS's own XRPC ({@code uploadBlob} + {@code putRecord}), the
 * account logs in, and another user reads its vCard, PEP avatar and nickname and the avatar hash of its presence;
 * then the profile and the handle change on the PDS and clients follow, under the same JID.
 */
@ExtendWith(AtprotoNetworkExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BlueskyProfilesIT {

    private static final String DOMAIN = "profiles.test";
    private static final Duration FOLLOWS = Duration.ofSeconds(30);
    /** The re-check runs every minute and takes accounts resolved more than a minute ago. */
    private static final Duration HANDLE_FOLLOWS = Duration.ofMinutes(4);
    private static final ObjectMapper JSON = new ObjectMapper();

    private AtprotoNetwork network;
    private ProfileFixtures fixtures;
    private OpenfireServer server;
    private TestAccount alice;
    private TestAccount bob;

    @BeforeAll
    void start(AtprotoNetwork atprotoNetwork) {
        network = atprotoNetwork;
        fixtures = new ProfileFixtures(network);
        alice = network.createAccount("alicep");
        bob = network.createAccount("bobp");
        Map<String, String> properties = new HashMap<>(LocalNetworkSettings.forPlugin(network, "did:web:" + DOMAIN));
        properties.put(WaddleSettings.PROFILE_REFRESH_INTERVAL.key(), "1m");
        properties.put(WaddleSettings.HANDLE_RECHECK_INTERVAL.key(), "1m");
        server = OpenfireServer.start(OpenfireServer.Options.defaults().label("profiles").domain(DOMAIN)
                .properties(properties));
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aBlueskyProfileBecomesVCardPepAvatarNickAndPresenceHashAndFollowsChanges() throws Exception {
        byte[] png = png(Color.ORANGE);
        setProfile(alice, "Alice Profile", "Penguin fan", png);
        EntityBareJid aliceJid = JidCreate.entityBareFrom(JidLocalpart.toLocalpart(Did.parse(alice.did())) + "@" + DOMAIN);

        try (XmppTestClient aliceClient = XmppTestClient.login(server, alice.handle(), alice.appPassword());
             XmppTestClient bobClient = XmppTestClient.login(server, bob.handle(), bob.appPassword())) {
            assertThat(aliceClient.jid().asBareJid().toString()).isEqualTo(aliceJid.toString());

            // vCard-temp (XEP-0054): name, handle, photo, profile URL.
            VCard vCard = awaitVCard(bobClient, aliceJid, card -> "Alice Profile".equals(card.getField("FN")));
            assertThat(vCard.getNickName()).isEqualTo(alice.handle());
            assertThat(vCard.getAvatar()).isEqualTo(png);
            assertThat(vCard.getField("URL")).isEqualTo("https://bsky.app/profile/" + alice.did());
            assertThat(vCard.getField("DESC")).isEqualTo("Penguin fan");

            // User Avatar and User Nickname in PEP (XEP-0084, XEP-0172), readable by another user.
            String sha1 = Avatar.sha1Hex(png);
            String data = payloadOf(bobClient, aliceJid, PepPublisher.AVATAR_DATA);
            assertThat(data).contains("id='" + sha1 + "'").doesNotContain("<error");
            assertThat(Base64.getDecoder().decode(between(data, "<data xmlns='urn:xmpp:avatar:data'>", "</data>")))
                    .isEqualTo(png);
            assertThat(payloadOf(bobClient, aliceJid, PepPublisher.AVATAR_METADATA))
                    .contains("id='" + sha1 + "'", "type='image/png'", "bytes='" + png.length + "'", "width='8'");
            assertThat(payloadOf(bobClient, aliceJid, PepPublisher.NICK)).contains(">" + alice.handle() + "</nick>");

            // The vCard avatar hash (XEP-0153) in a presence Alice sends.
            List<Presence> seen = new CopyOnWriteArrayList<>();
            bobClient.connection().addAsyncStanzaListener(stanza -> seen.add((Presence) stanza), StanzaTypeFilter.PRESENCE);
            aliceClient.connection().sendStanza(aliceClient.connection().getStanzaFactory().buildPresenceStanza()
                    .to(bobClient.jid()).build());
            Await.until("Bob sees Alice's presence with her avatar hash", FOLLOWS, () -> seen.stream()
                    .anyMatch(presence -> presence.toXML().toString().contains("<photo>" + sha1 + "</photo>")));

            // A vCard edit from a client is refused: the vCard is the Bluesky profile's.
            VCard edited = VCardManager.getInstanceFor(aliceClient.connection()).loadVCard();
            edited.setNickName("not-alice");
            assertThat(org.assertj.core.api.Assertions.catchThrowable(
                    () -> VCardManager.getInstanceFor(aliceClient.connection()).saveVCard(edited))).isNotNull();
        }

        // The profile changes on the PDS; after the refresh interval the next login publishes it.
        setProfile(alice, "Alice Renamed", "Penguin fan", png);
        long changedAt = System.nanoTime();
        try (XmppTestClient bobClient = XmppTestClient.login(server, bob.handle(), bob.appPassword())) {
            Await.until("the refresh interval to pass", Duration.ofMinutes(2),
                    () -> Duration.ofNanos(System.nanoTime() - changedAt).compareTo(Duration.ofSeconds(61)) > 0);
            try (XmppTestClient again = XmppTestClient.login(server, alice.handle(), alice.appPassword())) {
                awaitVCard(bobClient, aliceJid, card -> "Alice Renamed".equals(card.getField("FN")));
            }

            // The handle changes on the PDS and the PLC; the re-check publishes it under the same JID.
            String newHandle = "alicep-renamed.test";
            network.xrpcPost("com.atproto.identity.updateHandle", JSON.createObjectNode().put("handle", newHandle),
                    session(alice).path("accessJwt").asText());
            VCard renamed = awaitVCard(bobClient, aliceJid, card -> newHandle.equals(card.getNickName()), HANDLE_FOLLOWS);
            assertThat(renamed.getField("FN")).isEqualTo("Alice Renamed");
            assertThat(renamed.getAvatar()).isEqualTo(png);
            Await.until("the PEP nickname follows the handle", FOLLOWS,
                    () -> payloadOf(bobClient, aliceJid, PepPublisher.NICK).contains(">" + newHandle + "</nick>"));
            try (XmppTestClient renamedLogin = XmppTestClient.login(server, newHandle, alice.appPassword())) {
                assertThat(renamedLogin.jid().asBareJid().toString()).isEqualTo(aliceJid.toString());
            }
        }
    }

    @Test
    void reLoginsWithinTheRefreshIntervalMakeNoProfileCall() throws Exception {
        TestAccount carol = network.createAccount("carolp");
        setProfile(carol, "Carol", "", png(Color.BLUE));
        EntityBareJid carolJid = JidCreate.entityBareFrom(JidLocalpart.toLocalpart(Did.parse(carol.did())) + "@" + DOMAIN);
        try (XmppTestClient first = XmppTestClient.login(server, carol.handle(), carol.appPassword())) {
            awaitVCard(first, carolJid, card -> "Carol".equals(card.getField("FN")));
        }
        network.resetCounts();

        for (int i = 0; i < 20; i++) {
            XmppTestClient.login(server, carol.handle(), carol.appPassword()).close();
        }

        assertThat(network.xrpcCount("com.atproto.repo.getRecord")).isZero();
        assertThat(network.xrpcCount("com.atproto.sync.getBlob")).isZero();
        assertThat(network.xrpcCount(AtprotoNetwork.CREATE_SESSION)).isZero();
    }

    // ---- the PDS's own XRPC and what clients read (ProfileFixtures)

    private JsonNode session(TestAccount account) {
        return network.createSession(account.did(), account.password());
    }

    private void setProfile(TestAccount account, String displayName, String description, byte[] avatar) {
        fixtures.setProfile(account, displayName, description, avatar);
    }

    private static VCard awaitVCard(XmppTestClient client, EntityBareJid jid, java.util.function.Predicate<VCard> ready) {
        return ProfileFixtures.awaitVCard(client, jid, ready, FOLLOWS);
    }

    private static VCard awaitVCard(XmppTestClient client, EntityBareJid jid, java.util.function.Predicate<VCard> ready,
                                    Duration timeout) {
        return ProfileFixtures.awaitVCard(client, jid, ready, timeout);
    }

    /** The XML of the items of {@code node} in {@code user}'s PEP service, or of the error. */
    private static String payloadOf(XmppTestClient client, EntityBareJid user, String node) {
        try {
            PubSub request = PubSub.createPubsubPacket(user, IQ.Type.get,
                    new ItemsExtension(ItemsExtension.ItemsElementType.items, node, null));
            PubSub reply = client.connection().createStanzaCollectorAndSend(request).nextResultOrThrow();
            ItemsExtension items = reply.getExtension(PubSubElementType.ITEMS);
            StringBuilder xml = new StringBuilder();
            for (NamedElement item : items.getItems()) {
                xml.append("<item id='").append(((Item) item).getId()).append("'>");
                if (item instanceof PayloadItem<?> payload) {
                    xml.append(payload.getPayload().toXML());
                }
                xml.append("</item>");
            }
            return xml.toString().replace('"', '\'');
        } catch (Exception e) {
            return "<error>" + e + "</error>";
        }
    }

    private static String between(String text, String start, String end) {
        Matcher matcher = Pattern.compile(Pattern.quote(start) + "(.*?)" + Pattern.quote(end), Pattern.DOTALL).matcher(text);
        assertThat(matcher.find()).as("%s…%s in %s", start, end, text).isTrue();
        return matcher.group(1).trim();
    }

    private static byte[] png(Color color) {
        return ProfileFixtures.png(color);
    }
}
