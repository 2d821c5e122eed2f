package social.waddle.atproto.graph;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Spaces calls to one host at least {@code interval} apart, whoever makes them, so a sync of many lists on the same PDS
 * never bursts. Callers take the next free slot and wait for it; the wait is bounded by {@code maxWait}, beyond which
 * the call is refused rather than queued for ever.
 */
public final class HostPacer {

    /** How a caller waits; the default parks the thread, tests advance a clock. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    private final Clock clock;
    private final Duration interval;
    private final Duration maxWait;
    private final Sleeper sleeper;
    private final Map<String, Instant> nextSlot = new ConcurrentHashMap<>();

    public HostPacer(Clock clock, Duration interval, Duration maxWait, Sleeper sleeper) {
        this.clock = Objects.requireNonNull(clock);
        this.interval = Objects.requireNonNull(interval);
        this.maxWait = Objects.requireNonNull(maxWait);
        this.sleeper = Objects.requireNonNull(sleeper);
        if (interval.isNegative() || maxWait.isNegative()) {
            throw new IllegalArgumentException("Pacing interval and wait must not be negative");
        }
    }

    /** A pacer that parks the calling thread. */
    public static HostPacer parking(Duration interval, Duration maxWait) {
        return new HostPacer(Clock.systemUTC(), interval, maxWait,
                duration -> java.util.concurrent.locks.LockSupport.parkNanos(duration.toNanos()));
    }

    /**
     * Waits for the next slot of {@code service}'s host.
     *
     * @return false when the slot is further away than the longest wait allowed (the caller gives up this run)
     */
    public boolean await(URI service) throws InterruptedException {
        String host = String.valueOf(service.getHost()) + ":" + service.getPort();
        Instant now = clock.instant();
        Instant[] slot = new Instant[1];
        nextSlot.compute(host, (key, next) -> {
            Instant mine = next == null || next.isBefore(now) ? now : next;
            if (Duration.between(now, mine).compareTo(maxWait) > 0) {
                slot[0] = null;
                return next;
            }
            slot[0] = mine;
            return mine.plus(interval);
        });
        if (slot[0] == null) {
            return false;
        }
        Duration wait = Duration.between(now, slot[0]);
        if (!wait.isZero() && !wait.isNegative()) {
            sleeper.sleep(wait);
        }
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        return true;
    }
}
