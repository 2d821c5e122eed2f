package social.waddle.openfire.muc;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One queue per key over a shared pool: the tasks of one key run one at a time in the order given, the tasks of
 * different keys at the same time (as many as the pool has threads). So one member whose requests wait for answers
 * never holds back another member's.
 */
final class KeyedQueues {

    private static final Logger Log = LoggerFactory.getLogger(KeyedQueues.class);

    private final Executor pool;
    /** The last task of each key with work queued or running; removed when that task ends. */
    private final Map<Object, CompletableFuture<Void>> tails = new HashMap<>();

    KeyedQueues(Executor pool) {
        this.pool = Objects.requireNonNull(pool);
    }

    /** Runs {@code task} after the tasks given for {@code key} before it; a failing task is logged, the next still runs. */
    void execute(Object key, Runnable task) {
        CompletableFuture<Void> next;
        synchronized (tails) {
            CompletableFuture<Void> tail = tails.getOrDefault(key, CompletableFuture.completedFuture(null));
            try {
                next = tail.handleAsync((ignored, failure) -> run(task), pool);
            } catch (RejectedExecutionException e) {
                Log.debug("Bookmark work for {} after the plugin stopped; ignored", key);
                return;
            }
            tails.put(key, next);
        }
        next.whenComplete((ignored, failure) -> {
            if (failure != null) {
                Log.debug("Bookmark work for {} not run (the plugin stopped?)", key, failure);
            }
            synchronized (tails) {
                tails.remove(key, next);
            }
        });
    }

    /** Keys with work queued or running. */
    int busyKeys() {
        synchronized (tails) {
            return tails.size();
        }
    }

    private static Void run(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            Log.warn("Could not update Waddle bookmarks", e);
        }
        return null;
    }
}
