package social.waddle.web;

import java.util.Objects;
import java.util.Optional;

/**
 * What the pages use of the running plugin. Openfire instantiates page servlets by class name, so they cannot be
 * handed their collaborators: the plugin {@link #install installs} this holder on start and removes it on stop (pages
 * then answer "not running"); tests install fakes. Pages look services up by type, so a new page brings its own
 * service without changing this class: {@code services.require(WaddleService.class)}.
 */
public final class ConsoleServices {

    private static final Installed<ConsoleServices> INSTALLED = new Installed<>();

    private final Messages messages;
    private final ConsoleUsers users;
    private final AdminAudit audit;
    private final ServicesByType services;

    private ConsoleServices(Builder builder) {
        this.messages = Objects.requireNonNull(builder.messages, "messages");
        this.users = Objects.requireNonNull(builder.users, "users");
        this.audit = Objects.requireNonNull(builder.audit, "audit");
        this.services = builder.services.collected();
    }

    public static Builder builder() {
        return new Builder();
    }

    public static Optional<ConsoleServices> current() {
        return INSTALLED.current();
    }

    /** @return the undo action, for the plugin's registrations; it leaves a holder installed later in place */
    public static AutoCloseable install(ConsoleServices services) {
        return INSTALLED.install(services);
    }

    public Messages messages() {
        return messages;
    }

    public ConsoleUsers users() {
        return users;
    }

    public AdminAudit audit() {
        return audit;
    }

    public <T> Optional<T> find(Class<T> type) {
        return services.find(type);
    }

    /** @throws ServiceUnavailableException when the plugin runs without this service (a page answers 503) */
    public <T> T require(Class<T> type) {
        return services.require(type);
    }

    /** A page needs a service the running plugin does not offer (yet). */
    public static final class ServiceUnavailableException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public ServiceUnavailableException(String what) {
            super(what);
        }
    }

    public static final class Builder {
        private Messages messages;
        private ConsoleUsers users;
        private AdminAudit audit;
        private final ServicesByType.Collector services = new ServicesByType.Collector();

        private Builder() {
        }

        public Builder messages(Messages value) {
            this.messages = value;
            return this;
        }

        public Builder users(ConsoleUsers value) {
            this.users = value;
            return this;
        }

        public Builder audit(AdminAudit value) {
            this.audit = value;
            return this;
        }

        public <T> Builder with(Class<T> type, T service) {
            services.add(type, service);
            return this;
        }

        public ConsoleServices build() {
            return new ConsoleServices(this);
        }
    }
}
