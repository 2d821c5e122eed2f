package social.waddle.openfire;

import java.util.ArrayDeque;
import java.util.Deque;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the plugin has registered with Openfire, each with the action that undoes it. Undone in reverse order,
 * each step on its own, so a failing step never leaves the others registered.
 */
final class Registrations {

    private static final Logger Log = LoggerFactory.getLogger(Registrations.class);

    private final Deque<Step> steps = new ArrayDeque<>();

    private record Step(String what, AutoCloseable undo) {
    }

    /** Records a registration that has already happened. */
    void add(String what, AutoCloseable undo) {
        steps.push(new Step(what, undo));
        Log.debug("Registered {}", what);
    }

    int size() {
        return steps.size();
    }

    /** Undoes every registration, most recent first; failures are logged and do not stop the rest. */
    void undoAll() {
        while (!steps.isEmpty()) {
            Step step = steps.pop();
            try {
                step.undo().close();
                Log.debug("Unregistered {}", step.what());
            } catch (Exception | LinkageError e) {
                Log.error("Could not unregister {}; continuing with the rest", step.what(), e);
            }
        }
    }
}
