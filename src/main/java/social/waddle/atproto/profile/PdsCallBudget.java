package social.waddle.atproto.profile;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * At most {@code maxCalls} profile calls per PDS host within any {@code window}: a sliding window of the instants of
 * the calls made. Hosts are forgotten least recently used first beyond {@code maxHosts}. Thread-safe.
 */
public final class PdsCallBudget {

    private final int maxCalls;
    private final Duration window;
    private final int maxHosts;
    private final Clock clock;
    private final Map<String, Deque<Instant>> calls;

    public PdsCallBudget(int maxCalls, Duration window, int maxHosts, Clock clock) {
        if (maxCalls < 1 || maxHosts < 1) {
            throw new IllegalArgumentException("The budget needs at least one call and one host");
        }
        this.maxCalls = maxCalls;
        this.window = Objects.requireNonNull(window);
        this.maxHosts = maxHosts;
        this.clock = Objects.requireNonNull(clock);
        this.calls = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Deque<Instant>> eldest) {
                return size() > PdsCallBudget.this.maxHosts;
            }
        };
    }

    /** Takes {@code count} calls from the host's budget if all of them fit now; otherwise takes none. */
    public synchronized boolean tryTake(String host, int count) {
        Instant now = clock.instant();
        Deque<Instant> made = calls.computeIfAbsent(host, key -> new ArrayDeque<>());
        Instant oldest = now.minus(window);
        while (!made.isEmpty() && !made.peekFirst().isAfter(oldest)) {
            made.removeFirst();
        }
        if (made.size() + count > maxCalls) {
            return false;
        }
        for (int i = 0; i < count; i++) {
            made.addLast(now);
        }
        return true;
    }

    public int maxCalls() {
        return maxCalls;
    }

    public Duration window() {
        return window;
    }
}
