package social.waddle.web;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Services looked up by their type, so a new page brings its own service without changing the holder that carries
 * them: {@code services.require(WaddleService.class)} after {@code builder.with(WaddleService.class, ...)}.
 */
public final class ServicesByType {

    private final Map<Class<?>, Object> byType;

    private ServicesByType(Map<Class<?>, Object> byType) {
        this.byType = Map.copyOf(byType);
    }

    public <T> Optional<T> find(Class<T> type) {
        return Optional.ofNullable(byType.get(type)).map(type::cast);
    }

    /** @throws ConsoleServices.ServiceUnavailableException when the plugin runs without it (a page answers 503) */
    public <T> T require(Class<T> type) {
        return find(type).orElseThrow(() -> new ConsoleServices.ServiceUnavailableException(
                "No " + type.getSimpleName() + " is installed"));
    }

    /** Collects services for a holder's builder. */
    public static final class Collector {
        private final Map<Class<?>, Object> byType = new HashMap<>();

        public <T> void add(Class<T> type, T service) {
            byType.put(type, type.cast(Objects.requireNonNull(service)));
        }

        public ServicesByType collected() {
            return new ServicesByType(byType);
        }
    }
}
