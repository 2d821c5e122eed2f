package social.waddle.web.site;

import java.net.URI;
import java.util.Objects;
import java.util.Optional;

import social.waddle.web.Installed;
import social.waddle.web.Messages;
import social.waddle.web.ServicesByType;

/**
 * What the public pages use of the running plugin, installed while it runs (pages answer 503 otherwise); tests
 * install their own. A new page brings its own service without changing this class:
 * {@code services.require(DevicePasswords.class)} after {@code builder.with(DevicePasswords.class, ...)}.
 */
public final class SiteServices {

    private static final Installed<SiteServices> INSTALLED = new Installed<>();

    private final Messages messages;
    private final URI baseUrl;
    private final WebSessions sessions;
    private final byte[] secret;
    private final ServicesByType services;

    private SiteServices(Builder builder) {
        this.messages = Objects.requireNonNull(builder.messages, "messages");
        this.baseUrl = Objects.requireNonNull(builder.baseUrl, "baseUrl");
        this.sessions = Objects.requireNonNull(builder.sessions, "sessions");
        this.secret = Objects.requireNonNull(builder.secret, "secret").clone();
        if (secret.length < 32) {
            throw new IllegalArgumentException("The site secret must have at least 32 bytes");
        }
        this.services = builder.services.collected();
    }

    public static Builder builder() {
        return new Builder();
    }

    public static Optional<SiteServices> current() {
        return INSTALLED.current();
    }

    /** @return the undo action; it leaves a holder installed later in place */
    public static AutoCloseable install(SiteServices services) {
        return INSTALLED.install(services);
    }

    public Messages messages() {
        return messages;
    }

    /** The public base URL of the pages, e.g. {@code https://chat.example.com/waddle}, without a trailing slash. */
    public URI baseUrl() {
        return baseUrl;
    }

    /** Whether the pages are reached over https: cookies are then {@code Secure}. */
    public boolean secure() {
        return "https".equals(baseUrl.getScheme());
    }

    /** The path of the base URL as the browser sees it ({@code /waddle}): cookie path and link prefix. */
    public String basePath() {
        String path = baseUrl.getRawPath();
        return path == null || path.isEmpty() ? "/" : path;
    }

    public WebSessions sessions() {
        return sessions;
    }

    byte[] secret() {
        return secret;
    }

    public <T> Optional<T> find(Class<T> type) {
        return services.find(type);
    }

    /** @throws social.waddle.web.ConsoleServices.ServiceUnavailableException when the plugin runs without it (the page answers 503) */
    public <T> T require(Class<T> type) {
        return services.require(type);
    }

    public static final class Builder {
        private Messages messages;
        private URI baseUrl;
        private WebSessions sessions;
        private byte[] secret;
        private final ServicesByType.Collector services = new ServicesByType.Collector();

        private Builder() {
        }

        public Builder messages(Messages value) {
            this.messages = value;
            return this;
        }

        public Builder baseUrl(URI value) {
            String text = value.toString();
            this.baseUrl = URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
            return this;
        }

        public Builder sessions(WebSessions value) {
            this.sessions = value;
            return this;
        }

        /** The key of CSRF tokens and OAuth browser bindings: the same on every node of a cluster. */
        public Builder secret(byte[] value) {
            this.secret = value.clone();
            return this;
        }

        public <T> Builder with(Class<T> type, T service) {
            services.add(type, service);
            return this;
        }

        public SiteServices build() {
            return new SiteServices(this);
        }
    }
}
