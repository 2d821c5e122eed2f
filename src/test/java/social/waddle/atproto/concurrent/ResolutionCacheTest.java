package social.waddle.atproto.concurrent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import social.waddle.atproto.AtprotoException;
import social.waddle.atproto.AtprotoException.Failure;

class ResolutionCacheTest {

    private static final int THREADS = 64;
    private static final long DEADLINE_SECONDS = 30;

    private final AtomicLong now = new AtomicLong(1_000_000L);
    private final ExecutorService pool = Executors.newFixedThreadPool(THREADS);

    @AfterEach
    void stopThreads() {
        pool.shutdownNow();
    }

    private ResolutionCache<String, String> cache(Duration positive, Duration negative, Duration temporary) {
        return ResolutionCache.builder().positiveTtl(positive).negativeTtl(negative).temporaryFailureTtl(temporary)
                .maxEntries(100).nanoClock(now::get).build();
    }

    private static void await(CountDownLatch latch) throws InterruptedException {
        assertThat(latch.await(DEADLINE_SECONDS, TimeUnit.SECONDS)).as("latch reached before the deadline").isTrue();
    }

    private static void awaitInLoader(CountDownLatch latch) {
        try {
            await(latch);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", interrupted);
        }
    }

    private List<Future<String>> callConcurrently(ResolutionCache<String, String> cache, String key,
            ResolutionCache.Loader<String, String> loader, CountDownLatch allEntered) {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<String>> results = new ArrayList<>();
        for (int i = 0; i < THREADS; i++) {
            results.add(pool.submit(() -> {
                start.await();
                allEntered.countDown();
                return cache.get(key, loader);
            }));
        }
        start.countDown();
        return results;
    }

    @Test
    void sixtyFourConcurrentCallersShareOneLoaderCall() throws Exception {
        ResolutionCache<String, String> cache = cache(Duration.ofMinutes(5), Duration.ofMinutes(1), Duration.ZERO);
        AtomicInteger loaderCalls = new AtomicInteger();
        CountDownLatch allEntered = new CountDownLatch(THREADS);
        CountDownLatch release = new CountDownLatch(1);

        List<Future<String>> results = callConcurrently(cache, "alice.test", key -> {
            loaderCalls.incrementAndGet();
            awaitInLoader(release);
            return "did:plc:for-" + key;
        }, allEntered);
        await(allEntered);
        release.countDown();

        for (Future<String> result : results) {
            assertThat(result.get(DEADLINE_SECONDS, TimeUnit.SECONDS)).isEqualTo("did:plc:for-alice.test");
        }
        assertThat(loaderCalls).hasValue(1);
    }

    @Test
    void aLoaderFailureReachesEveryWaiter() throws Exception {
        ResolutionCache<String, String> cache = cache(Duration.ofMinutes(5), Duration.ofMinutes(1), Duration.ZERO);
        AtomicInteger loaderCalls = new AtomicInteger();
        CountDownLatch allEntered = new CountDownLatch(THREADS);
        CountDownLatch release = new CountDownLatch(1);

        List<Future<String>> results = callConcurrently(cache, "ghost.test", key -> {
            loaderCalls.incrementAndGet();
            awaitInLoader(release);
            throw new AtprotoException(Failure.NOT_FOUND, "Handle ghost.test does not exist");
        }, allEntered);
        await(allEntered);
        release.countDown();

        for (Future<String> result : results) {
            assertThatThrownBy(() -> result.get(DEADLINE_SECONDS, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOf(AtprotoException.class).hasMessage("Handle ghost.test does not exist")
                    .satisfies(e -> assertThat(((AtprotoException) e).failure()).isEqualTo(Failure.NOT_FOUND));
        }
        assertThat(loaderCalls).hasValue(1);
    }

    @Test
    void valuesExpireAfterThePositiveTtl() throws AtprotoException {
        ResolutionCache<String, String> cache = cache(Duration.ofSeconds(60), Duration.ofSeconds(10), Duration.ZERO);
        AtomicInteger loaderCalls = new AtomicInteger();
        ResolutionCache.Loader<String, String> loader = key -> key + "#" + loaderCalls.incrementAndGet();

        assertThat(cache.get("k", loader)).isEqualTo("k#1");
        now.addAndGet(Duration.ofSeconds(60).toNanos() - 1);
        assertThat(cache.get("k", loader)).isEqualTo("k#1");
        assertThat(cache.getIfPresent("k")).contains("k#1");
        now.addAndGet(1);
        assertThat(cache.getIfPresent("k")).isEmpty();
        assertThat(cache.get("k", loader)).isEqualTo("k#2");
        assertThat(loaderCalls).hasValue(2);
    }

    @Test
    void permanentFailuresAreCachedForTheNegativeTtl() {
        ResolutionCache<String, String> cache = cache(Duration.ofSeconds(60), Duration.ofSeconds(10), Duration.ZERO);
        AtomicInteger loaderCalls = new AtomicInteger();
        ResolutionCache.Loader<String, String> loader = key -> {
            loaderCalls.incrementAndGet();
            throw new AtprotoException(Failure.NOT_FOUND, "no such handle");
        };

        assertThatThrownBy(() -> cache.get("k", loader)).hasMessage("no such handle");
        now.addAndGet(Duration.ofSeconds(10).toNanos() - 1);
        assertThatThrownBy(() -> cache.get("k", loader)).isInstanceOf(AtprotoException.class).hasMessage("no such handle")
                .satisfies(e -> assertThat(((AtprotoException) e).failure()).isEqualTo(Failure.NOT_FOUND));
        assertThat(loaderCalls).hasValue(1);
        assertThat(cache.getIfPresent("k")).isEmpty();
        now.addAndGet(1);
        assertThatThrownBy(() -> cache.get("k", loader)).hasMessage("no such handle");
        assertThat(loaderCalls).hasValue(2);
    }

    @Test
    void temporaryFailuresAreNotCachedByDefault() {
        ResolutionCache<String, String> cache = cache(Duration.ofSeconds(60), Duration.ofSeconds(10), Duration.ZERO);
        AtomicInteger loaderCalls = new AtomicInteger();
        ResolutionCache.Loader<String, String> loader = key -> {
            loaderCalls.incrementAndGet();
            throw new AtprotoException(Failure.NETWORK, "connection refused");
        };

        assertThatThrownBy(() -> cache.get("k", loader)).hasMessage("connection refused");
        assertThatThrownBy(() -> cache.get("k", loader)).hasMessage("connection refused");
        assertThat(loaderCalls).hasValue(2);
        assertThat(cache.size()).isZero();
    }

    @Test
    void temporaryFailuresMayBeCachedBriefly() {
        ResolutionCache<String, String> cache = cache(Duration.ofSeconds(60), Duration.ofSeconds(10), Duration.ofSeconds(2));
        AtomicInteger loaderCalls = new AtomicInteger();
        ResolutionCache.Loader<String, String> loader = key -> {
            loaderCalls.incrementAndGet();
            throw new AtprotoException(Failure.TIMEOUT, "timed out");
        };

        assertThatThrownBy(() -> cache.get("k", loader)).hasMessage("timed out");
        assertThatThrownBy(() -> cache.get("k", loader)).hasMessage("timed out");
        assertThat(loaderCalls).hasValue(1);
        now.addAndGet(Duration.ofSeconds(2).toNanos());
        assertThatThrownBy(() -> cache.get("k", loader)).hasMessage("timed out");
        assertThat(loaderCalls).hasValue(2);
    }

    @Test
    void otherExceptionsAreDeliveredButNeverCached() {
        ResolutionCache<String, String> cache = cache(Duration.ofSeconds(60), Duration.ofSeconds(10), Duration.ofSeconds(2));
        AtomicInteger loaderCalls = new AtomicInteger();
        ResolutionCache.Loader<String, String> loader = key -> {
            loaderCalls.incrementAndGet();
            throw new IllegalStateException("bug");
        };

        assertThatThrownBy(() -> cache.get("k", loader)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> cache.get("k", loader)).isInstanceOf(IllegalStateException.class);
        assertThat(loaderCalls).hasValue(2);
    }

    @Test
    void invalidationDuringALoadDoesNotResurrectStaleData() throws Exception {
        ResolutionCache<String, String> cache = cache(Duration.ofMinutes(5), Duration.ofMinutes(1), Duration.ZERO);
        CountDownLatch loading = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Future<String> staleCaller = pool.submit(() -> cache.get("alice.test", key -> {
            loading.countDown();
            awaitInLoader(release);
            return "did:plc:old";
        }));
        await(loading);

        cache.invalidate("alice.test");
        String fresh = cache.get("alice.test", key -> "did:plc:new");
        release.countDown();

        assertThat(fresh).isEqualTo("did:plc:new");
        assertThat(staleCaller.get(DEADLINE_SECONDS, TimeUnit.SECONDS)).isEqualTo("did:plc:old");
        assertThat(cache.getIfPresent("alice.test")).contains("did:plc:new");
    }

    @Test
    void invalidateAllDetachesLoadsInFlight() throws Exception {
        ResolutionCache<String, String> cache = cache(Duration.ofMinutes(5), Duration.ofMinutes(1), Duration.ZERO);
        cache.get("bob.test", key -> "did:plc:bob");
        CountDownLatch loading = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Future<String> staleCaller = pool.submit(() -> cache.get("alice.test", key -> {
            loading.countDown();
            awaitInLoader(release);
            return "did:plc:old";
        }));
        await(loading);

        cache.invalidateAll();
        release.countDown();

        assertThat(staleCaller.get(DEADLINE_SECONDS, TimeUnit.SECONDS)).isEqualTo("did:plc:old");
        assertThat(cache.getIfPresent("alice.test")).isEmpty();
        assertThat(cache.getIfPresent("bob.test")).isEmpty();
        assertThat(cache.size()).isZero();
    }

    @Test
    void evictsTheLeastRecentlyUsedBeyondMaxEntries() throws AtprotoException {
        ResolutionCache<String, String> cache = ResolutionCache.builder().maxEntries(2).nanoClock(now::get).build();
        cache.get("a", key -> "A");
        cache.get("b", key -> "B");
        cache.get("a", key -> "A2");

        cache.get("c", key -> "C");

        assertThat(cache.size()).isEqualTo(2);
        assertThat(cache.getIfPresent("a")).contains("A");
        assertThat(cache.getIfPresent("b")).isEmpty();
        assertThat(cache.getIfPresent("c")).contains("C");
    }

    @Test
    void refusesNonsensicalSettings() {
        assertThatThrownBy(() -> ResolutionCache.builder().maxEntries(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ResolutionCache.builder().positiveTtl(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
