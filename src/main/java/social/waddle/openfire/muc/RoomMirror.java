package social.waddle.openfire.muc;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import social.waddle.atproto.identity.JidLocalpart;
import social.waddle.atproto.syntax.Did;
import social.waddle.community.Channel;
import social.waddle.community.RoomNames;
import social.waddle.community.WaddleException;
import social.waddle.community.WaddleService;

/**
 * What happens in the Waddle MUC service's rooms, reflected into the Waddles, off the MUC dispatch thread. Each
 * event is queued on one worker thread (owned by the plugin) in the order Openfire dispatched it, stamped with the
 * time it was dispatched; this class touches its own state only from that thread, except the message tallies, which
 * the dispatch thread counts into directly.
 *
 * <ul>
 *   <li>Messages are counted per room and written, with the last-seen times of joins, leaves and senders, once per
 *       flush interval: a busy channel costs one transaction per interval, not one per message. No text is kept.</li>
 *   <li>A subject change becomes the channel's topic at once ({@link WaddleService#mirrorRoomSubject}).</li>
 *   <li>A channel room destroyed by someone other than the Waddle component is reported (log and audit) and left to
 *       provisioning to recreate ({@link WaddleService#reportRoomDestroyed}). The room gateway records each
 *       destruction it causes in {@link OwnRoomDestructions}; only those are the component's own.</li>
 *   <li>A room created by someone else is judged by its creator, the first occupant to join it (Openfire dispatches
 *       the creation, then the creator's join): named as a channel of an existing Waddle that lacks it, it becomes
 *       that channel when its creator may add channels there ({@link WaddleService#adoptRoom}), else it is reported
 *       and left alone; any other room not named after a channel is unmanaged (logged). A creation with no join
 *       within {@link #CREATOR_WAIT} (made through an admin console) counts as by an unknown creator.</li>
 * </ul>
 *
 * <p>Events of the component itself (it enters rooms briefly to read and change them) never count as activity.
 */
public final class RoomMirror implements AutoCloseable {

    private static final Logger Log = LoggerFactory.getLogger(RoomMirror.class);

    public static final Duration DEFAULT_FLUSH_INTERVAL = Duration.ofSeconds(5);
    static final Duration CREATOR_WAIT = Duration.ofSeconds(5);

    private final WaddleService waddles;
    private final Clock clock;
    private final ScheduledExecutorService worker;
    private final String xmppDomain;
    private final String componentDomain;
    private final ScheduledFuture<?> flushing;

    // Worker thread only.
    private final Map<String, Activity> pending = new HashMap<>();
    private final Map<String, Instant> awaitingCreator = new HashMap<>();
    private final Set<String> componentInside = new HashSet<>();
    private final OwnRoomDestructions ownDestructions;

    /** Changed only inside {@code compute} and taken with {@code remove}, so the map's lock orders every access. */
    private final ConcurrentMap<String, MessageTally> messageTallies = new ConcurrentHashMap<>();

    /** Messages of one room counted on Openfire's threads since the last flush; senders by bare JID. */
    private static final class MessageTally {
        long messages;
        Instant lastMessageAt;
        final Map<String, Instant> senders = new HashMap<>();
    }

    /** Counted since the last flush, for one room. */
    private static final class Activity {
        long messages;
        Instant lastMessageAt;
        final Map<Did, Instant> seen = new HashMap<>();

        void seen(Did did, Instant at) {
            seen.merge(did, at, (before, now) -> now.isAfter(before) ? now : before);
        }
    }

    /**
     * @param xmppDomain      the server's domain: only its users' localparts name DIDs
     * @param componentDomain the Waddle component's domain, whose own events are ignored
     */
    public RoomMirror(WaddleService waddles, Clock clock, ScheduledExecutorService worker, Duration flushInterval,
                      String xmppDomain, String componentDomain, OwnRoomDestructions ownDestructions) {
        this.ownDestructions = Objects.requireNonNull(ownDestructions);
        this.waddles = Objects.requireNonNull(waddles);
        this.clock = Objects.requireNonNull(clock);
        this.worker = Objects.requireNonNull(worker);
        this.xmppDomain = Objects.requireNonNull(xmppDomain);
        this.componentDomain = Objects.requireNonNull(componentDomain);
        long millis = flushInterval.toMillis();
        this.flushing = worker.scheduleWithFixedDelay(this::flushQuietly, millis, millis, TimeUnit.MILLISECONDS);
    }

    // ---- Called on the MUC dispatch thread: stamp, queue, return.

    /** @param user the occupant's real JID (bare or full), as Openfire reports it */
    public void occupantJoined(String room, String user) {
        Instant at = clock.instant();
        if (isComponent(user)) {
            submit(() -> {
                componentInside.add(room);
                resolveCreator(room, user);
            });
            return;
        }
        submit(() -> {
            resolveCreator(room, user);
            didOf(user).ifPresent(did -> activity(room).seen(did, at));
        });
    }

    public void occupantLeft(String room, String user) {
        Instant at = clock.instant();
        if (isComponent(user)) {
            submit(() -> {
                componentInside.remove(room);
            });
            return;
        }
        submit(() -> didOf(user).ifPresent(did -> activity(room).seen(did, at)));
    }

    /**
     * Counts the message on the calling thread (no task per message: a hand-over to the worker costs more than
     * Openfire's own routing of the message); the next flush takes the counts.
     */
    public void messageReceived(String room, String user) {
        if (isComponent(user)) {
            return;
        }
        Instant at = clock.instant();
        String sender = user == null ? null : bare(user);
        messageTallies.compute(room, (any, tally) -> {
            MessageTally counted = tally == null ? new MessageTally() : tally;
            counted.messages++;
            counted.lastMessageAt = at;
            if (sender != null) {
                counted.senders.put(sender, at);
            }
            return counted;
        });
    }

    public void subjectChanged(String room, String user, String subject) {
        if (isComponent(user)) {
            return;
        }
        submit(() -> mirrorSubject(room, user, subject));
    }

    public void roomCreated(String room) {
        Instant at = clock.instant();
        submit(() -> awaitingCreator.put(room, at));
    }

    public void roomDestroyed(String room) {
        Instant at = clock.instant();
        submit(() -> destroyed(room, at));
    }

    // ---- Worker thread

    private void submit(Runnable task) {
        Worker.submit(worker, task, Log, "Could not reflect a MUC event into the Waddles",
                "MUC event after the room mirror stopped; ignored");
    }

    /** What is counted for the room until the next flush; rooms not named as channels are not counted at all. */
    private Activity activity(String room) {
        if (RoomNames.parse(room).isEmpty()) {
            return new Activity();
        }
        return pending.computeIfAbsent(room, any -> new Activity());
    }

    private void mirrorSubject(String room, String user, String subject) {
        try {
            Optional<Channel> channel = waddles.mirrorRoomSubject(room, subject, didOf(user));
            channel.ifPresent(changed -> Log.info("Topic of channel {} (room {}) follows the room subject set by {}",
                    changed.slug(), room, bare(user)));
        } catch (WaddleException e) {
            Log.warn("The subject {} set by {} in room {} could not become its channel's topic: {}", subject,
                    bare(user), room, e.getMessage());
        }
    }

    private void destroyed(String room, Instant at) {
        awaitingCreator.remove(room);
        componentInside.remove(room);
        boolean byComponent = ownDestructions.claim(room);
        if (byComponent) {
            Log.debug("Room {} destroyed by the Waddle component", room);
            return;
        }
        try {
            Optional<Channel> channel = waddles.reportRoomDestroyed(room);
            if (channel.isPresent()) {
                Log.warn("Room {} of channel {} was destroyed outside Waddle; the channel stays and provisioning "
                        + "recreates its room", room, channel.get().slug());
            } else {
                Log.info("Unmanaged room {} (no Waddle channel) was destroyed", room);
            }
        } catch (WaddleException e) {
            Log.warn("Could not record that room {} was destroyed: {}", room, e.getMessage());
        }
    }

    /** Judges a room created by someone else once its creator is known (the first joiner) or given up on. */
    private void resolveCreator(String room, String user) {
        if (awaitingCreator.remove(room) == null) {
            return;
        }
        if (isComponent(user)) {
            Log.debug("Room {} created by the Waddle component", room);
            return;
        }
        created(room, user);
    }

    private void created(String room, String creator) {
        String who = creator == null ? "an unknown creator (no one joined)" : bare(creator);
        Optional<RoomNames.ChannelRoom> named = RoomNames.parse(room);
        if (named.isEmpty()) {
            Log.info("Unmanaged room {} created by {}: its name is not a Waddle channel's", room, who);
            return;
        }
        if (waddles.channelOfRoom(room).isPresent()) {
            Log.info("Room {} of an existing channel created by {}; provisioning brings it to its channel's "
                    + "configuration", room, who);
            return;
        }
        if (waddles.find(named.get().waddle()).isEmpty()) {
            Log.info("Unmanaged room {} created by {}: there is no Waddle '{}'", room, who, named.get().waddle());
            return;
        }
        Optional<Did> did = creator == null ? Optional.empty() : didOf(creator);
        if (did.isEmpty()) {
            Log.warn("Room {} is named as channel '{}' of Waddle '{}' but was created by {}, who has no DID; not "
                    + "adopted, left unmanaged", room, named.get().channel(), named.get().waddle(), who);
            return;
        }
        try {
            Channel channel = waddles.adoptRoom(did.get(), room);
            Log.info("Room {} created by {} adopted as channel {} of Waddle '{}'", room, who, channel.slug(),
                    named.get().waddle());
        } catch (WaddleException e) {
            Log.warn("Room {} created by {} is named as a channel of Waddle '{}' but not adopted, left unmanaged: {}",
                    room, who, named.get().waddle(), e.getMessage());
        }
    }

    /** Writes what was counted since the last flush, one transaction per room; judges creations nobody joined. */
    void flush() {
        Instant now = clock.instant();
        for (Iterator<Map.Entry<String, Instant>> waiting = awaitingCreator.entrySet().iterator(); waiting.hasNext(); ) {
            Map.Entry<String, Instant> creation = waiting.next();
            if (!creation.getValue().plus(CREATOR_WAIT).isAfter(now)) {
                waiting.remove();
                created(creation.getKey(), null);
            }
        }
        for (String room : messageTallies.keySet()) {
            MessageTally tally = messageTallies.remove(room);
            if (tally == null) {
                continue;
            }
            Activity activity = activity(room);
            activity.messages += tally.messages;
            if (activity.lastMessageAt == null || tally.lastMessageAt.isAfter(activity.lastMessageAt)) {
                activity.lastMessageAt = tally.lastMessageAt;
            }
            tally.senders.forEach((sender, at) -> didOf(sender).ifPresent(did -> activity.seen(did, at)));
        }
        if (pending.isEmpty()) {
            return;
        }
        Map<String, Activity> batch = new HashMap<>(pending);
        pending.clear();
        batch.forEach((room, activity) -> {
            try {
                boolean channel = waddles.recordActivity(room, activity.messages,
                        Optional.ofNullable(activity.lastMessageAt), activity.seen);
                if (channel) {
                    Log.debug("Room {}: {} messages, {} members seen", room, activity.messages, activity.seen.size());
                }
            } catch (RuntimeException e) {
                Log.warn("Could not record the activity of room {} ({} messages); dropped", room, activity.messages, e);
            }
        });
    }

    private void flushQuietly() {
        try {
            flush();
        } catch (RuntimeException e) {
            Log.warn("Flushing room activity failed", e);
        }
    }

    /**
     * Stops the periodic flush and writes what is pending, on the worker (after every event queued before this
     * call). The plugin shuts the worker down afterwards.
     */
    @Override
    public void close() {
        flushing.cancel(false);
        try {
            worker.submit(this::flushQuietly).get(30, TimeUnit.SECONDS);
        } catch (RejectedExecutionException e) {
            Log.debug("Room mirror worker already stopped; pending activity dropped", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            Log.warn("Could not write the last room activity", e);
        }
    }

    // ---- JIDs as strings (this class stays free of Openfire types)

    private boolean isComponent(String user) {
        return user != null && componentDomain.equals(domain(user));
    }

    private Optional<Did> didOf(String user) {
        if (user == null || !xmppDomain.equals(domain(user))) {
            return Optional.empty();
        }
        String bare = bare(user);
        int at = bare.indexOf('@');
        return at < 0 ? Optional.empty() : JidLocalpart.toDid(bare.substring(0, at));
    }

    static String bare(String jid) {
        if (jid == null) {
            return "";
        }
        int slash = jid.indexOf('/');
        return slash < 0 ? jid : jid.substring(0, slash);
    }

    private static String domain(String jid) {
        String bare = bare(jid);
        int at = bare.indexOf('@');
        return at < 0 ? bare : bare.substring(at + 1);
    }
}
