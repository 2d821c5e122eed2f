package social.waddle.openfire;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import social.waddle.community.ReconcileReport;
import social.waddle.testbed.ThreadsStarted;

/** The plugin's periodic work: what runs where, decided each time, and no thread left behind. */
class WaddleJobsTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Duration OFTEN = Duration.ofMillis(5);

    private final AtomicInteger reconciles = new AtomicInteger();
    private final AtomicInteger bansLifted = new AtomicInteger();
    private final AtomicInteger retries = new AtomicInteger();
    private final AtomicBoolean senior = new AtomicBoolean(true);
    private volatile CountDownLatch reconciled = new CountDownLatch(1);
    private volatile CountDownLatch retried = new CountDownLatch(1);
    private volatile Duration reconcileInterval = Duration.ofHours(1);
    private WaddleJobs jobs;

    private WaddleJobs jobs(Duration maintenanceInterval) {
        jobs = new WaddleJobs(() -> {
            reconciles.incrementAndGet();
            reconciled.countDown();
            return new ReconcileReport(Instant.EPOCH, Duration.ZERO, 0, List.of(), List.of(), List.of());
        }, () -> {
            bansLifted.incrementAndGet();
            return 0;
        }, () -> {
            retries.incrementAndGet();
            retried.countDown();
        }, () -> reconcileInterval, senior::get, maintenanceInterval);
        return jobs;
    }

    @AfterEach
    void stop() {
        if (jobs != null) {
            jobs.close();
        }
    }

    @Test
    void theStartUpReconcileRunsInTheBackgroundOnTheSeniorMember() throws InterruptedException {
        jobs(Duration.ofHours(1)).start();

        jobs.reconcileNow();

        assertThat(reconciled.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
        assertThat(reconciles).hasValue(1);
    }

    @Test
    void aJuniorClusterMemberRetriesItsOwnFailuresButLeavesClusterWideWorkToTheSenior() throws InterruptedException {
        senior.set(false);
        reconcileInterval = OFTEN;
        jobs(OFTEN).start();
        jobs.reconcileNow();

        for (int i = 0; i < 3; i++) {
            retried = new CountDownLatch(1);
            assertThat(retried.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
        }

        assertThat(retries.get()).isGreaterThanOrEqualTo(3);
        assertThat(reconciles).hasValue(0);
        assertThat(bansLifted).hasValue(0);
    }

    @Test
    void becomingTheSeniorMemberIsNoticedAtTheNextRun() throws InterruptedException {
        senior.set(false);
        reconcileInterval = OFTEN;
        jobs(OFTEN).start();
        retried = new CountDownLatch(2);
        assertThat(retried.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();

        senior.set(true);

        assertThat(reconciled.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
        retried = new CountDownLatch(2);
        assertThat(retried.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
        assertThat(bansLifted.get()).isPositive();
    }

    @Test
    void periodicReconcilesRecurAtTheConfiguredInterval() throws InterruptedException {
        reconcileInterval = OFTEN;
        reconciled = new CountDownLatch(3);

        jobs(Duration.ofHours(1)).start();

        assertThat(reconciled.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
    }

    @Test
    void closeStopsTheThread() throws InterruptedException {
        ThreadsStarted threads = ThreadsStarted.since();
        jobs(OFTEN).start();
        Set<Thread> ours = threads.named(WaddleJobs.THREAD_NAME);
        assertThat(ours).as("the thread these jobs started").isNotEmpty();

        jobs.close();

        assertThat(ThreadsStarted.stillAliveAfter(ours, Duration.ofSeconds(5))).isEmpty();
        jobs.reconcileNow();
        assertThat(reconciles).hasValue(0);
    }
}
