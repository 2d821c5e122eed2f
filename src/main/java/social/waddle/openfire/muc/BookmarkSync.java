package social.waddle.openfire.muc;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xmpp.component.IQResultListener;
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

/**
 * Keeps members' <a href="https://xmpp.org/extensions/xep-0402.html">XEP-0402</a> bookmarks of their Waddles'
 * channels, so their clients list (and join) the channels. The server acts for the user: each request goes to the
 * user's own PEP service from the user's bare JID ({@link ChannelBookmarks}) through {@link ServerIqRoute}, and its
 * answer comes back to us, not to the user.
 *
 * <ul>
 *   <li>Becoming a member publishes one bookmark per channel of the Waddle; leaving, removal or a ban retracts
 *       them; a removed channel's bookmark is retracted from every member.</li>
 *   <li>Every publication is checked by reading the node back. Openfire 4.2.0 ignores publish-options and keeps
 *       one item, unstored, per new PEP node: when items are missing, the node is configured as XEP-0402 asks (its
 *       owner may) and every item published again.</li>
 *   <li>Openfire gives a PEP service only to registered users, so an ATProto member who never logged in cannot get
 *       bookmarks yet; nor can one whose publication failed. Each login therefore reconciles: the user's bookmarks
 *       of Waddle channels are published where missing and retracted where they name a channel room of the Waddle
 *       service the user no longer belongs to (channels added since, Waddles left or deleted meanwhile). Bookmarks
 *       the user made of other rooms are never touched.</li>
 * </ul>
 *
 * <p>All of it runs on the plugin's worker thread, never on the thread that changed the Waddle or logged in.
 */
public final class BookmarkSync implements WaddleListener {

    private static final Logger Log = LoggerFactory.getLogger(BookmarkSync.class);

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    private final WaddleService waddles;
    private final ServerIqRoute route;
    private final Executor worker;
    private final String xmppDomain;
    private final String mucDomain;
    private final Function<Did, Optional<String>> handles;
    private final Duration timeout;
    private final String idPrefix = "waddle-bookmarks-" + UUID.randomUUID().toString().substring(0, 8) + "-";
    private final AtomicLong nextId = new AtomicLong();

    /**
     * @param mucDomain the Waddle MUC service's domain, where channel rooms live
     * @param handles   a member's handle, their nickname in bookmarks (else their JID's localpart)
     */
    public BookmarkSync(WaddleService waddles, ServerIqRoute route, Executor worker, String xmppDomain, String mucDomain,
                        Function<Did, Optional<String>> handles, Duration timeout) {
        this.waddles = Objects.requireNonNull(waddles);
        this.route = Objects.requireNonNull(route);
        this.worker = Objects.requireNonNull(worker);
        this.xmppDomain = Objects.requireNonNull(xmppDomain);
        this.mucDomain = Objects.requireNonNull(mucDomain);
        this.handles = Objects.requireNonNull(handles);
        this.timeout = Objects.requireNonNull(timeout);
    }

    @Override
    public void onEvent(WaddleEvent event) {
        if (event instanceof WaddleEvent.MembershipChanged changed) {
            if (changed.oldRole().isEmpty() && changed.newRole().isPresent()) {
                submit(() -> publishWaddle(changed.waddleId(), changed.did()));
            } else if (changed.oldRole().isPresent() && changed.newRole().isEmpty()) {
                submit(() -> retractWaddle(changed.waddleId(), changed.did()));
            }
        } else if (event instanceof WaddleEvent.ChannelRemoved removed) {
            submit(() -> retractChannel(removed.waddleId(), removed.channel()));
        } else if (event instanceof WaddleEvent.ChannelsChanged changed) {
            submit(() -> publishToMembers(changed.waddleId()));
        }
    }

    /** A user's session started: reconcile their channel bookmarks (ATProto accounts only). */
    public void userOnline(String jid) {
        userOf(jid).ifPresent(did -> submit(() -> reconcile(did)));
    }

    /** The member's handle changed: their channel bookmarks are published again with it as the nickname. */
    public void nicknameChanged(Did did) {
        submit(() -> {
            JID user = jid(did);
            for (Waddle waddle : waddles.waddlesOf(did)) {
                publishVerified(user, bookmarks(waddle, did));
            }
            Log.info("Bookmarks of {} published again with nickname {}", user, nick(did));
        });
    }

    private void submit(Runnable task) {
        Worker.submit(worker, task, Log, "Could not update Waddle bookmarks", "Bookmark work after the plugin stopped; ignored");
    }

    // ---- Worker thread

    void publishWaddle(long waddleId, Did did) {
        waddles.find(waddleId).ifPresent(waddle -> publish(waddle, channelsOf(waddle), did));
    }

    private void publish(Waddle waddle, List<Channel> channels, Did did) {
        List<ChannelBookmarks.Bookmark> bookmarks = bookmarks(waddle, channels, did);
        JID user = jid(did);
        if (publishVerified(user, bookmarks)) {
            Log.info("{} bookmarks of Waddle '{}' published for {}", bookmarks.size(), waddle.slug(), user);
        }
    }

    /**
     * Retracts the bookmark of every channel room of the Waddle by item id (the room JID), without reading the node
     * first: Openfire 4.2.0 may list fewer items than the node holds. Retracting an absent item is harmless.
     */
    void retractWaddle(long waddleId, Did did) {
        Optional<Waddle> waddle = waddles.find(waddleId);
        if (waddle.isEmpty()) {
            return;
        }
        JID user = jid(did);
        int retracted = 0;
        for (ChannelBookmarks.Bookmark bookmark : bookmarks(waddle.get(), did)) {
            Optional<IQ> answer = retract(user, bookmark);
            if (answer.filter(this::succeeded).isPresent()) {
                retracted++;
            } else {
                Log.debug("Retracting bookmark {} of {}: {}", bookmark.roomJid(), user,
                        answer.map(BookmarkSync::errorCondition).orElse("no answer"));
            }
        }
        Log.info("{} bookmarks of Waddle '{}' retracted for {}", retracted, waddle.get().slug(), user);
    }

    /** The Waddle's channels changed (added, renamed): every member's bookmarks follow; channels are read once. */
    void publishToMembers(long waddleId) {
        Optional<Waddle> waddle = waddles.find(waddleId);
        if (waddle.isEmpty()) {
            return;
        }
        List<Channel> channels = channelsOf(waddle.get());
        for (Member member : membersOf(waddle.get())) {
            publish(waddle.get(), channels, member.did());
        }
    }

    void retractChannel(long waddleId, Channel channel) {
        Optional<Waddle> waddle = waddles.find(waddleId);
        if (waddle.isEmpty()) {
            return;
        }
        List<Member> members = membersOf(waddle.get());
        for (Member member : members) {
            retract(jid(member.did()), bookmark(waddle.get(), channel, nick(member.did())));
        }
        Log.info("Bookmark of removed channel {} retracted for {} members", channel.roomJid(mucDomain), members.size());
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

    /** Publishes what is missing and retracts bookmarks of Waddle channel rooms the user no longer belongs to. */
    void reconcile(Did did) {
        JID user = jid(did);
        Map<String, ChannelBookmarks.Bookmark> wanted = new LinkedHashMap<>();
        for (Waddle waddle : waddles.waddlesOf(did)) {
            bookmarks(waddle, did).forEach(bookmark -> wanted.put(bookmark.roomJid(), bookmark));
        }
        Optional<Set<String>> read = read(user);
        if (read.isEmpty()) {
            return;
        }
        Set<String> present = read.get();
        List<ChannelBookmarks.Bookmark> missing = new ArrayList<>();
        wanted.forEach((roomJid, bookmark) -> {
            if (!present.contains(roomJid)) {
                missing.add(bookmark);
            }
        });
        int retracted = 0;
        for (String roomJid : present) {
            JID room = new JID(roomJid);
            boolean waddleRoom = mucDomain.equals(room.getDomain()) && RoomNames.parse(room.getNode()).isPresent();
            if (waddleRoom && !wanted.containsKey(roomJid)) {
                retract(user, new ChannelBookmarks.Bookmark(roomJid, roomJid, nick(did)));
                retracted++;
            }
        }
        if (!missing.isEmpty()) {
            publishVerified(user, missing);
        }
        if (!missing.isEmpty() || retracted > 0) {
            Log.info("Bookmarks of {} reconciled at login: {} published, {} retracted", user, missing.size(), retracted);
        }
    }

    /**
     * Retracts one bookmark. Openfire 4.2.0 caches published items under node id and item id only, not the PEP service
     * (its {@code PublishedItem.getItemKey}), so every member's bookmark of a room shares one cache entry: a retraction
     * of an item that is not the node's last published one may find another member's item there and be refused
     * ({@code forbidden}: not its publisher, not an owner of its node). The node's own last published item is looked
     * at before that cache, so on {@code forbidden} the bookmark is published again, which makes it the last one, and
     * retracted right after.
     */
    private Optional<IQ> retract(JID user, ChannelBookmarks.Bookmark bookmark) {
        Optional<IQ> answer = answer(ChannelBookmarks.retract(user, bookmark.roomJid()));
        if (answer.isEmpty() || !"forbidden".equals(errorCondition(answer.get()))) {
            return answer;
        }
        Optional<IQ> published = answer(ChannelBookmarks.publish(user, bookmark, false));
        if (published.isEmpty() || !succeeded(published.get())) {
            return answer;
        }
        return answer(ChannelBookmarks.retract(user, bookmark.roomJid()));
    }

    /** Publishes, reads back, and repairs the node once if items are missing; true when all are there. */
    private boolean publishVerified(JID user, List<ChannelBookmarks.Bookmark> bookmarks) {
        if (bookmarks.isEmpty()) {
            return true;
        }
        for (ChannelBookmarks.Bookmark bookmark : bookmarks) {
            Optional<IQ> answer = answer(ChannelBookmarks.publish(user, bookmark, true));
            if (answer.isPresent() && "precondition-not-met".equals(errorCondition(answer.get()))) {
                // The node exists with another configuration (XEP-0060 §7.1.5): publish without the options.
                answer = answer(ChannelBookmarks.publish(user, bookmark, false));
            }
            if (answer.isEmpty() || !succeeded(answer.get())) {
                Log.info("Could not publish bookmark {} for {} ({}); it is published at their next login",
                        bookmark.roomJid(), user, answer.map(ChannelBookmarks::describe).orElse("no answer"));
                return false;
            }
        }
        Set<String> missing = missing(user, bookmarks);
        if (missing.isEmpty()) {
            return true;
        }
        // Openfire 4.2.0 ignored the publish-options: one item per node, kept only in memory. Configure the node, then
        // publish every item again: those published before were never stored, the last one included.
        Optional<IQ> configured = answer(ChannelBookmarks.configureNode(user));
        Log.debug("Bookmark node of {} kept {} of {} items; configured it: {}", user,
                bookmarks.size() - missing.size(), bookmarks.size(),
                configured.map(ChannelBookmarks::describe).orElse("no answer"));
        for (ChannelBookmarks.Bookmark bookmark : bookmarks) {
            answer(ChannelBookmarks.publish(user, bookmark, false));
        }
        Set<String> stillMissing = missing(user, bookmarks);
        if (!stillMissing.isEmpty()) {
            Log.warn("Bookmarks {} of {} are missing from their PEP node after publishing them", stillMissing, user);
            return false;
        }
        return true;
    }

    private Set<String> missing(JID user, List<ChannelBookmarks.Bookmark> bookmarks) {
        Set<String> present = read(user).orElse(Set.of());
        Set<String> missing = new LinkedHashSet<>();
        for (ChannelBookmarks.Bookmark bookmark : bookmarks) {
            if (!present.contains(bookmark.roomJid())) {
                missing.add(bookmark.roomJid());
            }
        }
        return missing;
    }

    /** The ids in the user's bookmark node; empty set when there is no node yet, empty when it cannot be read. */
    private Optional<Set<String>> read(JID user) {
        Optional<IQ> answer = answer(ChannelBookmarks.items(user));
        if (answer.isEmpty()) {
            return Optional.empty();
        }
        if (succeeded(answer.get())) {
            return Optional.of(ChannelBookmarks.itemIds(answer.get()));
        }
        if ("item-not-found".equals(errorCondition(answer.get()))) {
            return Optional.of(Set.of());
        }
        Log.debug("Cannot read the bookmarks of {}: {}", user, ChannelBookmarks.describe(answer.get()));
        return Optional.empty();
    }

    private List<ChannelBookmarks.Bookmark> bookmarks(Waddle waddle, Did did) {
        return bookmarks(waddle, channelsOf(waddle), did);
    }

    private List<ChannelBookmarks.Bookmark> bookmarks(Waddle waddle, List<Channel> channels, Did did) {
        String nick = nick(did);
        List<ChannelBookmarks.Bookmark> bookmarks = new ArrayList<>();
        for (Channel channel : channels) {
            bookmarks.add(bookmark(waddle, channel, nick));
        }
        return bookmarks;
    }

    private ChannelBookmarks.Bookmark bookmark(Waddle waddle, Channel channel, String nick) {
        return new ChannelBookmarks.Bookmark(channel.roomJid(mucDomain), waddle.name() + " · " + channel.name(), nick);
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

    private String nick(Did did) {
        return handles.apply(did).orElseGet(() -> jid(did).getNode());
    }

    /** Sends the request and waits for its answer; empty when none came in time. */
    private Optional<IQ> answer(IQ request) {
        request.setID(idPrefix + nextId.incrementAndGet());
        CompletableFuture<IQ> answer = new CompletableFuture<>();
        try {
            route.route(request, new IQResultListener() {
                @Override
                public void receivedAnswer(IQ packet) {
                    answer.complete(packet);
                }

                @Override
                public void answerTimeout(String packetId) {
                    answer.completeExceptionally(new TimeoutException(packetId));
                }
            }, timeout);
            return Optional.of(answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            Log.debug("No answer to {} within {}", request.toXML(), timeout, e);
            return Optional.empty();
        }
    }

    private boolean succeeded(IQ answer) {
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
