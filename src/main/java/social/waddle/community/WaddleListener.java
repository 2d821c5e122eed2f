package social.waddle.community;

/**
 * Told of every change after it has been committed, on the thread that made it. An exception thrown here is logged
 * and does not undo the change or stop other listeners.
 */
@FunctionalInterface
public interface WaddleListener {
    void onEvent(WaddleEvent event);
}
