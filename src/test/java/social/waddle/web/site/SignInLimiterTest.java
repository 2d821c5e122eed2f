package social.waddle.web.site;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import social.waddle.testbed.TestClock;

class SignInLimiterTest {

    @Test
    void anAddressGetsItsAttemptsPerWindowAndOthersAreUnaffected() {
        TestClock clock = new TestClock(Instant.parse("2026-12-01T10:00:00Z"));
        SignInLimiter limiter = new SignInLimiter(() -> 3, clock);
        for (int i = 0; i < 3; i++) {
            assertThat(limiter.tryAcquire("203.0.113.1")).isTrue();
        }
        assertThat(limiter.tryAcquire("203.0.113.1")).isFalse();
        assertThat(limiter.tryAcquire("203.0.113.2")).isTrue();
        clock.advance(SignInLimiter.WINDOW.plus(Duration.ofSeconds(1)));
        assertThat(limiter.tryAcquire("203.0.113.1")).isTrue();
    }
}
