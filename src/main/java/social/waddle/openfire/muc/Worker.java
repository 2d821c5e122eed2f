package social.waddle.openfire.muc;

import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

import org.slf4j.Logger;

/**
 * Hands work from Openfire's dispatch threads to a plugin worker, and logs what fails there: a task's
 * {@link RuntimeException} at WARN (nobody else will see it), work refused after the plugin stopped at DEBUG.
 */
final class Worker {

    private Worker() {
    }

    /**
     * @param failure what the WARN line says went wrong, e.g. "Could not update Waddle bookmarks"
     * @param refused what the DEBUG line says when the worker has shut down
     */
    static void submit(Executor worker, Runnable task, Logger log, String failure, String refused) {
        try {
            worker.execute(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    log.warn(failure, e);
                }
            });
        } catch (RejectedExecutionException e) {
            log.debug(refused, e);
        }
    }
}
