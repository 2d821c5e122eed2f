package social.waddle.openfire.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import social.waddle.atproto.AtprotoException;
import social.waddle.settings.WaddleSettings;
import social.waddle.testbed.TestClock;

class OpenfireCacheReplayCacheTest {

    private final TestClock clock = new TestClock(Instant.parse("2026-06-01T12:00:00Z"));
    private final MapBackedCache<String, Long> shared = new MapBackedCache<>(OpenfireCacheReplayCache.CACHE_NAME,
            OpenfireCacheReplayCache.MAX_BYTES, OpenfireCacheReplayCache.ENTRY_LIFETIME.toMillis());

    private OpenfireCacheReplayCache node(int maxEntries) {
        return new OpenfireCacheReplayCache(shared, maxEntries, clock);
    }

    private Instant inAMinute() {
        return clock.instant().plusSeconds(60);
    }

    @Test
    void refusesASecondClaimOfTheSameJtiByTheSameIssuer() throws Exception {
        OpenfireCacheReplayCache cache = node(10);
        cache.claim("did:plc:a", "jti-1", inAMinute());

        assertThatThrownBy(() -> cache.claim("did:plc:a", "jti-1", inAMinute()))
                .isInstanceOf(AtprotoException.class).hasMessageContaining("already used");
    }

    @Test
    void aTokenUsedOnOneNodeIsRefusedOnAnother() throws Exception {
        OpenfireCacheReplayCache first = node(10);
        OpenfireCacheReplayCache second = node(10);
        first.claim("did:plc:a", "jti-1", inAMinute());

        assertThatThrownBy(() -> second.claim("did:plc:a", "jti-1", inAMinute()))
                .isInstanceOfSatisfying(AtprotoException.class,
                        refused -> assertThat(refused.failure()).isEqualTo(AtprotoException.Failure.NOT_AUTHORIZED))
                .hasMessageContaining("replay refused");
    }

    @Test
    void keepsJtisPerIssuer() throws Exception {
        OpenfireCacheReplayCache cache = node(10);

        cache.claim("did:plc:a", "jti-1", inAMinute());
        cache.claim("did:plc:b", "jti-1", inAMinute());

        assertThat(shared).hasSize(2);
    }

    @Test
    void holdsOnlyFixedSizeDigestKeysAndEpochMillisValues() throws Exception {
        Instant keepUntil = inAMinute();

        node(10).claim("did:plc:alice", "the-token-id", keepUntil);

        assertThat(shared).containsOnlyKeys(OpenfireCacheReplayCache.key("did:plc:alice", "the-token-id"));
        assertThat(shared.keySet()).allSatisfy(key -> assertThat(key).hasSize(43)
                .doesNotContain("alice").doesNotContain("the-token-id"));
        assertThat(shared.values()).containsExactly(keepUntil.toEpochMilli());
        assertThat(shared.values()).allSatisfy(value -> assertThat(value.getClass()).isEqualTo(Long.class));
    }

    @Test
    void separatesIssuerFromJtiInTheKey() {
        assertThat(OpenfireCacheReplayCache.key("did:plc:ab", "c")).isNotEqualTo(OpenfireCacheReplayCache.key("did:plc:a", "bc"));
    }

    @Test
    void acceptsTheIdAgainOnceItsKeepUntilHasPassed() throws Exception {
        OpenfireCacheReplayCache cache = node(10);
        cache.claim("did:plc:a", "jti-1", inAMinute());
        clock.advance(Duration.ofSeconds(61));

        cache.claim("did:plc:a", "jti-1", inAMinute());

        assertThat(shared).containsValue(inAMinute().toEpochMilli());
    }

    @Test
    void refusesNewTokensWhenFullOfLiveEntriesAndSaysSo() throws Exception {
        OpenfireCacheReplayCache cache = node(2);
        cache.claim("did:plc:a", "1", inAMinute());
        cache.claim("did:plc:a", "2", inAMinute());

        assertThatThrownBy(() -> cache.claim("did:plc:a", "3", inAMinute()))
                .isInstanceOf(AtprotoException.class).hasMessageContaining("replay cache is full");
        assertThat(shared).hasSize(2);
    }

    @Test
    void makesRoomByDroppingOnlyExpiredIds() throws Exception {
        OpenfireCacheReplayCache cache = node(2);
        cache.claim("did:plc:a", "short", clock.instant().plusSeconds(10));
        cache.claim("did:plc:a", "long", clock.instant().plusSeconds(600));
        clock.advance(Duration.ofSeconds(11));

        cache.claim("did:plc:a", "new", inAMinute());

        assertThat(shared).containsOnlyKeys(OpenfireCacheReplayCache.key("did:plc:a", "long"),
                OpenfireCacheReplayCache.key("did:plc:a", "new"));
        assertThatThrownBy(() -> cache.claim("did:plc:a", "long", inAMinute()))
                .isInstanceOf(AtprotoException.class);
    }

    @Test
    void refusesAnIdItWouldHaveToKeepLongerThanTheCacheKeepsEntries() {
        OpenfireCacheReplayCache cache = node(10);
        Instant beyondLifetime = clock.instant().plus(OpenfireCacheReplayCache.ENTRY_LIFETIME).plusSeconds(1);

        assertThatThrownBy(() -> cache.claim("did:plc:a", "jti-1", beyondLifetime))
                .isInstanceOf(AtprotoException.class).hasMessageContaining("longer than cache");
        assertThat(shared).isEmpty();
    }

    @Test
    void theEntryLifetimeCoversTheLongestTokenTheSettingsAccept() throws Exception {
        Duration longestToken = WaddleSettings.TOKEN_MAX_LIFETIME.parse("1h");
        Duration largestSkew = WaddleSettings.CLOCK_SKEW.parse("5m");

        assertThatThrownBy(() -> WaddleSettings.TOKEN_MAX_LIFETIME.parse("61m")).isInstanceOf(Exception.class);
        assertThatThrownBy(() -> WaddleSettings.CLOCK_SKEW.parse("6m")).isInstanceOf(Exception.class);
        assertThat(longestToken.plus(largestSkew).plus(largestSkew)).isLessThanOrEqualTo(OpenfireCacheReplayCache.ENTRY_LIFETIME);
    }

    @Test
    void concurrentClaimsOfOneIdOnOneNodeLetExactlyOneThrough() throws Exception {
        OpenfireCacheReplayCache cache = node(100);
        int threads = 16;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Boolean>> outcomes = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                Callable<Boolean> claim = () -> {
                    start.await();
                    try {
                        cache.claim("did:plc:a", "raced", inAMinute());
                        return true;
                    } catch (AtprotoException refused) {
                        return false;
                    }
                };
                outcomes.add(pool.submit(claim));
            }
            start.countDown();

            int accepted = 0;
            for (Future<Boolean> outcome : outcomes) {
                accepted += outcome.get(30, TimeUnit.SECONDS) ? 1 : 0;
            }

            assertThat(accepted).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }
}
