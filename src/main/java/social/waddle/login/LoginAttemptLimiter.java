package social.waddle.login;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Keeps clients from brute-forcing Bluesky accounts through this server, and this server from tripping a PDS's
 * own limits (bsky.social: 30 {@code createSession} per 5 minutes and 300 per day per account).
 *
 * <p>Failed logins lock an account (DID or typed username, case-insensitive) or a client address for a full
 * window once the limit is reached within a sliding window. Independently, calls to the account's PDS are
 * counted per account in a short and a daily sliding window, and {@link #tryAcquireUpstreamCheck(String)}
 * grants one only while both have room. Memory is bounded: each table keeps at most {@code maxTrackedKeys}
 * keys and forgets the least recently used beyond that. Thread-safe.
 */
public final class LoginAttemptLimiter {

    private static final Duration DAY = Duration.ofDays(1);

    /**
     * @param failuresPerAccount        failed logins per account within {@code failureWindow} before lockout
     * @param failuresPerAddress        failed logins per client address within {@code failureWindow}
     * @param failureWindow             the sliding window, and how long a lockout lasts
     * @param upstreamChecksPerWindow   PDS password checks per account within {@code upstreamWindow}
     * @param upstreamWindow            the short upstream window
     * @param upstreamChecksPerDay      PDS password checks per account within 24 hours
     * @param maxTrackedKeys            how many accounts (and, separately, addresses) are tracked at most
     */
    public record Limits(
            int failuresPerAccount,
            int failuresPerAddress,
            Duration failureWindow,
            int upstreamChecksPerWindow,
            Duration upstreamWindow,
            int upstreamChecksPerDay,
            int maxTrackedKeys) {

        public Limits {
            if (failuresPerAccount < 1 || failuresPerAddress < 1 || upstreamChecksPerWindow < 1
                    || upstreamChecksPerDay < 1 || maxTrackedKeys < 1) {
                throw new IllegalArgumentException("every limit must be at least 1");
            }
            if (failureWindow.isNegative() || failureWindow.isZero() || upstreamWindow.isNegative()
                    || upstreamWindow.isZero()) {
                throw new IllegalArgumentException("windows must be positive");
            }
        }

        /** 5 failures per account and 20 per address per 5 min; 10 PDS checks per account per 5 min, 100 a day. */
        public static Limits defaults() {
            return new Limits(5, 20, Duration.ofMinutes(5), 10, Duration.ofMinutes(5), 100, 100_000);
        }
    }

    /** Whether to go on; when not, how long until it may be tried again and why (for admin logs). */
    public record Decision(boolean allowed, Duration retryAfter, String reason) {

        private static final Decision ALLOWED = new Decision(true, Duration.ZERO, "allowed");

        public static Decision allow() {
            return ALLOWED;
        }

        static Decision refuse(long retryAfterMillis, String reason) {
            return new Decision(false, Duration.ofMillis(Math.max(1, retryAfterMillis)), reason);
        }

        static Decision longerRefusal(Decision first, Decision second) {
            if (first.allowed()) {
                return second;
            }
            if (second.allowed()) {
                return first;
            }
            return first.retryAfter().compareTo(second.retryAfter()) >= 0 ? first : second;
        }
    }

    private static final class FailureState {
        final ArrayDeque<Long> failureMillis = new ArrayDeque<>();
        long lockedUntilMillis;
    }

    private static final class UpstreamState {
        final ArrayDeque<Long> windowCallMillis = new ArrayDeque<>();
        final ArrayDeque<Long> dayCallMillis = new ArrayDeque<>();
    }

    private final Limits limits;
    private final Clock clock;
    private final Map<String, FailureState> accountFailures;
    private final Map<String, FailureState> addressFailures;
    private final Map<String, UpstreamState> upstreamCalls;

    public LoginAttemptLimiter(Limits limits, Clock clock) {
        this.limits = Objects.requireNonNull(limits, "limits");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.accountFailures = boundedLru(limits.maxTrackedKeys());
        this.addressFailures = boundedLru(limits.maxTrackedKeys());
        this.upstreamCalls = boundedLru(limits.maxTrackedKeys());
    }

    /** Whether a login for {@code account} from {@code address} (may be null) may be tried at all. */
    public synchronized Decision check(String account, String address) {
        final long now = clock.millis();
        final Decision accountDecision = lockout(accountFailures, normalise(account), now,
                "too many failed logins for this account");
        final Decision addressDecision = address == null ? Decision.allow()
                : lockout(addressFailures, address, now, "too many failed logins from this address");
        return Decision.longerRefusal(accountDecision, addressDecision);
    }

    /**
     * Grants and counts one password check at the account's PDS, or refuses when the account's upstream budget
     * is spent. Check and count happen atomically, so concurrent logins cannot overshoot the budget.
     */
    public synchronized Decision tryAcquireUpstreamCheck(String account) {
        final long now = clock.millis();
        final String key = normalise(account);
        final UpstreamState state = upstreamCalls.computeIfAbsent(key, k -> new UpstreamState());
        final long windowMillis = limits.upstreamWindow().toMillis();
        prune(state.windowCallMillis, now - windowMillis);
        prune(state.dayCallMillis, now - DAY.toMillis());
        if (state.windowCallMillis.size() >= limits.upstreamChecksPerWindow()) {
            return Decision.refuse(state.windowCallMillis.peekFirst() + windowMillis - now,
                    "PDS password-check budget for this account spent (" + limits.upstreamChecksPerWindow()
                            + " per " + limits.upstreamWindow() + ")");
        }
        if (state.dayCallMillis.size() >= limits.upstreamChecksPerDay()) {
            return Decision.refuse(state.dayCallMillis.peekFirst() + DAY.toMillis() - now,
                    "PDS password-check budget for this account spent (" + limits.upstreamChecksPerDay()
                            + " per day)");
        }
        state.windowCallMillis.addLast(now);
        state.dayCallMillis.addLast(now);
        return Decision.allow();
    }

    public synchronized void recordFailure(String account, String address) {
        final long now = clock.millis();
        recordFailure(accountFailures, normalise(account), limits.failuresPerAccount(), now);
        if (address != null) {
            recordFailure(addressFailures, address, limits.failuresPerAddress(), now);
        }
    }

    /** Clears the account's failed-login count; the address's count and the upstream budget stay. */
    public synchronized void recordSuccess(String account, String address) {
        accountFailures.remove(normalise(account));
    }

    synchronized int trackedKeys() {
        return accountFailures.size() + addressFailures.size() + upstreamCalls.size();
    }

    private Decision lockout(Map<String, FailureState> table, String key, long now, String reason) {
        final FailureState state = table.get(key);
        if (state == null || state.lockedUntilMillis <= now) {
            return Decision.allow();
        }
        return Decision.refuse(state.lockedUntilMillis - now, reason);
    }

    private void recordFailure(Map<String, FailureState> table, String key, int limit, long now) {
        final long windowMillis = limits.failureWindow().toMillis();
        final FailureState state = table.computeIfAbsent(key, k -> new FailureState());
        prune(state.failureMillis, now - windowMillis);
        state.failureMillis.addLast(now);
        if (state.failureMillis.size() >= limit) {
            state.lockedUntilMillis = Math.max(state.lockedUntilMillis, now + windowMillis);
            state.failureMillis.clear();
        }
    }

    private static void prune(ArrayDeque<Long> timesMillis, long cutoffMillis) {
        while (!timesMillis.isEmpty() && timesMillis.peekFirst() <= cutoffMillis) {
            timesMillis.removeFirst();
        }
    }

    private static String normalise(String account) {
        return Objects.requireNonNull(account, "account").toLowerCase(Locale.ROOT);
    }

    private static <V> Map<String, V> boundedLru(int maxEntries) {
        return new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
                return size() > maxEntries;
            }
        };
    }
}
