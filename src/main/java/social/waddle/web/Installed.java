package social.waddle.web;

import java.util.Objects;
import java.util.Optional;

/**
 * The one instance of what servlets use of the running plugin. Openfire and Jetty instantiate servlets by class name,
 * so they cannot be handed their collaborators: the plugin installs the instance on start and removes it on stop.
 */
public final class Installed<T> {

    private volatile T current;

    public Optional<T> current() {
        return Optional.ofNullable(current);
    }

    /** @return the undo action; it leaves an instance installed later in place */
    public AutoCloseable install(T instance) {
        T installed = Objects.requireNonNull(instance);
        current = installed;
        return () -> {
            if (current == installed) {
                current = null;
            }
        };
    }
}
