package social.waddle.atproto.concurrent;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.LongSupplier;

import social.waddle.atproto.AtprotoException;
import social.waddle.atproto.AtprotoException.Failure;

/**
 * A bounded cache of resolution results with single-flight loading (through {@link SingleFlight}).
 *
 * <p>Invariants:
 * <ul>
 *   <li>At most one loader call runs per key at a time; concurrent callers for that key wait for it and all get
 *       its result or its failure.</li>
 *   <li>Successes live for the positive TTL. An {@link AtprotoException} that is not temporary lives for the
 *       negative TTL, a temporary one for the temporary-failure TTL (zero: not cached). Other exceptions are never
 *       cached.</li>
 *   <li>{@link #invalidate} and {@link #invalidateAll} detach loads in flight: their results still reach the callers
 *       that were waiting, but are not stored, and the next caller starts a fresh load.</li>
 *   <li>At most {@code maxEntries} results are kept; the least recently used goes first.</li>
 * </ul>
 *
 * @param <K> the key, e.g. a handle or a DID; must have value equality
 * @param <V> the resolved value
 */
public final class ResolutionCache<K, V> {

    /** Resolves one key; may block (network). */
    @FunctionalInterface
    public interface Loader<K, V> {
        V load(K key) throws AtprotoException;
    }

    private final long positiveTtlNanos;
    private final long negativeTtlNanos;
    private final long temporaryFailureTtlNanos;
    private final int maxEntries;
    private final LongSupplier nanoClock;

    private final Object lock = new Object();
    private final LinkedHashMap<K, Entry<V>> entries;
    private final SingleFlight<K, V> flights = new SingleFlight<>();
    /** Counts invalidations; a load that saw another value when it started does not store its result. */
    private long invalidations;

    private ResolutionCache(Builder builder) {
        this.positiveTtlNanos = builder.positiveTtl.toNanos();
        this.negativeTtlNanos = builder.negativeTtl.toNanos();
        this.temporaryFailureTtlNanos = builder.temporaryFailureTtl.toNanos();
        this.maxEntries = builder.maxEntries;
        this.nanoClock = builder.nanoClock;
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, Entry<V>> eldest) {
                return size() > maxEntries;
            }
        };
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * The cached value of {@code key}, or the value {@code loader} resolves (shared with concurrent callers).
     *
     * @throws AtprotoException the cached or fresh failure, as a new exception of the same {@link Failure} and
     *     message whose cause is the original
     */
    public V get(K key, Loader<? super K, ? extends V> loader) throws AtprotoException {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(loader, "loader");
        Entry<V> cached = fresh(key);
        if (cached != null) {
            return cached.valueOrThrow();
        }
        return await(flights.submit(key, () -> load(key, loader)));
    }

    /** The unexpired entry of {@code key}, dropping an expired one. */
    private Entry<V> fresh(K key) {
        synchronized (lock) {
            Entry<V> cached = entries.get(key);
            if (cached != null && nanoClock.getAsLong() - cached.expiresAtNanos >= 0) {
                entries.remove(key);
                return null;
            }
            return cached;
        }
    }

    /** The cached value of {@code key} if there is a fresh positive entry; never loads. */
    public Optional<V> getIfPresent(K key) {
        synchronized (lock) {
            Entry<V> cached = entries.get(key);
            if (cached == null || cached.value == null || nanoClock.getAsLong() - cached.expiresAtNanos >= 0) {
                return Optional.empty();
            }
            return Optional.of(cached.value);
        }
    }

    public void invalidate(K key) {
        synchronized (lock) {
            invalidations++;
            entries.remove(key);
            flights.detach(key);
        }
    }

    public void invalidateAll() {
        synchronized (lock) {
            invalidations++;
            entries.clear();
            flights.detachAll();
        }
    }

    /** The number of stored results, expired ones included until they are next looked at. */
    public int size() {
        synchronized (lock) {
            return entries.size();
        }
    }

    /**
     * The leader's work: looks again (a flight that ended just before this one began may have stored the answer),
     * then loads and stores the outcome, unless an invalidation came in between.
     */
    private V load(K key, Loader<? super K, ? extends V> loader) throws AtprotoException {
        long seen;
        synchronized (lock) {
            seen = invalidations;
        }
        Entry<V> cached = fresh(key);
        if (cached != null) {
            return cached.valueOrThrow();
        }
        V value;
        try {
            value = Objects.requireNonNull(loader.load(key), "loader returned null");
        } catch (AtprotoException failure) {
            long ttl = failure.isTemporary() ? temporaryFailureTtlNanos : negativeTtlNanos;
            if (ttl > 0) {
                store(key, new Entry<>(null, failure, nanoClock.getAsLong() + ttl), seen);
            }
            throw failure;
        }
        if (positiveTtlNanos > 0) {
            store(key, new Entry<>(value, null, nanoClock.getAsLong() + positiveTtlNanos), seen);
        }
        return value;
    }

    private void store(K key, Entry<V> entry, long seen) {
        synchronized (lock) {
            if (invalidations == seen) {
                entries.put(key, entry);
            }
        }
    }

    private static <V> V await(CompletableFuture<V> result) throws AtprotoException {
        try {
            return result.get();
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new AtprotoException(Failure.TIMEOUT, "Interrupted while waiting for a resolution in progress");
        } catch (ExecutionException failed) {
            Throwable cause = failed.getCause();
            if (cause instanceof AtprotoException) {
                throw copy((AtprotoException) cause);
            }
            if (cause instanceof RuntimeException) {
                throw (RuntimeException) cause;
            }
            if (cause instanceof Error) {
                throw (Error) cause;
            }
            throw new IllegalStateException("The shared resolution failed: " + cause, cause);
        }
    }

    private static AtprotoException copy(AtprotoException original) {
        return new AtprotoException(original.failure(), original.getMessage(), original);
    }

    private static final class Entry<V> {
        final V value;
        final AtprotoException failure;
        final long expiresAtNanos;

        Entry(V value, AtprotoException failure, long expiresAtNanos) {
            this.value = value;
            this.failure = failure;
            this.expiresAtNanos = expiresAtNanos;
        }

        V valueOrThrow() throws AtprotoException {
            if (failure != null) {
                throw copy(failure);
            }
            return value;
        }
    }

    public static final class Builder {
        private Duration positiveTtl = Duration.ofMinutes(10);
        private Duration negativeTtl = Duration.ofMinutes(1);
        private Duration temporaryFailureTtl = Duration.ZERO;
        private int maxEntries = 10_000;
        private LongSupplier nanoClock = System::nanoTime;

        private Builder() {
        }

        /** How long a resolved value is kept (zero: not kept). */
        public Builder positiveTtl(Duration ttl) {
            this.positiveTtl = nonNegative(ttl, "positiveTtl");
            return this;
        }

        /** How long a non-temporary {@link AtprotoException} (not found, malformed…) is kept (zero: not kept). */
        public Builder negativeTtl(Duration ttl) {
            this.negativeTtl = nonNegative(ttl, "negativeTtl");
            return this;
        }

        /** How long a temporary {@link AtprotoException} (network, timeout…) is kept; zero, the default, keeps none. */
        public Builder temporaryFailureTtl(Duration ttl) {
            this.temporaryFailureTtl = nonNegative(ttl, "temporaryFailureTtl");
            return this;
        }

        public Builder maxEntries(int maxEntries) {
            if (maxEntries < 1) {
                throw new IllegalArgumentException("maxEntries must be at least 1, not " + maxEntries);
            }
            this.maxEntries = maxEntries;
            return this;
        }

        /** A monotonic nanosecond clock, {@link System#nanoTime()} by default; tests pass a fake one. */
        public Builder nanoClock(LongSupplier nanoClock) {
            this.nanoClock = Objects.requireNonNull(nanoClock);
            return this;
        }

        public <K, V> ResolutionCache<K, V> build() {
            return new ResolutionCache<>(this);
        }

        private static Duration nonNegative(Duration ttl, String name) {
            if (ttl == null || ttl.isNegative()) {
                throw new IllegalArgumentException(name + " must be zero or positive, not " + ttl);
            }
            return ttl;
        }
    }
}
