package social.waddle.openfire.muc;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Predicate;

import org.dom4j.Element;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xmpp.packet.IQ;
import org.xmpp.packet.JID;

import social.waddle.atproto.AtprotoException;
import social.waddle.atproto.identity.JidLocalpart;
import social.waddle.atproto.syntax.Did;
import social.waddle.community.Channel;
import social.waddle.community.Member;
import social.waddle.community.RoomNames;
import social.waddle.community.Waddle;
import social.waddle.community.WaddleEvent;
import social.waddle.community.WaddleException;
import social.waddle.community.WaddleListener;
import social.waddle.community.WaddleService;
import social.waddle.openfire.muc.ChannelBookmarks.Bookmark;
import social.waddle.openfire.muc.ChannelBookmarks.NodeProfile;

/**
 * Keeps members' bookmarks of their Waddles' channels, so their clients list (and join) the channels: the
 * <a href="https://xmpp.org/extensions/xep-0402.html">XEP-0402</a> items in PEP ({@link ChannelBookmarks}) and the
 * <a href="https://xmpp.org/extensions/xep-0048.html">XEP-0048</a> list in private storage ({@link LegacyBookmarks})
 * that older clients read. The server acts for the user: each request goes from the user's bare JID to the user's own
 * services through {@link ServerIqRoute}, and its answer comes back to us, not to the user.
 *
 * <ul>
 *   <li>Becoming a member adds a bookmark of every channel of the Waddle; leaving, removal or a ban removes them; a
 *       removed channel's bookmark is removed from every member; renamed or added channels follow.</li>
 *   <li>XEP-0402 items are published with the publish-options the server takes ({@link NodeProfile}, from its
 *       disco#info). A node with another configuration (precondition not met) is configured as XEP-0402 asks (the
 *       user owns it) and published to again; any other refusal falls back to publishing without options. Every
 *       publication is read back: Openfire 4.2.0 ignores publish-options and keeps one item, unstored, per new PEP
 *       node, so missing items get the node configured and are published again.</li>
 *   <li>The XEP-0048 list is changed read-modify-write: only conferences of Waddle channel rooms are added or removed,
 *       the user's other bookmarks are kept.</li>
 *   <li>Openfire gives a PEP service only to registered users, so an ATProto member who never logged in cannot get
 *       bookmarks yet; nor can one whose requests failed. Each login therefore reconciles both stores: bookmarks of
 *       Waddle channels are added where missing and removed where they name a channel room of the Waddle service the
 *       user no longer belongs to. Bookmarks of other rooms are never touched.</li>
 * </ul>
 *
 * <p>Threads: nothing runs on the thread that changed the Waddle or logged in, nor on the room worker. Each member's
 * work runs in that member's own queue ({@link KeyedQueues}) on the bookmark pool, so a member whose server answers
 * slowly (or never) delays nobody else. Every request waits at most {@code timeout}; after one request of a task went
 * unanswered, the rest of that task is given up (reported as failed) and left to the member's next login.
 */
public final class BookmarkSync implements WaddleListener {

    private static final Logger Log = LoggerFactory.getLogger(BookmarkSync.class);

    /** Requests are handled inside the server, in milliseconds when it works at all. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
    /** Threads of the bookmark pool: as many members' requests may wait for answers at once. */
    public static final int DEFAULT_THREADS = 4;

    private final WaddleService waddles;
    private final ServerIqRoute route;
    private final KeyedQueues queues;
    private final String xmppDomain;
    private final String mucDomain;
    private final Function<Did, Optional<String>> handles;
    private final Duration timeout;
    private final String idPrefix = "waddle-bookmarks-" + UUID.randomUUID().toString().substring(0, 8) + "-";
    private final AtomicLong nextId = new AtomicLong();
    /** What the server's disco#info called for; null until it answered. */
    private volatile NodeProfile profile;

    /**
     * @param pool      runs the members' queues; its threads wait for the server's answers
     * @param mucDomain the Waddle MUC service's domain, where channel rooms live
     * @param handles   a member's handle, their nickname in bookmarks (else their JID's localpart)
     */
    public BookmarkSync(WaddleService waddles, ServerIqRoute route, Executor pool, String xmppDomain, String mucDomain,
                        Function<Did, Optional<String>> handles, Duration timeout) {
        this.waddles = Objects.requireNonNull(waddles);
        this.route = Objects.requireNonNull(route);
        this.queues = new KeyedQueues(pool);
        this.xmppDomain = Objects.requireNonNull(xmppDomain);
        this.mucDomain = Objects.requireNonNull(mucDomain);
        this.handles = Objects.requireNonNull(handles);
        this.timeout = Objects.requireNonNull(timeout);
    }

    @Override
    public void onEvent(WaddleEvent event) {
        if (event instanceof WaddleEvent.MembershipChanged changed) {
            if (changed.oldRole().isEmpty() && changed.newRole().isPresent()) {
                queues.execute(changed.did(), () -> joined(changed.waddleId(), changed.did()));
            } else if (changed.oldRole().isPresent() && changed.newRole().isEmpty()) {
                queues.execute(changed.did(), () -> left(changed.waddleId(), changed.did()));
            }
        } else if (event instanceof WaddleEvent.ChannelRemoved removed) {
            queues.execute(waddleKey(removed.waddleId()), () -> channelRemoved(removed.waddleId(), removed.channel()));
        } else if (event instanceof WaddleEvent.ChannelsChanged changed) {
            queues.execute(waddleKey(changed.waddleId()), () -> channelsChanged(changed.waddleId()));
        }
    }

    /** A user's session started: reconcile their channel bookmarks (ATProto accounts only). */
    public void userOnline(String jid) {
        userOf(jid).ifPresent(did -> queues.execute(did, () -> reconcile(did)));
    }

    /** The member's handle changed: their channel bookmarks are published again with it as the nickname. */
    public void nicknameChanged(Did did) {
        queues.execute(did, () -> {
            List<Bookmark> wanted = new ArrayList<>();
            for (Waddle waddle : waddles.waddlesOf(did)) {
                wanted.addAll(bookmarks(waddle, channelsOf(waddle), did));
            }
            Task task = new Task(jid(did), "nickname changed");
            task.publish(wanted);
            task.mergeLegacy(wanted, room -> false);
            task.log();
        });
    }

    private static String waddleKey(long waddleId) {
        return "waddle " + waddleId;
    }

    // ---- Tasks, each in its member's queue (or the Waddle's, to hand work to the members' queues)

    private void joined(long waddleId, Did did) {
        waddles.find(waddleId).ifPresent(waddle ->
                apply(did, "joined Waddle '" + waddle.slug() + "'", bookmarks(waddle, channelsOf(waddle), did), Set.of()));
    }

    /**
     * Removes the bookmark of every channel room of the Waddle. XEP-0402 items are retracted by id (the room JID)
     * without reading the node first: Openfire 4.2.0 may list fewer items than the node holds.
     */
    private void left(long waddleId, Did did) {
        waddles.find(waddleId).ifPresent(waddle -> {
            Set<String> rooms = new LinkedHashSet<>();
            channelsOf(waddle).forEach(channel -> rooms.add(channel.roomJid(mucDomain)));
            apply(did, "left Waddle '" + waddle.slug() + "'", List.of(), rooms);
        });
    }

    /** The Waddle's channels changed (added, renamed): every member's bookmarks follow; channels are read once. */
    private void channelsChanged(long waddleId) {
        Optional<Waddle> waddle = waddles.find(waddleId);
        if (waddle.isEmpty()) {
            return;
        }
        List<Channel> channels = channelsOf(waddle.get());
        for (Member member : membersOf(waddle.get())) {
            queues.execute(member.did(), () -> {
                // Queued behind whatever the member did meanwhile: a member who left since gets nothing back.
                if (isMember(member.did(), waddleId)) {
                    apply(member.did(), "channels of Waddle '" + waddle.get().slug() + "' changed",
                            bookmarks(waddle.get(), channels, member.did()), Set.of());
                }
            });
        }
    }

    private void channelRemoved(long waddleId, Channel channel) {
        Optional<Waddle> waddle = waddles.find(waddleId);
        if (waddle.isEmpty()) {
            return;
        }
        String room = channel.roomJid(mucDomain);
        for (Member member : membersOf(waddle.get())) {
            queues.execute(member.did(), () -> apply(member.did(), "channel " + room + " removed", List.of(), Set.of(room)));
        }
    }

    /** Adds what is missing and removes bookmarks of Waddle channel rooms the user no longer belongs to. */
    private void reconcile(Did did) {
        Map<String, Bookmark> wanted = new LinkedHashMap<>();
        for (Waddle waddle : waddles.waddlesOf(did)) {
            bookmarks(waddle, channelsOf(waddle), did).forEach(bookmark -> wanted.put(bookmark.roomJid(), bookmark));
        }
        Task task = new Task(jid(did), "login");
        Predicate<String> stale = room -> isWaddleRoom(room) && !wanted.containsKey(room);
        Optional<Map<String, String>> present = task.readPep();
        if (present.isPresent()) {
            for (String room : present.get().keySet()) {
                if (stale.test(room)) {
                    task.retract(room);
                }
            }
            task.publish(changed(List.copyOf(wanted.values()), present.get()));
        }
        task.mergeLegacy(wanted.values(), stale);
        task.log();
    }

    /** Adds {@code add} and removes the bookmarks of {@code remove} (room JIDs) in both stores. */
    private void apply(Did did, String reason, List<Bookmark> add, Set<String> remove) {
        Task task = new Task(jid(did), reason);
        for (String room : remove) {
            task.retract(room);
        }
        if (!add.isEmpty()) {
            // Only what the node lacks or names differently: each publication notifies every online client of the user.
            task.readPep().ifPresent(present -> task.publish(changed(add, present)));
        }
        Set<String> removed = new LinkedHashSet<>();
        remove.forEach(room -> LegacyBookmarks.normalized(room).ifPresent(removed::add));
        task.mergeLegacy(add, removed::contains);
        task.log();
    }

    /** The bookmarks the node lacks, or holds under another name. */
    private static List<Bookmark> changed(List<Bookmark> wanted, Map<String, String> present) {
        return wanted.stream().filter(bookmark -> !bookmark.name().equals(present.get(bookmark.roomJid()))).toList();
    }

    /**
     * One member's requests of one task, and what came of them. Once a request went unanswered, later ones are not
     * sent: they would most likely wait as long, and the member's next login reconciles.
     */
    private final class Task {
        final JID user;
        final String reason;
        int published;
        int retracted;
        int pepFailed;
        String legacy = "unchanged";
        boolean legacyFailed;
        String firstFailure;
        boolean unanswered;

        Task(JID user, String reason) {
            this.user = user;
            this.reason = reason;
        }

        void publish(List<Bookmark> bookmarks) {
            if (bookmarks.isEmpty()) {
                return;
            }
            NodeProfile options = profile(this);
            List<Bookmark> sent = new ArrayList<>();
            boolean repaired = false;
            for (Bookmark bookmark : bookmarks) {
                if (unanswered) {
                    fail("not sent: an earlier request went unanswered");
                    continue;
                }
                Optional<IQ> answer = send(ChannelBookmarks.publish(user, bookmark, options));
                if (answer.isPresent() && !succeeded(answer.get()) && options != null) {
                    if (!repaired && "precondition-not-met".equals(ChannelBookmarks.pubsubErrorCondition(answer.get()))) {
                        // XEP-0060 §7.1.5: the node exists with another configuration. Its owner may change it.
                        repaired = true;
                        Optional<IQ> configured = send(ChannelBookmarks.configureNode(user, options));
                        Log.debug("Bookmark node of {} had another configuration; configured it: {}", user,
                                configured.map(ChannelBookmarks::describe).orElse("no answer"));
                        if (configured.filter(BookmarkSync::succeeded).isPresent()) {
                            answer = send(ChannelBookmarks.publish(user, bookmark, options));
                        }
                    }
                    if (answer.isPresent() && !succeeded(answer.get())) {
                        // The server refuses these options: publish without, and check below what the node kept.
                        Log.debug("Bookmark publish-options refused for {}: {}; publishing without", user,
                                ChannelBookmarks.describe(answer.get()));
                        options = null;
                        answer = send(ChannelBookmarks.publish(user, bookmark, null));
                    }
                }
                if (answer.isPresent() && succeeded(answer.get())) {
                    sent.add(bookmark);
                } else {
                    fail("publishing " + bookmark.roomJid() + ": " + answer.map(ChannelBookmarks::describe).orElse("no answer"));
                }
            }
            published += verified(sent, options == null ? profile(this) : options);
        }

        /**
         * How many of {@code sent} the node holds. Openfire 4.2.0 ignored the publish-options (one item per node, kept
         * only in memory): then the node is configured and every item published again, those published before were
         * never stored, the last one included.
         */
        private int verified(List<Bookmark> sent, NodeProfile options) {
            if (sent.isEmpty() || unanswered) {
                return sent.size();
            }
            Set<String> missing = missingAfterSettling(sent);
            if (missing.isEmpty()) {
                return sent.size();
            }
            Optional<IQ> configured = send(ChannelBookmarks.configureNode(user, options == null ? NodeProfile.NUMERIC : options));
            Log.debug("Bookmark node of {} kept {} of {} items; configured it: {}", user, sent.size() - missing.size(),
                    sent.size(), configured.map(ChannelBookmarks::describe).orElse("no answer"));
            for (Bookmark bookmark : sent) {
                send(ChannelBookmarks.publish(user, bookmark, null));
            }
            Set<String> stillMissing = missingAfterSettling(sent);
            for (String room : stillMissing) {
                fail("published " + room + " but the node does not keep it");
            }
            return sent.size() - stillMissing.size();
        }

        /**
         * Openfire 5.x answers a publish before it stores the item ({@code PubSubEngine.publishItemsToNode} routes the
         * result, then calls {@code LeafNode.publishItems}), so a read right after the last answer may miss that item:
         * what is missing is read once more before it counts as missing.
         */
        private Set<String> missingAfterSettling(List<Bookmark> bookmarks) {
            Set<String> missing = missing(bookmarks);
            return missing.isEmpty() || unanswered ? missing : missing(bookmarks);
        }

        private Set<String> missing(List<Bookmark> bookmarks) {
            Set<String> present = readPep().orElse(Map.of()).keySet();
            Set<String> missing = new LinkedHashSet<>();
            for (Bookmark bookmark : bookmarks) {
                if (!present.contains(bookmark.roomJid())) {
                    missing.add(bookmark.roomJid());
                }
            }
            return missing;
        }

        /**
         * Retracts one bookmark; an absent one counts as neither retracted nor failed. Openfire 4.2.0 caches published
         * items under node id and item id only, not the PEP service (its {@code PublishedItem.getItemKey}), so every
         * member's bookmark of a room shares one cache entry: a retraction of an item that is not the node's last
         * published one may find another member's item there and be refused ({@code forbidden}: not its publisher,
         * not an owner of its node). The node's own last published item is looked at before that cache, so on
         * {@code forbidden} the bookmark is published again, which makes it the last one, and retracted right after.
         */
        void retract(String room) {
            if (unanswered) {
                fail("not sent: an earlier request went unanswered");
                return;
            }
            Optional<IQ> answer = send(ChannelBookmarks.retract(user, room));
            if (answer.isPresent() && "forbidden".equals(errorCondition(answer.get()))) {
                Optional<IQ> republished = send(ChannelBookmarks.publish(user, new Bookmark(room, room, user.getNode()), null));
                if (republished.filter(BookmarkSync::succeeded).isPresent()) {
                    answer = send(ChannelBookmarks.retract(user, room));
                }
            }
            if (answer.isPresent() && succeeded(answer.get())) {
                retracted++;
            } else if (answer.isEmpty() || !"item-not-found".equals(errorCondition(answer.get()))) {
                fail("retracting " + room + ": " + answer.map(ChannelBookmarks::describe).orElse("no answer"));
            }
        }

        /**
         * The items in the user's XEP-0402 node, room JID to name; an empty map when there is no node yet, empty when
         * it cannot be read.
         */
        Optional<Map<String, String>> readPep() {
            Optional<IQ> answer = unanswered ? Optional.empty() : send(ChannelBookmarks.items(user));
            if (answer.isPresent() && succeeded(answer.get())) {
                return Optional.of(ChannelBookmarks.itemNames(answer.get()));
            }
            if (answer.isPresent() && "item-not-found".equals(errorCondition(answer.get()))) {
                return Optional.of(Map.of());
            }
            fail("reading the XEP-0402 node: " + answer.map(ChannelBookmarks::describe).orElse("no answer"));
            return Optional.empty();
        }

        /** Read-modify-write of the XEP-0048 list: {@code wanted} in, the rooms {@code remove} accepts out. */
        void mergeLegacy(Collection<Bookmark> wanted, Predicate<String> remove) {
            if (unanswered) {
                legacyFailure("not sent: an earlier request went unanswered");
                return;
            }
            Optional<IQ> read = send(LegacyBookmarks.get(user));
            Optional<Element> storage = read.flatMap(LegacyBookmarks::storageOf);
            if (storage.isEmpty()) {
                legacyFailure("reading: " + read.map(ChannelBookmarks::describe).orElse("no answer"));
                return;
            }
            LegacyBookmarks.Merge merge = LegacyBookmarks.merge(storage.get(), wanted, remove);
            if (!merge.changed()) {
                return;
            }
            Optional<IQ> written = send(LegacyBookmarks.set(user, merge.storage()));
            if (written.filter(BookmarkSync::succeeded).isEmpty()) {
                legacyFailure("writing: " + written.map(ChannelBookmarks::describe).orElse("no answer"));
                return;
            }
            legacy = merge.added() + " added, " + merge.renamed() + " renamed, " + merge.removed() + " removed";
        }

        private void legacyFailure(String what) {
            legacyFailed = true;
            legacy = "failed (" + what + ")";
        }

        private void fail(String what) {
            pepFailed++;
            if (firstFailure == null) {
                firstFailure = what;
            }
        }

        /** One line saying what was done: successes and failures, never attempts. */
        void log() {
            boolean changed = published + retracted > 0 || !"unchanged".equals(legacy);
            if (!changed && pepFailed == 0 && !legacyFailed) {
                Log.debug("Bookmarks of {} ({}) already as they should be", user, reason);
                return;
            }
            String pep = published + " published, " + retracted + " retracted"
                    + (pepFailed == 0 ? "" : ", " + pepFailed + " failed (first: " + firstFailure + ")");
            if (pepFailed > 0 || legacyFailed) {
                Log.info("Bookmarks of {} ({}): XEP-0402 {}; XEP-0048 {}. What failed is retried at their next login",
                        user, reason, pep, legacy);
            } else {
                Log.info("Bookmarks of {} ({}): XEP-0402 {}; XEP-0048 {}", user, reason, pep, legacy);
            }
        }

        /** Sends the request and waits for its answer; empty when none came in time (and then no more are sent). */
        Optional<IQ> send(IQ request) {
            Optional<IQ> answer = answer(request);
            if (answer.isEmpty()) {
                unanswered = true;
            }
            return answer;
        }
    }

    /** The publish-options profile of the server, asked once it answers; {@link NodeProfile#NUMERIC} until then. */
    private NodeProfile profile(Task task) {
        NodeProfile known = profile;
        if (known != null) {
            return known;
        }
        Optional<IQ> info = task.unanswered ? Optional.empty() : task.send(ChannelBookmarks.serverInfo(task.user));
        if (info.isPresent() && succeeded(info.get())) {
            profile = ChannelBookmarks.profileOf(info.get());
            Log.debug("Bookmark node profile of {}: {}", xmppDomain, profile);
            return profile;
        }
        return NodeProfile.NUMERIC;
    }

    // ---- Reading the Waddles

    private List<Bookmark> bookmarks(Waddle waddle, List<Channel> channels, Did did) {
        String nick = nick(did);
        List<Bookmark> bookmarks = new ArrayList<>();
        for (Channel channel : channels) {
            bookmarks.add(new Bookmark(channel.roomJid(mucDomain), waddle.name() + " · " + channel.name(), nick));
        }
        return bookmarks;
    }

    /** The Waddle's channels; empty (logged) when it is gone meanwhile. */
    private List<Channel> channelsOf(Waddle waddle) {
        try {
            return waddles.channels(waddle.slug());
        } catch (WaddleException e) {
            Log.debug("Waddle '{}' gone while listing its channels: {}", waddle.slug(), e.getMessage());
            return List.of();
        }
    }

    /** The Waddle's members; empty (logged) when it is gone meanwhile. */
    private List<Member> membersOf(Waddle waddle) {
        try {
            return waddles.members(waddle.slug());
        } catch (WaddleException e) {
            Log.debug("Waddle '{}' gone while listing its members: {}", waddle.slug(), e.getMessage());
            return List.of();
        }
    }

    private boolean isMember(Did did, long waddleId) {
        return waddles.waddlesOf(did).stream().anyMatch(waddle -> waddle.id() == waddleId);
    }

    /** A channel room of the Waddle MUC service (by its name), whoever bookmarked it. */
    private boolean isWaddleRoom(String roomJid) {
        Optional<String> room = LegacyBookmarks.normalized(roomJid);
        if (room.isEmpty()) {
            return false;
        }
        JID jid = new JID(room.get());
        return mucDomain.equals(jid.getDomain()) && jid.getNode() != null && RoomNames.parse(jid.getNode()).isPresent();
    }

    private String nick(Did did) {
        return handles.apply(did).orElseGet(() -> jid(did).getNode());
    }

    // ---- Requests

    /** Sends the request and waits for its answer; empty when none came in time. */
    private Optional<IQ> answer(IQ request) {
        request.setID(idPrefix + nextId.incrementAndGet());
        try {
            return Optional.of(route.ask(request, timeout));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } catch (TimeoutException | RuntimeException e) {
            Log.debug("No answer to {} within {}", request.toXML(), timeout, e);
            return Optional.empty();
        }
    }

    private static boolean succeeded(IQ answer) {
        return answer.getType() == IQ.Type.result;
    }

    private static String errorCondition(IQ answer) {
        return answer.getType() == IQ.Type.error ? Stanzas.errorCondition(answer) : "";
    }

    private JID jid(Did did) {
        try {
            return new JID(JidLocalpart.toLocalpart(did), xmppDomain, null);
        } catch (AtprotoException e) {
            throw new IllegalStateException(did + " has no JID: " + e.getMessage(), e);
        }
    }

    private Optional<Did> userOf(String jid) {
        if (jid == null) {
            return Optional.empty();
        }
        JID address = new JID(jid);
        if (!xmppDomain.equals(address.getDomain()) || address.getNode() == null) {
            return Optional.empty();
        }
        return JidLocalpart.toDid(address.getNode());
    }
}
