package social.waddle.login;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import social.waddle.atproto.AtprotoException;
import social.waddle.testbed.TestClock;

class InMemoryReplayCacheTest {

    private final TestClock clock = new TestClock(Instant.parse("2025-06-01T12:00:00Z"));

    @Test
    void refusesASecondClaimOfTheSameJtiByTheSameIssuer() throws Exception {
        final InMemoryReplayCache cache = new InMemoryReplayCache(10, clock);
        cache.claim("did:plc:a", "jti-1", clock.instant().plusSeconds(60));

        assertThatThrownBy(() -> cache.claim("did:plc:a", "jti-1", clock.instant().plusSeconds(60)))
                .isInstanceOf(AtprotoException.class).hasMessageContaining("already used");
    }

    @Test
    void keepsJtisPerIssuer() throws Exception {
        final InMemoryReplayCache cache = new InMemoryReplayCache(10, clock);

        cache.claim("did:plc:a", "jti-1", clock.instant().plusSeconds(60));
        cache.claim("did:plc:b", "jti-1", clock.instant().plusSeconds(60));

        assertThat(cache.size()).isEqualTo(2);
    }

    @Test
    void refusesNewTokensWhenFullOfLiveEntriesAndSaysSo() throws Exception {
        final InMemoryReplayCache cache = new InMemoryReplayCache(2, clock);
        cache.claim("did:plc:a", "1", clock.instant().plusSeconds(60));
        cache.claim("did:plc:a", "2", clock.instant().plusSeconds(60));

        assertThatThrownBy(() -> cache.claim("did:plc:a", "3", clock.instant().plusSeconds(60)))
                .isInstanceOf(AtprotoException.class).hasMessageContaining("replay cache is full");
        assertThatThrownBy(() -> cache.claim("did:plc:a", "1", clock.instant().plusSeconds(60)))
                .hasMessageContaining("already used");
    }

    @Test
    void makesRoomOnceEntriesExpire() throws Exception {
        final InMemoryReplayCache cache = new InMemoryReplayCache(2, clock);
        cache.claim("did:plc:a", "1", clock.instant().plusSeconds(60));
        cache.claim("did:plc:a", "2", clock.instant().plusSeconds(120));
        clock.advance(Duration.ofSeconds(61));

        cache.claim("did:plc:a", "3", clock.instant().plusSeconds(60));

        assertThat(cache.size()).isEqualTo(2);
    }

    @Test
    void exactlyOneOfManyConcurrentClaimsOfOneJtiSucceeds() throws Exception {
        final InMemoryReplayCache cache = new InMemoryReplayCache(100, clock);
        final ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            final List<Callable<Boolean>> claims = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                claims.add(() -> {
                    try {
                        cache.claim("did:plc:a", "same", clock.instant().plusSeconds(60));
                        return true;
                    } catch (AtprotoException e) {
                        return false;
                    }
                });
            }
            int successes = 0;
            for (Future<Boolean> outcome : pool.invokeAll(claims, 30, TimeUnit.SECONDS)) {
                successes += outcome.get() ? 1 : 0;
            }

            assertThat(successes).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }
}
