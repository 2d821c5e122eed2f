package social.waddle.atproto.concurrent;

import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;

/**
 * Lets concurrent callers with equal keys share one in-flight computation: the first caller runs it on its own
 * thread, the others wait for its outcome (value or exception). Once it has finished, the next call for the key
 * computes afresh; nothing is cached.
 *
 * <p>The plugin's one single-flight: {@link ResolutionCache} loads through it, and the login core shares password
 * checks with it (whose key must cover the password too: callers that share a flight share its verdict).
 */
public final class SingleFlight<K, V> {

    private final ConcurrentMap<K, CompletableFuture<V>> inFlight = new ConcurrentHashMap<>();

    /** Runs {@code work} unless a computation for {@code key} is in flight, and returns (or throws) its outcome. */
    public V call(K key, Callable<? extends V> work) throws Exception {
        final CompletableFuture<V> outcome = submit(key, work);
        try {
            return outcome.get();
        } catch (ExecutionException e) {
            throw unwrap(e.getCause());
        }
    }

    /** Like {@link #call}, but hands back the shared future; it is complete when the leader returns. */
    public CompletableFuture<V> submit(K key, Callable<? extends V> work) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(work, "work");
        final CompletableFuture<V> mine = new CompletableFuture<>();
        final CompletableFuture<V> existing = inFlight.putIfAbsent(key, mine);
        if (existing != null) {
            return existing;
        }
        V value = null;
        Throwable failure = null;
        try {
            value = work.call();
        } catch (Throwable t) {
            failure = t;
        } finally {
            inFlight.remove(key, mine);
        }
        if (failure != null) {
            mine.completeExceptionally(failure);
        } else {
            mine.complete(value);
        }
        return mine;
    }

    /**
     * Lets the next call for {@code key} start a fresh computation; one already running still answers the callers
     * that joined it.
     */
    public void detach(K key) {
        inFlight.remove(key);
    }

    /** {@link #detach} for every key. */
    public void detachAll() {
        inFlight.clear();
    }

    public int inFlightCount() {
        return inFlight.size();
    }

    private static Exception unwrap(Throwable cause) {
        Throwable current = cause;
        while (current instanceof CompletionException && current.getCause() != null) {
            current = current.getCause();
        }
        if (current instanceof Exception exception) {
            return exception;
        }
        if (current instanceof Error error) {
            throw error;
        }
        return new ExecutionException(current);
    }
}
