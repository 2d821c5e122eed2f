package social.waddle.testbed;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The tests' one way to wait: for a condition, with a deadline, instead of sleeping for a guessed time. Polls
 * quickly at first (in-process conditions hold within microseconds), then every {@value #MAX_POLL_MILLIS} ms.
 */
public final class Await {

    private static final long MAX_POLL_MILLIS = 50;

    private Await() {
    }

    /** Polls {@code condition} until it holds; fails after {@code timeout}. */
    public static void until(String what, Duration timeout, BooleanSupplier condition) {
        until(what, timeout, condition, () -> "");
    }

    /** As {@link #until(String, Duration, BooleanSupplier)}; the failure also says what {@code diagnostics} tells then. */
    public static void until(String what, Duration timeout, BooleanSupplier condition, Supplier<String> diagnostics) {
        value(what, timeout, () -> condition.getAsBoolean() ? Optional.of(Boolean.TRUE) : Optional.empty(), diagnostics);
    }

    /** Polls {@code probe} until it finds a value and returns it; fails after {@code timeout}. */
    public static <T> T value(String what, Duration timeout, Supplier<Optional<T>> probe, Supplier<String> diagnostics) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long pollNanos = 100_000;
        while (true) {
            Optional<T> found = probe.get();
            if (found.isPresent()) {
                return found.get();
            }
            if (System.nanoTime() - deadline > 0) {
                String details = diagnostics.get();
                throw new AssertionError("Timed out after " + timeout + " waiting for " + what
                        + (details.isEmpty() ? "" : System.lineSeparator() + details));
            }
            LockSupport.parkNanos(pollNanos);
            pollNanos = Math.min(pollNanos * 2, MAX_POLL_MILLIS * 1_000_000);
        }
    }
}
