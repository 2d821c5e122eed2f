package social.waddle.openfire.muc;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.dom4j.DocumentHelper;
import org.dom4j.Element;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xmpp.component.IQResultListener;
import org.xmpp.packet.IQ;
import org.xmpp.packet.JID;
import org.xmpp.packet.PacketError;

import social.waddle.atproto.AtprotoException;
import social.waddle.atproto.syntax.Did;
import social.waddle.community.ChannelKind;
import social.waddle.community.ChannelSlug;
import social.waddle.community.JdbcWaddleRepository;
import social.waddle.community.Visibility;
import social.waddle.community.WaddleException;
import social.waddle.community.WaddleService;
import social.waddle.community.WaddleSlug;
import social.waddle.database.DatabaseScripts;

/** Bookmark stanzas, and {@link BookmarkSync} against a PEP service that behaves as Openfire 5.x or 4.2.0. */
class BookmarkSyncTest {

    private static final String DOMAIN = "example.com";
    private static final String MUC = "conference.example.com";
    private static final WaddleSlug PENGUINS = new WaddleSlug("penguins");
    private static final Did OWNER = did('o');
    private static final Did MEMBER = did('m');
    private static final JID MEMBER_JID = new JID("mmmmmmmmmmmmmmmmmmmmmmmm", DOMAIN, null);

    private final FakePep pep = new FakePep();
    private Connection keepAlive;
    private WaddleService waddles;
    private BookmarkSync bookmarks;

    @BeforeEach
    void start() throws SQLException, WaddleException {
        String url = "jdbc:hsqldb:mem:bookmarks-" + UUID.randomUUID();
        keepAlive = DriverManager.getConnection(url, "SA", "");
        DatabaseScripts.createOpenfireVersionTable(keepAlive);
        DatabaseScripts.run(keepAlive, DatabaseScripts.install("hsqldb"));
        waddles = new WaddleService(new JdbcWaddleRepository(() -> DriverManager.getConnection(url, "SA", "")),
                Clock.systemUTC());
        waddles.createWaddle(OWNER, PENGUINS, "Penguins", "", Visibility.PUBLIC);
        waddles.addChannel(OWNER, PENGUINS, new ChannelSlug("fish"), "Fish", "", ChannelKind.TEXT);
        bookmarks = new BookmarkSync(waddles, pep, Runnable::run, DOMAIN, MUC,
                did -> did.equals(MEMBER) ? Optional.of("bob.test") : Optional.empty(), Duration.ofSeconds(2));
        waddles.addListener(bookmarks);
    }

    @AfterEach
    void stop() throws SQLException {
        try (Statement statement = keepAlive.createStatement()) {
            statement.execute("SHUTDOWN");
        }
    }

    @Test
    void aPublishIsTheUsersOwnPepRequestWithTheXep0402ItemAndPublishOptions() {
        IQ publish = ChannelBookmarks.publish(new JID("bob", DOMAIN, "phone"),
                new ChannelBookmarks.Bookmark("general~penguins@" + MUC, "Penguins · General", "bob.test"), true);

        assertThat(publish.getType()).isEqualTo(IQ.Type.set);
        assertThat(publish.getTo()).as("to the user's own PEP service").isNull();
        assertThat(publish.getFrom()).isEqualTo(new JID("bob", DOMAIN, null));
        Element pubsub = publish.getChildElement();
        assertThat(pubsub.getNamespaceURI()).isEqualTo("http://jabber.org/protocol/pubsub");
        Element item = pubsub.element("publish").element("item");
        assertThat(pubsub.element("publish").attributeValue("node")).isEqualTo("urn:xmpp:bookmarks:1");
        assertThat(item.attributeValue("id")).isEqualTo("general~penguins@" + MUC);
        Element conference = item.element("conference");
        assertThat(conference.getNamespaceURI()).isEqualTo("urn:xmpp:bookmarks:1");
        assertThat(conference.attributeValue("name")).isEqualTo("Penguins · General");
        assertThat(conference.attributeValue("autojoin")).isEqualTo("true");
        assertThat(conference.elementText("nick")).isEqualTo("bob.test");
        assertThat(Stanzas.fieldValues(Stanzas.dataForm(pubsub.element("publish-options")))).containsExactly(
                Map.entry("FORM_TYPE", List.of("http://jabber.org/protocol/pubsub#publish-options")),
                Map.entry("pubsub#persist_items", List.of("true")),
                Map.entry("pubsub#max_items", List.of("max")),
                Map.entry("pubsub#send_last_published_item", List.of("never")),
                Map.entry("pubsub#access_model", List.of("whitelist")));
    }

    @Test
    void aRetractNamesTheRoomItem() {
        IQ retract = ChannelBookmarks.retract(MEMBER_JID, "general~penguins@" + MUC);

        Element element = retract.getChildElement().element("retract");
        assertThat(element.attributeValue("node")).isEqualTo("urn:xmpp:bookmarks:1");
        assertThat(element.attributeValue("notify")).isEqualTo("true");
        assertThat(element.element("item").attributeValue("id")).isEqualTo("general~penguins@" + MUC);
    }

    @Test
    void aNewMemberGetsABookmarkOfEveryChannel() throws WaddleException {
        waddles.join(MEMBER, PENGUINS);

        assertThat(pep.items(MEMBER_JID)).containsOnlyKeys("general~penguins@" + MUC, "fish~penguins@" + MUC);
        assertThat(pep.items(MEMBER_JID).get("fish~penguins@" + MUC).attributeValue("name")).isEqualTo("Penguins · Fish");
        assertThat(pep.configuredBy).as("options applied when the node was created").isEmpty();
    }

    @Test
    void onAServerIgnoringPublishOptionsTheNodeIsConfiguredAndTheMissingItemsPublishedAgain() throws WaddleException {
        pep.ignoresPublishOptions = true;

        waddles.join(MEMBER, PENGUINS);

        assertThat(pep.items(MEMBER_JID)).containsOnlyKeys("general~penguins@" + MUC, "fish~penguins@" + MUC);
        assertThat(pep.configuredBy).containsExactly(MEMBER_JID);
    }

    @Test
    void leavingRetractsTheWaddlesBookmarksButNoOthers() throws WaddleException {
        waddles.join(MEMBER, PENGUINS);
        pep.put(MEMBER_JID, "lobby@" + MUC);

        waddles.leave(MEMBER, PENGUINS);

        assertThat(pep.items(MEMBER_JID)).containsOnlyKeys("lobby@" + MUC);
    }

    @Test
    void onAServerCachingItemsAcrossUsersLeavingStillRetractsEveryBookmark() throws WaddleException {
        pep.ignoresPublishOptions = true;
        pep.cachesItemsAcrossUsers = true;
        waddles.join(MEMBER, PENGUINS);
        waddles.join(did('x'), PENGUINS);

        waddles.leave(MEMBER, PENGUINS);

        assertThat(pep.items(MEMBER_JID)).isEmpty();
        assertThat(pep.items(new JID("xxxxxxxxxxxxxxxxxxxxxxxx", DOMAIN, null)))
                .containsOnlyKeys("general~penguins@" + MUC, "fish~penguins@" + MUC);
    }

    @Test
    void aLoginPublishesWhatIsMissingAndRetractsChannelsOfWaddlesLeft() throws WaddleException {
        pep.unknownUsers.add(MEMBER_JID);
        waddles.join(MEMBER, PENGUINS);
        assertThat(pep.items(MEMBER_JID)).as("no PEP service before the first login").isEmpty();
        pep.unknownUsers.clear();
        pep.put(MEMBER_JID, "lobby@" + MUC);
        pep.put(MEMBER_JID, "general~gone@" + MUC);

        bookmarks.userOnline(MEMBER_JID + "/phone");

        assertThat(pep.items(MEMBER_JID)).containsOnlyKeys("lobby@" + MUC, "general~penguins@" + MUC,
                "fish~penguins@" + MUC);
    }

    @Test
    void usersOfOtherDomainsAndLocalAccountsAreLeftAlone() {
        bookmarks.userOnline("admin@" + DOMAIN + "/console");
        bookmarks.userOnline("mmmmmmmmmmmmmmmmmmmmmmmm@elsewhere.org/phone");

        assertThat(pep.requests).isEmpty();
    }

    // ---- helpers

    private static Did did(char letter) {
        try {
            return Did.parse("did:plc:" + String.valueOf(letter).repeat(24));
        } catch (AtprotoException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /**
     * One XEP-0402 node per user, as Openfire's PEP answers requests a user sends to their own service: 5.x applies
     * publish-options to a new node; 4.2.0 ignores them and keeps one item until the node is configured, and (when
     * {@code cachesItemsAcrossUsers}) looks a retracted item up in one cache for all users, keyed by item id, after
     * the node's last published item: an item another user published last under that id cannot be retracted.
     */
    private static final class FakePep implements ServerIqRoute {
        final Map<JID, Map<String, Element>> nodes = new HashMap<>();
        final Map<JID, Boolean> roomy = new HashMap<>();
        final List<JID> configuredBy = new ArrayList<>();
        final List<JID> unknownUsers = new ArrayList<>();
        final List<IQ> requests = new ArrayList<>();
        final Map<String, JID> itemCache = new HashMap<>();
        final Map<JID, String> lastPublished = new HashMap<>();
        boolean ignoresPublishOptions;
        boolean cachesItemsAcrossUsers;

        Map<String, Element> items(JID user) {
            return nodes.getOrDefault(user, Map.of());
        }

        void put(JID user, String roomJid) {
            roomy.put(user, true);
            nodes.computeIfAbsent(user, any -> new LinkedHashMap<>()).put(roomJid,
                    DocumentHelper.createElement("conference"));
        }

        @Override
        public void route(IQ request, IQResultListener answer, Duration timeout) {
            requests.add(request);
            answer.receivedAnswer(handle(request));
        }

        private IQ handle(IQ request) {
            JID user = request.getFrom();
            IQ reply = IQ.createResultIQ(request);
            if (unknownUsers.contains(user)) {
                reply.setError(PacketError.Condition.not_allowed);
                return reply;
            }
            Element pubsub = request.getChildElement();
            Map<String, Element> node = nodes.get(user);
            if (pubsub.element("publish") != null) {
                if (node == null) {
                    node = new LinkedHashMap<>();
                    nodes.put(user, node);
                    roomy.put(user, !ignoresPublishOptions && pubsub.element("publish-options") != null);
                }
                Element item = pubsub.element("publish").element("item");
                if (!roomy.get(user)) {
                    node.clear();
                }
                node.put(item.attributeValue("id"), item.element("conference").createCopy());
                lastPublished.put(user, item.attributeValue("id"));
                itemCache.put(item.attributeValue("id"), user);
            } else if (pubsub.element("retract") != null) {
                String id = pubsub.element("retract").element("item").attributeValue("id");
                boolean ownLast = id.equals(lastPublished.get(user));
                if (cachesItemsAcrossUsers && !ownLast && itemCache.containsKey(id) && !user.equals(itemCache.get(id))) {
                    reply.setError(PacketError.Condition.forbidden);
                    return reply;
                }
                if (node != null) {
                    node.remove(id);
                }
                itemCache.remove(id);
                if (ownLast) {
                    lastPublished.remove(user);
                }
            } else if (pubsub.element("items") != null) {
                if (node == null) {
                    reply.setError(PacketError.Condition.item_not_found);
                    return reply;
                }
                Element items = reply.setChildElement("pubsub", ChannelBookmarks.PUBSUB).addElement("items");
                node.keySet().forEach(id -> items.addElement("item").addAttribute("id", id));
            } else if (pubsub.element("configure") != null) {
                configuredBy.add(user);
                roomy.put(user, true);
            }
            return reply;
        }
    }
}
