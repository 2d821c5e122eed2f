package social.waddle.atproto.http;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * What outbound HTTP may do: which hosts may be reached over plain http (development only), which addresses
 * are exempt from the private/loopback/metadata check, the timeouts, the redirect cap and the User-Agent.
 * Immutable; build one with {@link #builder()}.
 */
public final class OutboundPolicy {

    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_TOTAL_TIMEOUT = Duration.ofSeconds(20);
    public static final int DEFAULT_MAX_REDIRECTS = 3;

    private final Set<String> plainHttpHosts;
    private final List<AddressRange> allowedAddresses;
    private final Duration connectTimeout;
    private final Duration readTimeout;
    private final Duration totalTimeout;
    private final int maxRedirects;
    private final String userAgent;

    private OutboundPolicy(Builder builder) {
        this.plainHttpHosts = Set.copyOf(builder.plainHttpHosts);
        this.allowedAddresses = List.copyOf(builder.allowedAddresses);
        this.connectTimeout = builder.connectTimeout;
        this.readTimeout = builder.readTimeout;
        this.totalTimeout = builder.totalTimeout;
        this.maxRedirects = builder.maxRedirects;
        this.userAgent = builder.userAgent;
    }

    /** HTTPS only, no allowlisted addresses, default timeouts and redirect cap. */
    public static OutboundPolicy defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Whether {@code http://host:port} may be used; entries are {@code host} (any port) or {@code host:port}. */
    public boolean allowsPlainHttp(String host, int port) {
        String normalizedHost = normalizeHost(host);
        return plainHttpHosts.contains(normalizedHost) || plainHttpHosts.contains(normalizedHost + ":" + port);
    }

    /** Whether the admin exempted this address from the special-address check. */
    public boolean isAllowlisted(InetAddress address) {
        for (AddressRange range : allowedAddresses) {
            if (range.contains(address)) {
                return true;
            }
        }
        return false;
    }

    public Set<String> plainHttpHosts() {
        return plainHttpHosts;
    }

    public List<AddressRange> allowedAddresses() {
        return allowedAddresses;
    }

    public Duration connectTimeout() {
        return connectTimeout;
    }

    /** Longest wait for the response headers, and for each further piece of the body. */
    public Duration readTimeout() {
        return readTimeout;
    }

    /** Longest time one call may take, from resolving the first host to the last body byte, redirects included. */
    public Duration totalTimeout() {
        return totalTimeout;
    }

    public int maxRedirects() {
        return maxRedirects;
    }

    public String userAgent() {
        return userAgent;
    }

    @Override
    public String toString() {
        return "OutboundPolicy[plainHttpHosts=" + plainHttpHosts + ", allowedAddresses=" + allowedAddresses
                + ", connectTimeout=" + connectTimeout + ", readTimeout=" + readTimeout + ", totalTimeout="
                + totalTimeout + ", maxRedirects=" + maxRedirects + ", userAgent=" + userAgent + "]";
    }

    static String normalizeHost(String host) {
        String lower = host.toLowerCase(Locale.ROOT);
        if (lower.startsWith("[") && lower.endsWith("]")) {
            lower = lower.substring(1, lower.length() - 1);
        }
        return lower.endsWith(".") ? lower.substring(0, lower.length() - 1) : lower;
    }

    static String defaultUserAgent() {
        String version = OutboundPolicy.class.getPackage().getImplementationVersion();
        return "Waddle-Openfire/" + (version == null ? "dev" : version);
    }

    public static final class Builder {
        private final Set<String> plainHttpHosts = new LinkedHashSet<>();
        private final List<AddressRange> allowedAddresses = new ArrayList<>();
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private Duration readTimeout = DEFAULT_READ_TIMEOUT;
        private Duration totalTimeout = DEFAULT_TOTAL_TIMEOUT;
        private int maxRedirects = DEFAULT_MAX_REDIRECTS;
        private String userAgent = defaultUserAgent();

        private Builder() {
        }

        /**
         * Allows plain http to a development host: {@code localhost:2583}, {@code 127.0.0.1} (any port) or
         * {@code [::1]:8080}.
         */
        public Builder allowPlainHttp(String hostOrHostPort) {
            String entry = hostOrHostPort.trim().toLowerCase(Locale.ROOT);
            if (entry.isEmpty() || entry.contains("/") || entry.contains("@")) {
                throw new IllegalArgumentException("A plain-http host is 'host' or 'host:port', got '" + hostOrHostPort + "'.");
            }
            String host;
            String port = null;
            if (entry.startsWith("[")) {
                int close = entry.indexOf(']');
                if (close < 0) {
                    throw new IllegalArgumentException("Unclosed '[' in plain-http host '" + hostOrHostPort + "'.");
                }
                host = entry.substring(1, close);
                if (close + 1 < entry.length()) {
                    if (entry.charAt(close + 1) != ':') {
                        throw new IllegalArgumentException("Expected ':port' after ']' in '" + hostOrHostPort + "'.");
                    }
                    port = entry.substring(close + 2);
                }
            } else if (entry.indexOf(':') >= 0 && entry.indexOf(':') == entry.lastIndexOf(':')) {
                host = entry.substring(0, entry.indexOf(':'));
                port = entry.substring(entry.indexOf(':') + 1);
            } else {
                host = entry;
            }
            if (port != null && !port.matches("\\d{1,5}")) {
                throw new IllegalArgumentException("The port in plain-http host '" + hostOrHostPort + "' is not a number.");
            }
            String normalized = normalizeHost(host);
            plainHttpHosts.add(port == null ? normalized : normalized + ":" + Integer.parseInt(port));
            return this;
        }

        /** Exempts an address or CIDR block ({@code 127.0.0.1}, {@code 10.1.0.0/16}) from the special-address check. */
        public Builder allowAddress(String addressOrCidr) {
            allowedAddresses.add(AddressRange.parse(addressOrCidr));
            return this;
        }

        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = positive(timeout, "connect timeout");
            return this;
        }

        public Builder readTimeout(Duration timeout) {
            this.readTimeout = positive(timeout, "read timeout");
            return this;
        }

        public Builder totalTimeout(Duration timeout) {
            this.totalTimeout = positive(timeout, "total timeout");
            return this;
        }

        public Builder maxRedirects(int redirects) {
            if (redirects < 0 || redirects > 20) {
                throw new IllegalArgumentException("The redirect cap must be within 0..20, got " + redirects + ".");
            }
            this.maxRedirects = redirects;
            return this;
        }

        public Builder userAgent(String agent) {
            if (Objects.requireNonNull(agent).isBlank() || agent.chars().anyMatch(c -> c < 0x20 || c > 0x7e)) {
                throw new IllegalArgumentException("The User-Agent must be non-empty printable ASCII.");
            }
            this.userAgent = agent;
            return this;
        }

        public OutboundPolicy build() {
            return new OutboundPolicy(this);
        }

        private static Duration positive(Duration value, String what) {
            if (Objects.requireNonNull(value).isNegative() || value.isZero()) {
                throw new IllegalArgumentException("The " + what + " must be positive, got " + value + ".");
            }
            return value;
        }
    }
}
