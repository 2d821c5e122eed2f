package social.waddle.login;

import static org.assertj.core.api.Assertions.assertThat;

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

import social.waddle.login.LoginAttemptLimiter.Decision;
import social.waddle.login.LoginAttemptLimiter.Limits;
import social.waddle.testbed.TestClock;

class LoginAttemptLimiterTest {

    private static final String ACCOUNT = "did:plc:ewvi7nxzyoun6zhxrhs64oiz";
    private static final String ADDRESS = "203.0.113.7";

    private final TestClock clock = new TestClock(Instant.parse("2025-06-01T12:00:00Z"));
    private final LoginAttemptLimiter limiter = new LoginAttemptLimiter(Limits.defaults(), clock);

    @Test
    void locksAnAccountForTheWindowAfterFiveFailures() {
        for (int i = 0; i < 4; i++) {
            limiter.recordFailure(ACCOUNT, ADDRESS);
        }
        assertThat(limiter.check(ACCOUNT, ADDRESS).allowed()).isTrue();

        limiter.recordFailure(ACCOUNT, ADDRESS);
        final Decision locked = limiter.check(ACCOUNT, "198.51.100.1");

        assertThat(locked.allowed()).isFalse();
        assertThat(locked.retryAfter()).isEqualTo(Duration.ofMinutes(5));
        assertThat(locked.reason()).contains("this account");
    }

    @Test
    void unlocksOnceTheWindowHasPassed() {
        for (int i = 0; i < 5; i++) {
            limiter.recordFailure(ACCOUNT, ADDRESS);
        }
        clock.advance(Duration.ofMinutes(4));
        assertThat(limiter.check(ACCOUNT, ADDRESS).retryAfter()).isEqualTo(Duration.ofMinutes(1));

        clock.advance(Duration.ofMinutes(1));

        assertThat(limiter.check(ACCOUNT, ADDRESS).allowed()).isTrue();
    }

    @Test
    void failuresOutsideTheSlidingWindowDoNotCount() {
        for (int i = 0; i < 4; i++) {
            limiter.recordFailure(ACCOUNT, ADDRESS);
        }
        clock.advance(Duration.ofMinutes(6));

        limiter.recordFailure(ACCOUNT, ADDRESS);

        assertThat(limiter.check(ACCOUNT, ADDRESS).allowed()).isTrue();
    }

    @Test
    void aSuccessClearsTheAccountsFailures() {
        for (int i = 0; i < 4; i++) {
            limiter.recordFailure(ACCOUNT, ADDRESS);
        }

        limiter.recordSuccess(ACCOUNT, ADDRESS);
        limiter.recordFailure(ACCOUNT, ADDRESS);

        assertThat(limiter.check(ACCOUNT, ADDRESS).allowed()).isTrue();
    }

    @Test
    void accountsAreMatchedCaseInsensitively() {
        for (int i = 0; i < 5; i++) {
            limiter.recordFailure(i % 2 == 0 ? "Alice.Bsky.Social" : "alice.bsky.social", ADDRESS);
        }

        assertThat(limiter.check("ALICE.bsky.social", null).allowed()).isFalse();
    }

    @Test
    void locksAnAddressTryingManyAccounts() {
        for (int i = 0; i < 20; i++) {
            limiter.recordFailure("did:plc:victim" + i, ADDRESS);
        }

        final Decision fromAddress = limiter.check("did:plc:fresh", ADDRESS);
        final Decision elsewhere = limiter.check("did:plc:fresh", "198.51.100.1");

        assertThat(fromAddress.allowed()).isFalse();
        assertThat(fromAddress.reason()).contains("this address");
        assertThat(elsewhere.allowed()).isTrue();
    }

    @Test
    void capsPdsChecksPerAccountPerWindow() {
        for (int i = 0; i < 10; i++) {
            assertThat(limiter.tryAcquireUpstreamCheck(ACCOUNT).allowed()).isTrue();
            clock.advance(Duration.ofSeconds(10));
        }

        final Decision eleventh = limiter.tryAcquireUpstreamCheck(ACCOUNT);
        clock.advance(eleventh.retryAfter());

        assertThat(eleventh.allowed()).isFalse();
        assertThat(eleventh.retryAfter()).isEqualTo(Duration.ofSeconds(200));
        assertThat(limiter.tryAcquireUpstreamCheck(ACCOUNT).allowed()).isTrue();
        assertThat(limiter.tryAcquireUpstreamCheck("did:plc:other").allowed()).isTrue();
    }

    @Test
    void capsPdsChecksPerAccountPerDay() {
        for (int i = 0; i < 100; i++) {
            assertThat(limiter.tryAcquireUpstreamCheck(ACCOUNT).allowed()).isTrue();
            clock.advance(Duration.ofMinutes(1));
        }

        final Decision refused = limiter.tryAcquireUpstreamCheck(ACCOUNT);

        assertThat(refused.allowed()).isFalse();
        assertThat(refused.reason()).contains("per day");
        assertThat(refused.retryAfter()).isEqualTo(Duration.ofDays(1).minusMinutes(100));
    }

    @Test
    void concurrentLoginsCannotOvershootThePdsBudget() throws Exception {
        final ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            final List<Callable<Boolean>> attempts = new ArrayList<>();
            for (int i = 0; i < 32; i++) {
                attempts.add(() -> limiter.tryAcquireUpstreamCheck(ACCOUNT).allowed());
            }
            int granted = 0;
            for (Future<Boolean> outcome : pool.invokeAll(attempts, 30, TimeUnit.SECONDS)) {
                granted += outcome.get() ? 1 : 0;
            }

            assertThat(granted).isEqualTo(10);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void tracksABoundedNumberOfKeys() {
        final LoginAttemptLimiter small = new LoginAttemptLimiter(
                new Limits(5, 20, Duration.ofMinutes(5), 10, Duration.ofMinutes(5), 100, 3), clock);

        for (int i = 0; i < 1000; i++) {
            small.recordFailure("did:plc:a" + i, "192.0.2." + (i % 256));
            small.tryAcquireUpstreamCheck("did:plc:a" + i);
        }

        assertThat(small.trackedKeys()).isLessThanOrEqualTo(9);
    }
}
