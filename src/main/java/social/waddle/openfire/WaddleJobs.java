package social.waddle.openfire;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import social.waddle.community.ReconcileReport;

/**
 * The plugin's periodic work, on one thread of its own that {@link #close()} stops: reconciling the channel rooms
 * (once at start-up, then every reconcile interval, re-read before each run), lifting expired bans, and retrying failed
 * room operations (every minute). Reconciling and lifting bans concern the whole cluster, so they run only where
 * {@code clusterWide} says so (the senior member, or a server that is not clustered), asked each time; retries concern
 * this server's own failures and run everywhere.
 *
 * <p>Not Openfire's {@code TaskEngine}: its {@code TimerTask} methods differ between 4.2.0 and 5.x.
 */
final class WaddleJobs implements AutoCloseable {

    private static final Logger Log = LoggerFactory.getLogger(WaddleJobs.class);

    static final String THREAD_NAME = "waddle-jobs";
    static final Duration MAINTENANCE_INTERVAL = Duration.ofMinutes(1);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);

    private final Supplier<ReconcileReport> reconcile;
    private final Callable<Integer> liftExpiredBans;
    private final Runnable retryFailures;
    private final Supplier<Duration> reconcileInterval;
    private final BooleanSupplier clusterWide;
    private final Duration maintenanceInterval;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, THREAD_NAME);
        thread.setDaemon(true);
        return thread;
    });

    WaddleJobs(Supplier<ReconcileReport> reconcile, Callable<Integer> liftExpiredBans, Runnable retryFailures,
               Supplier<Duration> reconcileInterval, BooleanSupplier clusterWide, Duration maintenanceInterval) {
        this.reconcile = Objects.requireNonNull(reconcile);
        this.liftExpiredBans = Objects.requireNonNull(liftExpiredBans);
        this.retryFailures = Objects.requireNonNull(retryFailures);
        this.reconcileInterval = Objects.requireNonNull(reconcileInterval);
        this.clusterWide = Objects.requireNonNull(clusterWide);
        this.maintenanceInterval = Objects.requireNonNull(maintenanceInterval);
    }

    /** Schedules the periodic work; the first reconcile is {@link #reconcileNow}'s. */
    void start() {
        long every = maintenanceInterval.toMillis();
        scheduler.scheduleWithFixedDelay(this::maintain, every, every, TimeUnit.MILLISECONDS);
        scheduleNextReconcile();
    }

    /** Reconciles in the background as soon as the thread is free (at start-up, once the component is up). */
    void reconcileNow() {
        try {
            scheduler.execute(() -> reconcileIfClusterWide("start-up"));
        } catch (RejectedExecutionException e) {
            Log.debug("Waddle jobs stopped before the start-up reconcile");
        }
    }

    private void scheduleNextReconcile() {
        try {
            scheduler.schedule(() -> {
                try {
                    reconcileIfClusterWide("periodic");
                } finally {
                    scheduleNextReconcile();
                }
            }, reconcileInterval.get().toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            Log.debug("Waddle jobs stopped; no further reconcile scheduled");
        }
    }

    private void reconcileIfClusterWide(String why) {
        if (!runsClusterWideWorkHere()) {
            Log.debug("Skipping the {} reconcile: another cluster member does it", why);
            return;
        }
        try {
            ReconcileReport report = reconcile.get();
            Log.debug("The {} reconcile: {}", why, report.summary());
        } catch (RuntimeException e) {
            Log.error("The {} reconcile of the Waddle rooms failed", why, e);
        }
    }

    private void maintain() {
        try {
            retryFailures.run();
        } catch (RuntimeException e) {
            Log.error("Could not retry failed room operations", e);
        }
        if (!runsClusterWideWorkHere()) {
            return;
        }
        try {
            int lifted = liftExpiredBans.call();
            if (lifted > 0) {
                Log.info("Lifted {} expired Waddle ban(s)", lifted);
            }
        } catch (Exception e) {
            Log.error("Could not lift expired Waddle bans", e);
        }
    }

    private boolean runsClusterWideWorkHere() {
        try {
            return clusterWide.getAsBoolean();
        } catch (RuntimeException | LinkageError e) {
            Log.warn("Could not tell whether this is the senior cluster member; skipping cluster-wide work this time", e);
            return false;
        }
    }

    /** Stops the thread, interrupting a running job; no thread is left behind. */
    @Override
    public void close() {
        scheduler.shutdownNow();
        try {
            if (!scheduler.awaitTermination(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                Log.warn("The Waddle jobs thread did not stop within {}", STOP_TIMEOUT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
