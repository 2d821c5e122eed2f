package social.waddle.web.site;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.IntSupplier;

/**
 * Sign-in attempts per client address within a sliding window. Each node counts its own (a cluster of N nodes allows up
 * to N times the limit, as the login limiter does). Addresses are forgotten once their window has passed; at most
 * {@value #MAX_ADDRESSES} are remembered, the oldest dropped first.
 */
public final class SignInLimiter {

    public static final Duration WINDOW = Duration.ofMinutes(10);
    static final int MAX_ADDRESSES = 100_000;

    private final IntSupplier limit;
    private final Clock clock;
    private final Map<String, Deque<Instant>> attempts = new LinkedHashMap<>(16, 0.75f, true);

    /** @param limit asked on each attempt, so a changed setting applies at once */
    public SignInLimiter(IntSupplier limit, Clock clock) {
        this.limit = limit;
        this.clock = clock;
    }

    /** Records an attempt; false when the address has used up its attempts (this one is not counted then). */
    public synchronized boolean tryAcquire(String address) {
        Instant now = clock.instant();
        Instant since = now.minus(WINDOW);
        Deque<Instant> times = attempts.computeIfAbsent(address, key -> new ArrayDeque<>());
        while (!times.isEmpty() && !times.peekFirst().isAfter(since)) {
            times.pollFirst();
        }
        if (times.size() >= limit.getAsInt()) {
            return false;
        }
        times.addLast(now);
        if (attempts.size() > MAX_ADDRESSES) {
            Iterator<Map.Entry<String, Deque<Instant>>> eldest = attempts.entrySet().iterator();
            eldest.next();
            eldest.remove();
        }
        return true;
    }
}
