package social.waddle.community;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import social.waddle.atproto.syntax.Did;
import social.waddle.community.ProvisioningFailure.Operation;
import social.waddle.community.ReconcileReport.Outcome;
import social.waddle.community.ReconcileReport.RoomReport;
import social.waddle.community.rooms.RoomGateway;
import social.waddle.community.rooms.RoomGatewayException;
import social.waddle.community.rooms.RoomSpec;

/**
 * Keeps the rooms of Waddle channels as {@link RoomSpecs} says they must be.
 *
 * <p>As a {@link WaddleListener} it hands every committed change to its own single worker thread and returns at
 * once, so the thread that made the change (an XMPP command) never waits for the MUC service. The worker runs one
 * task at a time in the order the changes were published, so the rooms of one Waddle follow its changes in order.
 * Each task reads the Waddle afresh and applies the whole spec of each of its rooms ({@link RoomGateway#apply} changes
 * only what differs), so a task that is still queued when a newer change of the same Waddle arrives covers both.
 * Failed room work is recorded ({@link #failures()}) and tried again by {@link #retryFailures()}.
 *
 * <p>{@link #reconcile()} compares every channel with the MUC service and repairs what differs, on the same worker
 * (one Waddle per task, so changes made meanwhile are not overtaken by an older reading). Because the database is the
 * truth and every step is idempotent, a provisioning interrupted by a crash after the database commit is finished by
 * the next reconcile.
 */
public final class Provisioner implements WaddleListener, AutoCloseable {

    private static final Logger Log = LoggerFactory.getLogger(Provisioner.class);

    static final String WORKER_NAME = "waddle-provisioning";
    private static final int WADDLE_PAGE = 500;
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);
    private static final Duration FIRST_RETRY_DELAY = Duration.ofMinutes(1);
    private static final Duration LONGEST_RETRY_DELAY = Duration.ofHours(1);

    private final WaddleRepository repository;
    private final RoomGateway rooms;
    private final Function<Did, Optional<String>> nicknames;
    private final String xmppDomain;
    private final Clock clock;
    private final ThreadPoolExecutor worker;
    private final Set<Long> queuedWaddles = ConcurrentHashMap.newKeySet();
    private final Map<String, ProvisioningFailure> failures = new ConcurrentHashMap<>();
    private final ReentrantLock oneReconcileAtATime = new ReentrantLock();
    private volatile Thread workerThread;

    /** The state of a Waddle read in one transaction. */
    private record Snapshot(Waddle waddle, List<Channel> channels, List<Member> members, List<Ban> bans) {
    }

    /**
     * @param xmppDomain the server's XMPP domain, where members' JIDs live
     */
    public Provisioner(WaddleRepository repository, RoomGateway rooms, String xmppDomain, Clock clock) {
        this(repository, rooms, xmppDomain, clock, did -> Optional.empty());
    }

    /** @param nicknames a member's verified handle, reserved as their nickname in the channel rooms */
    public Provisioner(WaddleRepository repository, RoomGateway rooms, String xmppDomain, Clock clock,
                       Function<Did, Optional<String>> nicknames) {
        this.nicknames = Objects.requireNonNull(nicknames);
        this.repository = Objects.requireNonNull(repository);
        this.rooms = Objects.requireNonNull(rooms);
        this.xmppDomain = Objects.requireNonNull(xmppDomain);
        this.clock = Objects.requireNonNull(clock);
        this.worker = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), runnable -> {
            Thread thread = new Thread(runnable, WORKER_NAME);
            thread.setDaemon(true);
            workerThread = thread;
            return thread;
        });
    }

    // ---- Changes

    @Override
    public void onEvent(WaddleEvent event) {
        if (event instanceof WaddleEvent.ChannelRemoved removed) {
            destroySoon(event.waddleId(), removed.channel().roomLocalpart(), "Channel " + removed.channel().slug()
                    + " was removed from its Waddle");
        } else if (event instanceof WaddleEvent.WaddleDeleted deleted) {
            for (Channel channel : deleted.channels()) {
                destroySoon(event.waddleId(), channel.roomLocalpart(), "Waddle " + deleted.waddle().slug()
                        + " was deleted");
            }
        } else {
            syncSoon(event.waddleId());
        }
    }

    /** A member's handle changed: the rooms of their Waddles get the new reserved nickname, in the background. */
    public void nicknameChanged(Did did) {
        try {
            for (Waddle waddle : repository.read(store -> store.waddlesOf(did))) {
                syncSoon(waddle.id());
            }
        } catch (RuntimeException e) {
            Log.warn("Could not list the Waddles of {} to reserve their new nickname; the next reconcile does", did, e);
        }
    }

    /** Queues a sync of every room of the Waddle, unless one is queued and not yet started. */
    private void syncSoon(long waddleId) {
        if (!queuedWaddles.add(waddleId)) {
            return;
        }
        boolean queued = submit("sync Waddle " + waddleId, () -> {
            queuedWaddles.remove(waddleId);
            syncRecordingFailure(waddleId);
            return null;
        }).isPresent();
        if (!queued) {
            queuedWaddles.remove(waddleId);
        }
    }

    private void destroySoon(long waddleId, String localpart, String reason) {
        submit("destroy room " + localpart, () -> {
            destroyRoom(waddleId, localpart, reason);
            return null;
        });
    }

    private <T> Optional<Future<T>> submit(String what, Callable<T> task) {
        try {
            return Optional.of(worker.submit(task));
        } catch (RejectedExecutionException e) {
            Log.info("Provisioning has stopped; not queuing '{}' (the next reconcile will see to it)", what);
            return Optional.empty();
        }
    }

    private void syncRecordingFailure(long waddleId) {
        try {
            syncWaddle(waddleId);
            failures.remove(waddleFailureKey(waddleId));
        } catch (RuntimeException e) {
            Log.warn("Could not read Waddle {} to provision its rooms; will try again: {}", waddleId, e.getMessage());
            recordFailure(Operation.SYNC_WADDLE, Long.toString(waddleId), waddleId, e.getMessage());
        }
    }

    /** Brings every room of the Waddle to its spec; empty when the Waddle is gone. Storage failures are thrown. */
    private List<RoomReport> syncWaddle(long waddleId) {
        Optional<Snapshot> snapshot = repository.read(store -> store.findWaddle(waddleId).map(waddle ->
                new Snapshot(waddle, store.channels(waddleId), store.members(waddleId), store.bans(waddleId))));
        if (snapshot.isEmpty()) {
            return List.of();
        }
        Instant now = clock.instant();
        List<RoomReport> reports = new ArrayList<>();
        for (Channel channel : snapshot.get().channels()) {
            reports.add(applyRoom(snapshot.get(), channel, now));
        }
        return reports;
    }

    private RoomReport applyRoom(Snapshot snapshot, Channel channel, Instant now) {
        RoomSpec spec = RoomSpecs.of(snapshot.waddle(), channel, snapshot.members(), snapshot.bans(), xmppDomain, now,
                nicknames);
        long started = System.nanoTime();
        try {
            List<String> changes = rooms.apply(spec);
            failures.remove(roomFailureKey(spec.localpart()));
            Outcome outcome = changes.isEmpty() ? Outcome.OK
                    : changes.contains("created") ? Outcome.CREATED : Outcome.REPAIRED;
            return new RoomReport(spec.localpart(), snapshot.waddle().slug(), channel.slug(), outcome, changes,
                    Optional.empty(), elapsedSince(started));
        } catch (RoomGatewayException | RuntimeException e) {
            Log.warn("Could not bring room {} of Waddle {} to its spec; will try again: {}", spec.localpart(),
                    snapshot.waddle().slug(), e.getMessage());
            recordFailure(Operation.APPLY, spec.localpart(), snapshot.waddle().id(), String.valueOf(e.getMessage()));
            return new RoomReport(spec.localpart(), snapshot.waddle().slug(), channel.slug(), Outcome.FAILED, List.of(),
                    Optional.of(String.valueOf(e.getMessage())), elapsedSince(started));
        }
    }

    /**
     * Destroys the room of a removed channel. When a channel of the same name has been made since (the same slugs
     * again), the old room still goes, so nothing said in it carries over, and the new channel gets a fresh room.
     */
    private void destroyRoom(long waddleId, String localpart, String reason) {
        try {
            rooms.destroy(localpart, reason);
            failures.remove(roomFailureKey(localpart));
        } catch (RoomGatewayException | RuntimeException e) {
            Log.warn("Could not destroy room {}; will try again: {}", localpart, e.getMessage());
            recordFailure(Operation.DESTROY, localpart, waddleId, String.valueOf(e.getMessage()));
            return;
        }
        try {
            repository.read(store -> store.findChannelByRoom(localpart))
                    .ifPresent(successor -> syncRecordingFailure(successor.waddleId()));
        } catch (RuntimeException e) {
            Log.warn("Room {} was destroyed, but whether a new channel uses its name could not be read (the next "
                    + "reconcile will see): {}", localpart, e.getMessage());
        }
    }

    // ---- Failures

    private static String roomFailureKey(String localpart) {
        return "room:" + localpart;
    }

    private static String waddleFailureKey(long waddleId) {
        return "waddle:" + waddleId;
    }

    private void recordFailure(Operation operation, String subject, long waddleId, String error) {
        Instant now = clock.instant();
        ProvisioningFailure fresh = new ProvisioningFailure(operation, subject, waddleId, error, now, now, 1);
        failures.merge(fresh.key(), fresh, (previous, ignored) -> previous.operation() == operation
                ? previous.again(error, now) : fresh);
    }

    /** Room work that failed and has not succeeded since, oldest first. */
    public List<ProvisioningFailure> failures() {
        return failures.values().stream()
                .sorted((a, b) -> a.firstFailedAt().compareTo(b.firstFailedAt()))
                .collect(Collectors.toList());
    }

    /**
     * Queues the recorded failures that are due to be tried again; returns how many were queued. A failure is due
     * {@link #retryDelay} after it last failed, so a service that keeps refusing is asked less and less often.
     */
    public int retryFailures() {
        Instant now = clock.instant();
        List<ProvisioningFailure> pending = failures().stream()
                .filter(failure -> !now.isBefore(failure.lastFailedAt().plus(retryDelay(failure.attempts()))))
                .collect(Collectors.toList());
        for (ProvisioningFailure failure : pending) {
            switch (failure.operation()) {
                case SYNC_WADDLE -> syncSoon(failure.waddleId());
                case DESTROY -> submit("retry destroying room " + failure.subject(), () -> {
                    destroyRoom(failure.waddleId(), failure.subject(), "Its channel was removed");
                    return null;
                });
                case APPLY -> submit("retry room " + failure.subject(), () -> {
                    Optional<Channel> channel = repository.read(store -> store.findChannelByRoom(failure.subject()));
                    if (channel.isEmpty()) {
                        // The channel is gone since; its removal destroys the room.
                        failures.remove(failure.key());
                    } else {
                        syncRecordingFailure(channel.get().waddleId());
                    }
                    return null;
                });
                default -> throw new IllegalStateException("Unknown operation " + failure.operation());
            }
        }
        if (!pending.isEmpty()) {
            Log.info("Trying {} failed room operation(s) again", pending.size());
        }
        return pending.size();
    }

    /** One minute after the first failure, doubling with each further one, at most an hour. */
    static Duration retryDelay(int attempts) {
        int doublings = Math.min(Math.max(attempts, 1) - 1, 6);
        Duration delay = FIRST_RETRY_DELAY.multipliedBy(1L << doublings);
        return delay.compareTo(LONGEST_RETRY_DELAY) > 0 ? LONGEST_RETRY_DELAY : delay;
    }

    // ---- Reconciliation

    /**
     * Compares every channel's room with the MUC service and repairs what differs, then lists the service's rooms
     * named like Waddle rooms that no channel uses. Waits for the work, which runs on the provisioning worker; running
     * it twice in a row changes nothing the second time.
     *
     * @throws IllegalStateException when called on the provisioning worker itself
     */
    public ReconcileReport reconcile() {
        if (Thread.currentThread() == workerThread) {
            throw new IllegalStateException("reconcile() waits for the provisioning worker and cannot run on it");
        }
        Instant startedAt = clock.instant();
        long started = System.nanoTime();
        List<String> errors = new ArrayList<>();
        try {
            oneReconcileAtATime.lockInterruptibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new ReconcileReport(startedAt, elapsedSince(started), 0, List.of(), List.of(),
                    List.of("Interrupted while waiting for another reconcile to finish"));
        }
        try {
            List<Long> waddleIds;
            try {
                waddleIds = allWaddleIds();
            } catch (RuntimeException e) {
                errors.add("Could not list the Waddles: " + e.getMessage());
                waddleIds = List.of();
            }
            List<Future<List<RoomReport>>> perWaddle = new ArrayList<>();
            for (long waddleId : waddleIds) {
                submit("reconcile Waddle " + waddleId, () -> reconcileWaddle(waddleId)).ifPresentOrElse(perWaddle::add,
                        () -> errors.add("Provisioning stopped before Waddle " + waddleId + " was reconciled"));
            }
            Optional<Future<List<String>>> unmanaged = submit("list unmanaged rooms", this::unmanagedRooms);

            List<RoomReport> reports = new ArrayList<>();
            for (Future<List<RoomReport>> waddle : perWaddle) {
                await(waddle, "reconcile a Waddle", errors).ifPresent(reports::addAll);
            }
            List<String> unmanagedRooms = unmanaged.flatMap(future -> await(future, "list the rooms of the service", errors))
                    .orElse(List.of());
            if (unmanaged.isEmpty()) {
                errors.add("Provisioning stopped before the rooms of the service were listed");
            }
            ReconcileReport report = new ReconcileReport(startedAt, elapsedSince(started), waddleIds.size(), reports,
                    unmanagedRooms, errors);
            if (report.allInOrder()) {
                Log.info("{}", report.summary());
            } else {
                Log.info("{}", report.toText());
            }
            return report;
        } finally {
            oneReconcileAtATime.unlock();
        }
    }

    private List<RoomReport> reconcileWaddle(long waddleId) {
        try {
            List<RoomReport> reports = syncWaddle(waddleId);
            failures.remove(waddleFailureKey(waddleId));
            return reports;
        } catch (RuntimeException e) {
            recordFailure(Operation.SYNC_WADDLE, Long.toString(waddleId), waddleId, e.getMessage());
            throw new IllegalStateException("Waddle " + waddleId + " could not be read: " + e.getMessage(), e);
        }
    }

    private List<Long> allWaddleIds() {
        List<Long> ids = new ArrayList<>();
        for (int offset = 0; ; offset += WADDLE_PAGE) {
            List<Waddle> page = repository.findWaddles("", offset, WADDLE_PAGE);
            page.forEach(waddle -> ids.add(waddle.id()));
            if (page.size() < WADDLE_PAGE) {
                return ids;
            }
        }
    }

    /** Rooms of the service named like Waddle rooms that no channel uses now. */
    private List<String> unmanagedRooms() throws RoomGatewayException {
        List<String> unmanaged = new ArrayList<>();
        for (String localpart : rooms.rooms()) {
            if (RoomNames.parse(localpart).isPresent()
                    && repository.read(store -> store.findChannelByRoom(localpart)).isEmpty()) {
                unmanaged.add(localpart);
            }
        }
        return unmanaged;
    }

    private static <T> Optional<T> await(Future<T> future, String what, List<String> errors) {
        try {
            return Optional.of(future.get());
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            errors.add("Could not " + what + ": " + cause.getMessage());
        } catch (CancellationException e) {
            errors.add("Provisioning stopped before it could " + what);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            future.cancel(false);
            errors.add("Interrupted while waiting to " + what);
        }
        return Optional.empty();
    }

    private static Duration elapsedSince(long startedNanos) {
        return Duration.ofNanos(System.nanoTime() - startedNanos);
    }

    // ---- Lifecycle

    /** Waits until everything queued so far has run; false when that takes longer than {@code timeout}. */
    public boolean awaitIdle(Duration timeout) throws InterruptedException {
        Optional<Future<Object>> marker = submit("wait until idle", () -> null);
        if (marker.isEmpty()) {
            return worker.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }
        try {
            marker.get().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException | CancellationException e) {
            return true;
        }
    }

    /** Stops the worker: queued work is dropped (the next reconcile does it), running work is interrupted. */
    @Override
    public void close() {
        for (Runnable pending : worker.shutdownNow()) {
            if (pending instanceof Future<?> future) {
                future.cancel(false);
            }
        }
        try {
            if (!worker.awaitTermination(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                Log.warn("The provisioning worker did not stop within {}", STOP_TIMEOUT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        queuedWaddles.clear();
    }
}
