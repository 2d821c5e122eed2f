package social.waddle.openfire.muc;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

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
import social.waddle.testbed.Await;

/**
 * Bookmark stanzas, and {@link BookmarkSync} against PEP and private storage that behave as Openfire 5.1.1, 4.2.0 or
 * a server taking XEP-0402's options as written.
 */
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
                new ChannelBookmarks.Bookmark("general~penguins@" + MUC, "Penguins · General", "bob.test"),
                ChannelBookmarks.NodeProfile.XEP_0402);

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
    void serversNotAnnouncingConfigNodeMaxGetANumberAndOnlyOptionsTheirNodeFormKnows() {
        IQ publish = ChannelBookmarks.publish(MEMBER_JID,
                new ChannelBookmarks.Bookmark("general~penguins@" + MUC, "Penguins · General", "bob.test"),
                ChannelBookmarks.NodeProfile.NUMERIC);
        IQ configure = ChannelBookmarks.configureNode(MEMBER_JID, ChannelBookmarks.NodeProfile.NUMERIC);

        assertThat(Stanzas.fieldValues(Stanzas.dataForm(publish.getChildElement().element("publish-options"))))
                .containsExactly(
                        Map.entry("FORM_TYPE", List.of("http://jabber.org/protocol/pubsub#publish-options")),
                        Map.entry("pubsub#persist_items", List.of("true")),
                        Map.entry("pubsub#max_items", List.of("1000")),
                        Map.entry("pubsub#access_model", List.of("whitelist")));
        assertThat(configure.getChildElement().getNamespaceURI()).isEqualTo("http://jabber.org/protocol/pubsub#owner");
        assertThat(Stanzas.fieldValues(Stanzas.dataForm(configure.getChildElement().element("configure"))))
                .containsEntry("pubsub#max_items", List.of("1000"))
                .doesNotContainKey("pubsub#send_last_published_item");
        assertThat(ChannelBookmarks.publish(MEMBER_JID, new ChannelBookmarks.Bookmark("a@" + MUC, "A", "n"), null)
                .getChildElement().element("publish-options")).isNull();
    }

    @Test
    void theProfileFollowsTheServersDiscoFeatures() {
        IQ ask = ChannelBookmarks.serverInfo(new JID("bob", DOMAIN, "phone"));
        assertThat(ask.getTo()).isEqualTo(new JID(DOMAIN));
        assertThat(ask.getFrom()).isEqualTo(new JID("bob", DOMAIN, null));

        assertThat(ChannelBookmarks.profileOf(discoResult(ask, "http://jabber.org/protocol/pubsub#config-node-max")))
                .isEqualTo(ChannelBookmarks.NodeProfile.XEP_0402);
        assertThat(ChannelBookmarks.profileOf(discoResult(ask, "http://jabber.org/protocol/pubsub#publish-options")))
                .as("Openfire 5.1.1").isEqualTo(ChannelBookmarks.NodeProfile.NUMERIC);
        IQ error = IQ.createResultIQ(ask);
        error.setError(PacketError.Condition.service_unavailable);
        assertThat(ChannelBookmarks.profileOf(error)).isEqualTo(ChannelBookmarks.NodeProfile.NUMERIC);
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
    void thePrivateStorageRequestsAreTheUsersOwn() {
        IQ get = LegacyBookmarks.get(new JID("bob", DOMAIN, "phone"));
        assertThat(get.getType()).isEqualTo(IQ.Type.get);
        assertThat(get.getTo()).isNull();
        assertThat(get.getFrom()).isEqualTo(new JID("bob", DOMAIN, null));
        assertThat(get.getChildElement().getNamespaceURI()).isEqualTo("jabber:iq:private");
        assertThat(get.getChildElement().element("storage").getNamespaceURI()).isEqualTo("storage:bookmarks");

        Element storage = LegacyBookmarks.merge(storage(), List.of(
                new ChannelBookmarks.Bookmark("general~penguins@" + MUC, "Penguins · General", "bob.test")), room -> false)
                .storage();
        IQ set = LegacyBookmarks.set(MEMBER_JID, storage);
        Element conference = set.getChildElement().element("storage").element("conference");
        assertThat(conference.getNamespaceURI()).isEqualTo("storage:bookmarks");
        assertThat(conference.attributeValue("jid")).isEqualTo("general~penguins@" + MUC);
        assertThat(conference.attributeValue("name")).isEqualTo("Penguins · General");
        assertThat(conference.attributeValue("autojoin")).isEqualTo("true");
        assertThat(conference.element("nick").getNamespaceURI()).isEqualTo("storage:bookmarks");
        assertThat(conference.elementText("nick")).isEqualTo("bob.test");
    }

    @Test
    void aMergeKeepsTheUsersOwnBookmarksAndTouchesOnlyTheNamedRooms() {
        Element storage = storage();
        storage.addElement("conference", "storage:bookmarks").addAttribute("jid", "lobby@" + MUC)
                .addAttribute("name", "My lobby").addAttribute("autojoin", "false");
        storage.addElement("url", "storage:bookmarks").addAttribute("url", "https://example.org/");
        storage.addElement("conference", "storage:bookmarks").addAttribute("jid", "General~Penguins@" + MUC)
                .addAttribute("name", "old name").addAttribute("autojoin", "false");
        storage.addElement("conference", "storage:bookmarks").addAttribute("jid", "fish~gone@" + MUC);
        storage.addElement("conference", "storage:bookmarks").addAttribute("jid", "not a jid@@");

        LegacyBookmarks.Merge merge = LegacyBookmarks.merge(storage, List.of(
                new ChannelBookmarks.Bookmark("general~penguins@" + MUC, "Penguins · General", "bob"),
                new ChannelBookmarks.Bookmark("fish~penguins@" + MUC, "Penguins · Fish", "bob")),
                room -> room.endsWith("~gone@" + MUC));

        assertThat(merge.added()).isEqualTo(1);
        assertThat(merge.renamed()).isEqualTo(1);
        assertThat(merge.removed()).isEqualTo(1);
        assertThat(LegacyBookmarks.rooms(merge.storage())).containsExactly("lobby@" + MUC, "general~penguins@" + MUC,
                "fish~penguins@" + MUC);
        assertThat(merge.storage().elements("url")).hasSize(1);
        assertThat(merge.storage().elements("conference")).as("the unparsable one kept").hasSize(4);
        Element general = merge.storage().elements("conference").get(1);
        assertThat(general.attributeValue("name")).isEqualTo("Penguins · General");
        assertThat(general.attributeValue("autojoin")).as("the user's choice kept").isEqualTo("false");
        assertThat(storage.elements("conference")).as("the input untouched").hasSize(4);

        assertThat(LegacyBookmarks.merge(merge.storage(), List.of(
                new ChannelBookmarks.Bookmark("general~penguins@" + MUC, "Penguins · General", "bob")), room -> false)
                .changed()).isFalse();
    }

    @Test
    void aNewMemberGetsABookmarkOfEveryChannelInBothStores() throws WaddleException {
        waddles.join(MEMBER, PENGUINS);

        assertThat(pep.items(MEMBER_JID)).containsOnlyKeys("general~penguins@" + MUC, "fish~penguins@" + MUC);
        assertThat(pep.items(MEMBER_JID).get("fish~penguins@" + MUC).attributeValue("name")).isEqualTo("Penguins · Fish");
        assertThat(pep.configuredBy).as("options applied when the node was created").isEmpty();
        assertThat(pep.legacyRooms(MEMBER_JID)).containsExactly("general~penguins@" + MUC, "fish~penguins@" + MUC);
    }

    @Test
    void onOpenfire5NoMaxIsEverSentAndEveryBookmarkIsKept() throws WaddleException {
        pep.crashesOnMax = true;

        waddles.join(MEMBER, PENGUINS);

        assertThat(pep.items(MEMBER_JID)).containsOnlyKeys("general~penguins@" + MUC, "fish~penguins@" + MUC);
        assertThat(pep.requests).noneMatch(request -> request.toXML().contains("<value>max</value>"));
        assertThat(pep.unanswered).isEmpty();
    }

    @Test
    void aServerAnnouncingConfigNodeMaxGetsTheXep0402Options() throws WaddleException {
        pep.announcesConfigNodeMax = true;

        waddles.join(MEMBER, PENGUINS);

        assertThat(pep.requests).anyMatch(request -> request.toXML().contains("<value>max</value>"));
        assertThat(pep.items(MEMBER_JID)).containsOnlyKeys("general~penguins@" + MUC, "fish~penguins@" + MUC);
    }

    @Test
    void aNodeWithAnotherConfigurationIsConfiguredAndPublishedToWithTheOptions() throws WaddleException {
        pep.createNodeWithoutOptions(MEMBER_JID);
        pep.put(MEMBER_JID, "lobby@" + MUC);

        waddles.join(MEMBER, PENGUINS);

        assertThat(pep.configuredBy).containsExactly(MEMBER_JID);
        assertThat(pep.items(MEMBER_JID)).containsOnlyKeys("lobby@" + MUC, "general~penguins@" + MUC,
                "fish~penguins@" + MUC);
    }

    @Test
    void aServerRefusingTheOptionsStillGetsTheBookmarksWithoutThem() throws WaddleException {
        pep.refusesPublishOptions = true;

        waddles.join(MEMBER, PENGUINS);

        assertThat(pep.items(MEMBER_JID)).containsOnlyKeys("general~penguins@" + MUC, "fish~penguins@" + MUC);
        assertThat(pep.legacyRooms(MEMBER_JID)).hasSize(2);
    }

    @Test
    void onAServerIgnoringPublishOptionsTheNodeIsConfiguredAndTheMissingItemsPublishedAgain() throws WaddleException {
        pep.ignoresPublishOptions = true;

        waddles.join(MEMBER, PENGUINS);

        assertThat(pep.items(MEMBER_JID)).containsOnlyKeys("general~penguins@" + MUC, "fish~penguins@" + MUC);
        assertThat(pep.configuredBy).containsExactly(MEMBER_JID);
    }

    @Test
    void leavingRemovesTheWaddlesBookmarksButNoOthers() throws WaddleException {
        pep.put(MEMBER_JID, "lobby@" + MUC);
        pep.putLegacy(MEMBER_JID, "lobby@" + MUC);
        waddles.join(MEMBER, PENGUINS);
        assertThat(pep.legacyRooms(MEMBER_JID)).hasSize(3);

        waddles.leave(MEMBER, PENGUINS);

        assertThat(pep.items(MEMBER_JID)).containsOnlyKeys("lobby@" + MUC);
        assertThat(pep.legacyRooms(MEMBER_JID)).containsExactly("lobby@" + MUC);
        assertThat(pep.legacy.get(MEMBER_JID).elements("url")).as("the user's URL bookmark").hasSize(1);
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
    void aChangedChannelRepublishesOnlyWhatDiffers() throws WaddleException {
        waddles.join(MEMBER, PENGUINS);
        pep.requests.clear();

        waddles.renameChannel(OWNER, PENGUINS, new ChannelSlug("fish"), "Krill");

        List<IQ> publishes = pep.requests.stream().filter(request -> MEMBER_JID.equals(request.getFrom()))
                .filter(request -> request.getChildElement().element("publish") != null).toList();
        assertThat(publishes).singleElement().satisfies(publish -> assertThat(publish.getChildElement()
                .element("publish").element("item").attributeValue("id")).isEqualTo("fish~penguins@" + MUC));
        assertThat(pep.items(MEMBER_JID).get("fish~penguins@" + MUC).attributeValue("name")).isEqualTo("Penguins · Krill");
        assertThat(pep.legacy.get(MEMBER_JID).elements("conference")).extracting(conference -> conference.attributeValue("name"))
                .containsExactly("Penguins · General", "Penguins · Krill");
    }

    @Test
    void aRemovedChannelLeavesEveryMembersBookmarks() throws WaddleException {
        waddles.join(MEMBER, PENGUINS);

        waddles.removeChannel(OWNER, PENGUINS, new ChannelSlug("fish"));

        assertThat(pep.items(MEMBER_JID)).containsOnlyKeys("general~penguins@" + MUC);
        assertThat(pep.legacyRooms(MEMBER_JID)).containsExactly("general~penguins@" + MUC);
    }

    @Test
    void aLoginAddsWhatIsMissingAndRemovesChannelsOfWaddlesLeftInBothStores() throws WaddleException {
        pep.unknownUsers.add(MEMBER_JID);
        waddles.join(MEMBER, PENGUINS);
        assertThat(pep.items(MEMBER_JID)).as("no PEP service before the first login").isEmpty();
        pep.unknownUsers.clear();
        pep.put(MEMBER_JID, "lobby@" + MUC);
        pep.put(MEMBER_JID, "general~gone@" + MUC);
        pep.putLegacy(MEMBER_JID, "lobby@" + MUC);
        pep.putLegacy(MEMBER_JID, "general~gone@" + MUC);

        bookmarks.userOnline(MEMBER_JID + "/phone");

        assertThat(pep.items(MEMBER_JID)).containsOnlyKeys("lobby@" + MUC, "general~penguins@" + MUC,
                "fish~penguins@" + MUC);
        assertThat(pep.legacyRooms(MEMBER_JID)).containsExactlyInAnyOrder("lobby@" + MUC, "general~penguins@" + MUC,
                "fish~penguins@" + MUC);
    }

    @Test
    void usersOfOtherDomainsAndLocalAccountsAreLeftAlone() {
        bookmarks.userOnline("admin@" + DOMAIN + "/console");
        bookmarks.userOnline("mmmmmmmmmmmmmmmmmmmmmmmm@elsewhere.org/phone");

        assertThat(pep.requests).isEmpty();
    }

    @Test
    void aMemberWhoseServerNeverAnswersDelaysNoOtherMember() throws Exception {
        JID slow = new JID("ssssssssssssssssssssssss", DOMAIN, null);
        JID other = new JID("xxxxxxxxxxxxxxxxxxxxxxxx", DOMAIN, null);
        pep.silentFor.add(slow);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            BookmarkSync concurrent = new BookmarkSync(waddles, pep, pool, DOMAIN, MUC, did -> Optional.empty(),
                    Duration.ofMinutes(5));
            waddles.removeListener(bookmarks);
            waddles.addListener(concurrent);

            waddles.join(did('s'), PENGUINS);
            Await.until("the slow member's first request", Duration.ofSeconds(10), () -> !pep.unanswered.isEmpty());
            waddles.join(did('x'), PENGUINS);

            Await.until("the other member's bookmarks, while the slow member's request still waits",
                    Duration.ofSeconds(10), () -> pep.legacyRooms(other).size() == 2 && pep.items(other).size() == 2);
            assertThat(pep.unanswered).as("still waiting").isNotEmpty();
            assertThat(pep.items(slow)).isEmpty();
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aMemberWhoseRequestsTimeOutGetsNoFurtherRequestsInThatTask() throws WaddleException {
        pep.silentFor.add(MEMBER_JID);
        BookmarkSync quick = new BookmarkSync(waddles, pep, Runnable::run, DOMAIN, MUC, did -> Optional.empty(),
                Duration.ofMillis(50));
        waddles.removeListener(bookmarks);
        waddles.addListener(quick);

        waddles.join(MEMBER, PENGUINS);

        assertThat(pep.requests.stream().filter(request -> MEMBER_JID.equals(request.getFrom()))).as("the first one only")
                .hasSize(1);
    }

    // ---- helpers

    private static Did did(char letter) {
        try {
            return Did.parse("did:plc:" + String.valueOf(letter).repeat(24));
        } catch (AtprotoException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static Element storage() {
        return DocumentHelper.createElement(org.dom4j.QName.get("storage", "storage:bookmarks"));
    }

    private static IQ discoResult(IQ request, String feature) {
        IQ result = IQ.createResultIQ(request);
        Element query = result.setChildElement("query", "http://jabber.org/protocol/disco#info");
        query.addElement("feature").addAttribute("var", feature);
        return result;
    }

    /**
     * One XEP-0402 node per user, as Openfire's PEP answers requests a user sends to their own service: 5.x applies
     * publish-options to a new node; 4.2.0 ignores them and keeps one item until the node is configured, and (when
     * {@code cachesItemsAcrossUsers}) looks a retracted item up in one cache for all users, keyed by item id, after
     * the node's last published item: an item another user published last under that id cannot be retracted.
     */
    private static final class FakePep implements ServerIqRoute {
        final Map<JID, Element> legacy = new ConcurrentHashMap<>();
        final List<JID> silentFor = new CopyOnWriteArrayList<>();
        final List<IQ> unanswered = new CopyOnWriteArrayList<>();
        boolean crashesOnMax;
        boolean announcesConfigNodeMax;
        boolean refusesPublishOptions;
        final Map<JID, Map<String, Element>> nodes = new ConcurrentHashMap<>();
        final Map<JID, Boolean> roomy = new ConcurrentHashMap<>();
        final Map<JID, Boolean> configured = new ConcurrentHashMap<>();
        final List<JID> configuredBy = new CopyOnWriteArrayList<>();
        final List<JID> unknownUsers = new CopyOnWriteArrayList<>();
        final List<IQ> requests = new CopyOnWriteArrayList<>();
        final Map<String, JID> itemCache = new ConcurrentHashMap<>();
        final Map<JID, String> lastPublished = new ConcurrentHashMap<>();
        boolean ignoresPublishOptions;
        boolean cachesItemsAcrossUsers;

        Map<String, Element> items(JID user) {
            return nodes.getOrDefault(user, Map.of());
        }

        void put(JID user, String roomJid) {
            roomy.put(user, true);
            nodes.computeIfAbsent(user, any -> Collections.synchronizedMap(new LinkedHashMap<>())).put(roomJid,
                    DocumentHelper.createElement("conference"));
        }

        /** A node made by a client with the server's default configuration (Openfire 5.x: one item, open). */
        void createNodeWithoutOptions(JID user) {
            nodes.put(user, Collections.synchronizedMap(new LinkedHashMap<>()));
            roomy.put(user, true);
            configured.put(user, false);
        }

        /** A conference of the user's own in their XEP-0048 list, beside a URL bookmark. */
        void putLegacy(JID user, String roomJid) {
            Element storage = legacy.computeIfAbsent(user, any -> {
                Element created = storage();
                created.addElement("url", "storage:bookmarks").addAttribute("url", "https://example.org/");
                return created;
            });
            storage.addElement("conference", "storage:bookmarks").addAttribute("jid", roomJid).addAttribute("name", "mine");
        }

        List<String> legacyRooms(JID user) {
            Element storage = legacy.get(user);
            return storage == null ? List.of() : LegacyBookmarks.rooms(storage);
        }

        @Override
        public void route(IQ request, IQResultListener answer, Duration timeout) {
            requests.add(request);
            if (silentFor.contains(request.getFrom())
                    || crashesOnMax && request.toXML().contains("<value>max</value>")) {
                // Openfire 5.1.1 on max_items=max: an internal error inside the PEP handler, and no answer at all.
                unanswered.add(request);
                return;
            }
            answer.receivedAnswer(handle(request));
        }

        private IQ handle(IQ request) {
            JID user = request.getFrom();
            IQ reply = IQ.createResultIQ(request);
            if (unknownUsers.contains(user)) {
                reply.setError(PacketError.Condition.not_allowed);
                return reply;
            }
            Element child = request.getChildElement();
            if ("http://jabber.org/protocol/disco#info".equals(child.getNamespaceURI())) {
                Element query = reply.setChildElement("query", "http://jabber.org/protocol/disco#info");
                query.addElement("feature").addAttribute("var", "http://jabber.org/protocol/pubsub#publish-options");
                if (announcesConfigNodeMax) {
                    query.addElement("feature").addAttribute("var", ChannelBookmarks.CONFIG_NODE_MAX);
                }
                return reply;
            }
            if ("jabber:iq:private".equals(child.getNamespaceURI())) {
                if (request.getType() == IQ.Type.get) {
                    Element stored = legacy.get(user);
                    reply.setChildElement("query", "jabber:iq:private").add(stored == null ? storage() : stored.createCopy());
                } else {
                    legacy.put(user, child.element("storage").createCopy());
                }
                return reply;
            }
            Element pubsub = child;
            Map<String, Element> node = nodes.get(user);
            if (pubsub.element("publish") != null) {
                boolean withOptions = pubsub.element("publish-options") != null;
                if (withOptions && refusesPublishOptions) {
                    reply.setError(PacketError.Condition.not_acceptable);
                    return reply;
                }
                if (node != null && withOptions && !ignoresPublishOptions && !configured.getOrDefault(user, true)) {
                    reply.setError(PacketError.Condition.conflict);
                    reply.getError().getElement().addElement("precondition-not-met", ChannelBookmarks.PUBSUB_ERRORS);
                    return reply;
                }
                if (node == null) {
                    node = Collections.synchronizedMap(new LinkedHashMap<>());
                    nodes.put(user, node);
                    roomy.put(user, !ignoresPublishOptions && withOptions);
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
                node.forEach((id, conference) -> items.addElement("item").addAttribute("id", id).add(conference.createCopy()));
            } else if (pubsub.element("configure") != null) {
                configuredBy.add(user);
                configured.put(user, true);
                roomy.put(user, true);
            }
            return reply;
        }
    }
}
