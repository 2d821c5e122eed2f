package social.waddle.openfire;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import social.waddle.community.ListSync;
import social.waddle.community.WaddleSlug;

/**
 * The periodic Bluesky list sync, on a thread of its own (a sync reads whole lists from remote PDSes and may take a
 * while; it must not hold up the room jobs). Every check it asks whether it is enabled and whether this server does
 * cluster-wide work (the senior member, or a server that is not clustered), then syncs the Waddles that are due.
 */
final class ListSyncJob implements AutoCloseable {

    private static final Logger Log = LoggerFactory.getLogger(ListSyncJob.class);

    static final String THREAD_NAME = "waddle-list-sync";
    static final Duration CHECK_INTERVAL = Duration.ofMinutes(1);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);

    private final ListSync sync;
    private final BooleanSupplier enabled;
    private final BooleanSupplier clusterWide;
    private final Supplier<Duration> interval;
    private final Supplier<Duration> maxBackoff;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, THREAD_NAME);
        thread.setDaemon(true);
        return thread;
    });

    ListSyncJob(ListSync sync, BooleanSupplier enabled, BooleanSupplier clusterWide, Supplier<Duration> interval,
                Supplier<Duration> maxBackoff) {
        this.sync = Objects.requireNonNull(sync);
        this.enabled = Objects.requireNonNull(enabled);
        this.clusterWide = Objects.requireNonNull(clusterWide);
        this.interval = Objects.requireNonNull(interval);
        this.maxBackoff = Objects.requireNonNull(maxBackoff);
    }

    void start(Duration every) {
        scheduler.scheduleWithFixedDelay(this::run, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void run() {
        try {
            if (!enabled.getAsBoolean() || !clusterWide.getAsBoolean()) {
                return;
            }
            Map<WaddleSlug, ListSync.Outcome> outcomes = sync.syncDue(interval.get(), maxBackoff.get());
            if (!outcomes.isEmpty()) {
                Log.debug("Periodic Bluesky sync ran for {} Waddle(s)", outcomes.size());
            }
        } catch (RuntimeException | LinkageError e) {
            Log.error("The periodic Bluesky list sync failed", e);
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        try {
            if (!scheduler.awaitTermination(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                Log.warn("The Bluesky list sync thread did not stop within {}", STOP_TIMEOUT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
