package social.waddle.settings;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

import social.waddle.atproto.AtprotoException;
import social.waddle.atproto.syntax.Did;
import social.waddle.atproto.syntax.Hostnames;
import social.waddle.atproto.syntax.Nsid;

/**
 * Every setting of the plugin, declared once. Keys are Openfire property names ({@code waddle.*}); each has a
 * description in the i18n bundle under {@link Setting#descriptionKey()} and a row in readme.html.
 */
public final class WaddleSettings {

    /** Subdomain of the Waddle component ({@code waddle.<xmpp domain>}) that answers disco and ad-hoc commands. */
    public static final Setting<String> COMPONENT_SUBDOMAIN = Setting.string(
            "waddle.component.subdomain", "general", "waddle", WaddleSettings::dnsLabel);

    /**
     * Subdomain of the MUC service ({@code conference.<xmpp domain>}) whose rooms are Waddle channels; the Waddle
     * component is a system admin of it while the plugin runs.
     */
    public static final Setting<String> MUC_SERVICE = Setting.string(
            "waddle.muc.service", "rooms", "conference", WaddleSettings::dnsLabel);

    /**
     * How often every channel room is compared with its Waddle and repaired, on the senior cluster member (or the only
     * server); also done when the plugin starts and on demand by the reconcile command.
     */
    public static final Setting<Duration> RECONCILE_INTERVAL = Setting.duration("waddle.reconcile.interval", "rooms",
            Duration.ofHours(1), Duration.ofMinutes(1), Duration.ofDays(7));

    // ---- Bluesky lists ----------------------------------------------------------------------------------------

    /** Whether Waddles' linked Bluesky lists are synced periodically (on the senior cluster member only). */
    public static final Setting<Boolean> LIST_SYNC_ENABLED = Setting.bool("waddle.lists.sync.enabled", "lists", true);
    /** How long after a Waddle's last sync its linked lists are read again; doubled after each failed run. */
    public static final Setting<Duration> LIST_SYNC_INTERVAL = Setting.duration("waddle.lists.sync.interval", "lists",
            Duration.ofHours(1), Duration.ofMinutes(1), Duration.ofDays(7));
    /** The longest wait after failed runs (back-off). */
    public static final Setting<Duration> LIST_SYNC_MAX_BACKOFF = Setting.duration("waddle.lists.sync.maxBackoff", "lists",
            Duration.ofDays(1), Duration.ofMinutes(1), Duration.ofDays(30));
    /** At most this many records are read per list (or blocks); a larger one fails the run. */
    public static final Setting<Integer> LIST_MAX_RECORDS = Setting.integer("waddle.lists.maxRecords", "lists", 50_000,
            100, 1_000_000);
    /** Calls to one PDS are spaced at least this far apart by the list sync. */
    public static final Setting<Duration> LIST_PDS_CALL_INTERVAL = Setting.duration("waddle.lists.pdsCallInterval", "lists",
            Duration.ofMillis(100), Duration.ZERO, Duration.ofSeconds(10));

    // ---- Login ---------------------------------------------------------------------------------------------

    /** Which credentials ATProto accounts may log in with. */
    public static final Setting<Boolean> APP_PASSWORD_ENABLED = Setting.bool("waddle.login.appPassword.enabled", "login", true);
    public static final Setting<Boolean> SERVICE_AUTH_ENABLED = Setting.bool("waddle.login.serviceAuth.enabled", "login", true);

    /** First login creates the account; when off, only accounts an admin pre-registered may log in. */
    public static final Setting<Boolean> AUTO_PROVISION = Setting.bool("waddle.login.autoProvision", "login", true);

    /** How long a successful app-password check is remembered (as a salted slow hash) before the PDS is asked again. */
    public static final Setting<Duration> CREDENTIAL_CACHE_TTL = Setting.duration("waddle.login.credentialCache.ttl", "login",
            Duration.ofHours(12), Duration.ofSeconds(1), Duration.ofDays(30));

    /** Failed logins allowed per account, and per client address, within the window before further tries are refused. */
    public static final Setting<Integer> MAX_FAILURES_PER_ACCOUNT = Setting.integer("waddle.login.maxFailuresPerAccount", "login", 5, 1, 1000);
    public static final Setting<Integer> MAX_FAILURES_PER_ADDRESS = Setting.integer("waddle.login.maxFailuresPerAddress", "login", 20, 1, 10000);
    public static final Setting<Duration> FAILURE_WINDOW = Setting.duration("waddle.login.failureWindow", "login",
            Duration.ofMinutes(5), Duration.ofSeconds(10), Duration.ofDays(1));
    /** Password checks sent to one account's PDS, at most, per 5 minutes and per day (bsky.social allows 30 and 300). */
    public static final Setting<Integer> MAX_PDS_CHECKS_PER_5_MIN = Setting.integer("waddle.login.maxPdsChecksPer5Minutes", "login", 10, 1, 30);
    public static final Setting<Integer> MAX_PDS_CHECKS_PER_DAY = Setting.integer("waddle.login.maxPdsChecksPerDay", "login", 100, 1, 300);

    // ---- Service auth --------------------------------------------------------------------------------------

    /** The DID this server is known by as the audience ({@code aud}) of service-auth tokens; empty = did:web of the XMPP domain. */
    public static final Setting<String> SERVICE_DID = Setting.string("waddle.serviceAuth.serviceDid", "serviceAuth", "", WaddleSettings::didOrEmpty);
    /** Whether {@code aud} may carry a service fragment ({@code did:web:example.com#waddle_chat}). */
    public static final Setting<Boolean> ACCEPT_AUD_FRAGMENT = Setting.bool("waddle.serviceAuth.acceptAudienceFragment", "serviceAuth", true);
    /** NSIDs accepted as the token's {@code lxm}. */
    public static final Setting<List<String>> ACCEPTED_LXM = Setting.list("waddle.serviceAuth.acceptedLxm", "serviceAuth",
            List.of("social.waddle.chat.login"), WaddleSettings::nsid);
    public static final Setting<Duration> TOKEN_MAX_LIFETIME = Setting.duration("waddle.serviceAuth.maxLifetime", "serviceAuth",
            Duration.ofMinutes(5), Duration.ofSeconds(10), Duration.ofHours(1));
    public static final Setting<Duration> CLOCK_SKEW = Setting.duration("waddle.serviceAuth.clockSkew", "serviceAuth",
            Duration.ofSeconds(30), Duration.ZERO, Duration.ofMinutes(5));

    // ---- Identity resolution -------------------------------------------------------------------------------

    public static final Setting<String> PLC_DIRECTORY = Setting.string("waddle.identity.plcDirectory", "identity",
            "https://plc.directory", WaddleSettings::httpUrl);
    /** Order of handle resolution methods: dns, https, xrpc (the last uses the fallback service below). */
    public static final Setting<List<String>> HANDLE_RESOLVERS = Setting.list("waddle.identity.handleResolvers", "identity",
            List.of("dns", "https"), WaddleSettings::resolverName);
    /** A service answering com.atproto.identity.resolveHandle, used when "xrpc" is in the resolver order. */
    public static final Setting<String> RESOLVE_HANDLE_SERVICE = Setting.string("waddle.identity.resolveHandleService", "identity",
            "", WaddleSettings::httpUrlOrEmpty);
    /** DNS server for _atproto TXT lookups (host or host:port); empty = the system's resolvers. */
    public static final Setting<String> DNS_SERVER = Setting.string("waddle.identity.dnsServer", "identity", "", s -> s);
    public static final Setting<Duration> IDENTITY_CACHE_TTL = Setting.duration("waddle.identity.cacheTtl", "identity",
            Duration.ofMinutes(10), Duration.ZERO, Duration.ofDays(1));
    public static final Setting<Duration> IDENTITY_NEGATIVE_CACHE_TTL = Setting.duration("waddle.identity.negativeCacheTtl", "identity",
            Duration.ofMinutes(1), Duration.ZERO, Duration.ofHours(1));
    /**
     * Top-level domains the ATProto handle spec disallows whose handles are resolved anyway: for a development PDS
     * only (the test bed's handles end in {@code .test}). Empty in production.
     */
    public static final Setting<List<String>> ALLOWED_RESERVED_TLDS = Setting.list("waddle.identity.allowedReservedTlds",
            "identity", List.of(), WaddleSettings::reservedTld);

    // ---- Access policy -------------------------------------------------------------------------------------

    public static final Setting<List<String>> ALLOWED_DID_METHODS = Setting.list("waddle.policy.didMethods", "policy",
            List.of("plc", "web"), WaddleSettings::didMethod);
    /** Handle domains allowed to log in (suffixes such as bsky.social); empty = all. */
    public static final Setting<List<String>> ALLOWED_HANDLE_DOMAINS = Setting.list("waddle.policy.handleDomains.allow", "policy",
            List.of(), WaddleSettings::domain);
    public static final Setting<List<String>> DENIED_HANDLE_DOMAINS = Setting.list("waddle.policy.handleDomains.deny", "policy",
            List.of(), WaddleSettings::domain);
    /** PDS hosts allowed (suffix match); empty = all. */
    public static final Setting<List<String>> ALLOWED_PDS_HOSTS = Setting.list("waddle.policy.pdsHosts.allow", "policy",
            List.of(), WaddleSettings::domain);
    public static final Setting<List<String>> DENIED_PDS_HOSTS = Setting.list("waddle.policy.pdsHosts.deny", "policy",
            List.of(), WaddleSettings::domain);

    // ---- Outbound HTTP -------------------------------------------------------------------------------------

    /** Hosts (host or host:port) that may be reached over plain http: development PDSes only. */
    public static final Setting<List<String>> PLAIN_HTTP_HOSTS = Setting.list("waddle.http.plainHttpHosts", "http",
            List.of(), s -> s.toLowerCase(Locale.ROOT));
    /** Addresses or CIDR ranges exempt from the private/loopback address check, e.g. 127.0.0.1 for a local PDS. */
    public static final Setting<List<String>> ALLOWED_PRIVATE_ADDRESSES = Setting.list("waddle.http.allowedPrivateAddresses", "http",
            List.of(), s -> s);
    public static final Setting<Duration> HTTP_CONNECT_TIMEOUT = Setting.duration("waddle.http.connectTimeout", "http",
            Duration.ofSeconds(5), Duration.ofMillis(100), Duration.ofMinutes(1));
    public static final Setting<Duration> HTTP_TOTAL_TIMEOUT = Setting.duration("waddle.http.totalTimeout", "http",
            Duration.ofSeconds(10), Duration.ofMillis(100), Duration.ofMinutes(2));

    // ---- Bluesky profiles and handles ----------------------------------------------------------------------

    /** Whether Bluesky profiles (name, avatar) are read from each account's PDS and published to XMPP. */
    public static final Setting<Boolean> PROFILE_SYNC_ENABLED = Setting.bool("waddle.profile.sync.enabled", "profiles", true);
    /** A profile older than this is read again at the account's next login. */
    public static final Setting<Duration> PROFILE_REFRESH_INTERVAL = Setting.duration("waddle.profile.refreshInterval",
            "profiles", Duration.ofHours(24), Duration.ofMinutes(1), Duration.ofDays(30));
    /** Avatars larger than this many bytes are left out (Bluesky's own limit is 1,000,000). */
    public static final Setting<Integer> PROFILE_MAX_AVATAR_BYTES = Setting.integer("waddle.profile.maxAvatarBytes",
            "profiles", 1_000_000, 1024, 10_000_000);
    /** Profile calls (record and avatar) sent to one PDS host per minute, at most. */
    public static final Setting<Integer> PROFILE_MAX_CALLS_PER_PDS = Setting.integer(
            "waddle.profile.maxCallsPerPdsPerMinute", "profiles", 60, 1, 10_000);
    /** How often each known account's handle is resolved and verified again (senior cluster member only). */
    public static final Setting<Duration> HANDLE_RECHECK_INTERVAL = Setting.duration("waddle.profile.handleRecheckInterval",
            "profiles", Duration.ofHours(24), Duration.ofMinutes(1), Duration.ofDays(30));
    /** Accounts whose handle is re-resolved per minute, at most. */
    public static final Setting<Integer> HANDLE_RECHECKS_PER_MINUTE = Setting.integer(
            "waddle.profile.handleRechecksPerMinute", "profiles", 30, 1, 1000);

    // ---- Public web pages ----------------------------------------------------------------------------------

    /** Whether the public pages (Sign in with Bluesky, the person's home) are served on the HTTP-bind port, Openfire 5.x. */
    public static final Setting<Boolean> WEB_ENABLED = Setting.bool("waddle.web.enabled", "web", true);
    /**
     * The address people reach the public pages at, ending in {@code /waddle}; empty = derived from the server's host
     * name and HTTP-bind port. Set it when a reverse proxy sits in front of Openfire. An https base URL makes the
     * plugin a confidential OAuth client; http is only accepted by PDSes for 127.0.0.1/localhost (development).
     */
    public static final Setting<String> WEB_BASE_URL = Setting.string("waddle.web.baseUrl", "web", "",
            WaddleSettings::webBaseUrlOrEmpty);
    /** How long a web sign-in lasts; the person signs in with Bluesky again afterwards. */
    public static final Setting<Duration> WEB_SESSION_LIFETIME = Setting.duration("waddle.web.sessionLifetime", "web",
            Duration.ofHours(8), Duration.ofMinutes(5), Duration.ofDays(7));
    /** Sign-in attempts (starts of the Bluesky sign-in) allowed per client address per 10 minutes. */
    public static final Setting<Integer> WEB_SIGN_IN_PER_ADDRESS = Setting.integer("waddle.web.signInsPerAddress", "web",
            20, 1, 10_000);

    // ---- Device passwords ----------------------------------------------------------------------------------

    /** Device passwords one account may have at once. */
    public static final Setting<Integer> DEVICE_PASSWORDS_PER_ACCOUNT = Setting.integer("waddle.devices.maxPerAccount",
            "devices", 10, 1, 100);
    /** PBKDF2-HMAC-SHA256 iterations of new device passwords' hashes (stored ones keep theirs). */
    public static final Setting<Integer> DEVICE_PASSWORD_ITERATIONS = Setting.integer("waddle.devices.pbkdf2Iterations",
            "devices", 100_000, 10_000, 10_000_000);

    public static final List<Setting<?>> ALL = List.of(
            COMPONENT_SUBDOMAIN, MUC_SERVICE, RECONCILE_INTERVAL,
            LIST_SYNC_ENABLED, LIST_SYNC_INTERVAL, LIST_SYNC_MAX_BACKOFF, LIST_MAX_RECORDS, LIST_PDS_CALL_INTERVAL,
            APP_PASSWORD_ENABLED, SERVICE_AUTH_ENABLED, AUTO_PROVISION, CREDENTIAL_CACHE_TTL,
            MAX_FAILURES_PER_ACCOUNT, MAX_FAILURES_PER_ADDRESS, FAILURE_WINDOW, MAX_PDS_CHECKS_PER_5_MIN, MAX_PDS_CHECKS_PER_DAY,
            SERVICE_DID, ACCEPT_AUD_FRAGMENT, ACCEPTED_LXM, TOKEN_MAX_LIFETIME, CLOCK_SKEW,
            PLC_DIRECTORY, HANDLE_RESOLVERS, RESOLVE_HANDLE_SERVICE, DNS_SERVER, IDENTITY_CACHE_TTL, IDENTITY_NEGATIVE_CACHE_TTL,
            ALLOWED_RESERVED_TLDS,
            ALLOWED_DID_METHODS, ALLOWED_HANDLE_DOMAINS, DENIED_HANDLE_DOMAINS, ALLOWED_PDS_HOSTS, DENIED_PDS_HOSTS,
            PLAIN_HTTP_HOSTS, ALLOWED_PRIVATE_ADDRESSES, HTTP_CONNECT_TIMEOUT, HTTP_TOTAL_TIMEOUT,
            PROFILE_SYNC_ENABLED, PROFILE_REFRESH_INTERVAL, PROFILE_MAX_AVATAR_BYTES, PROFILE_MAX_CALLS_PER_PDS,
            HANDLE_RECHECK_INTERVAL, HANDLE_RECHECKS_PER_MINUTE,
            WEB_ENABLED, WEB_BASE_URL, WEB_SESSION_LIFETIME, WEB_SIGN_IN_PER_ADDRESS,
            DEVICE_PASSWORDS_PER_ACCOUNT, DEVICE_PASSWORD_ITERATIONS);

    private WaddleSettings() {
    }

    static String nsid(String raw) {
        try {
            return Nsid.parse(raw).toString();
        } catch (AtprotoException e) {
            throw new IllegalArgumentException(e.getMessage() + ".");
        }
    }

    /** A domain or domain suffix (one label or more), written with or without a leading dot. */
    static String domain(String raw) {
        String value = raw.toLowerCase(Locale.ROOT);
        value = value.startsWith(".") ? value.substring(1) : value;
        String problem = Hostnames.problem("Domain", value, 1);
        if (problem != null) {
            throw new IllegalArgumentException(problem + ".");
        }
        return value;
    }

    /** One of the top-level domains the spec disallows for handles ({@link Hostnames#DISALLOWED_TLDS}). */
    static String reservedTld(String raw) {
        String value = raw.toLowerCase(Locale.ROOT);
        value = value.startsWith(".") ? value.substring(1) : value;
        if (!Hostnames.DISALLOWED_TLDS.contains(value)) {
            throw new IllegalArgumentException("Expected one of the top-level domains ATProto disallows for handles ("
                    + String.join(", ", new TreeSet<>(Hostnames.DISALLOWED_TLDS)) + "), got '" + raw + "'.");
        }
        return value;
    }

    static String didMethod(String raw) {
        String value = raw.toLowerCase(Locale.ROOT);
        if (!value.equals("plc") && !value.equals("web")) {
            throw new IllegalArgumentException("Supported DID methods are plc and web, got '" + raw + "'.");
        }
        return value;
    }

    static String resolverName(String raw) {
        String value = raw.toLowerCase(Locale.ROOT);
        if (!value.equals("dns") && !value.equals("https") && !value.equals("xrpc")) {
            throw new IllegalArgumentException("Handle resolvers are dns, https and xrpc, got '" + raw + "'.");
        }
        return value;
    }

    /** Empty, or a DID ATProto can resolve (did:plc or did:web, each by its method's rules). */
    static String didOrEmpty(String raw) {
        if (raw.isEmpty()) {
            return raw;
        }
        try {
            Did did = Did.parse(raw);
            did.checkResolvable();
            return did.toString();
        } catch (AtprotoException e) {
            throw new IllegalArgumentException(e.getMessage() + "; expected a DID such as did:web:chat.example.com.");
        }
    }

    /** Empty, or an absolute http(s) URL with a host, no user info, query or fragment; kept without a trailing slash. */
    static String webBaseUrlOrEmpty(String raw) {
        if (raw.isEmpty()) {
            return raw;
        }
        String value = httpUrl(raw);
        URI uri = URI.create(value);
        if (uri.getRawPath() == null || uri.getRawPath().isEmpty()) {
            throw new IllegalArgumentException("The base URL must end in the pages' path, e.g. 'https://chat.example.com/waddle', got '"
                    + raw + "'.");
        }
        return value;
    }

    static String httpUrl(String raw) {
        try {
            URI uri = new URI(raw);
            if (!("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) || uri.getHost() == null
                    || uri.getUserInfo() != null || uri.getQuery() != null || uri.getFragment() != null) {
                throw new IllegalArgumentException("Expected an http(s) URL with a host and nothing after the path, got '" + raw + "'.");
            }
            return raw.endsWith("/") ? raw.substring(0, raw.length() - 1) : raw;
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("Not a URL: '" + raw + "'.");
        }
    }

    static String httpUrlOrEmpty(String raw) {
        return raw.isEmpty() ? raw : httpUrl(raw);
    }

    static String dnsLabel(String raw) {
        String value = raw.toLowerCase(Locale.ROOT);
        if (value.indexOf('.') >= 0 || Hostnames.problem("Label", value, 1) != null) {
            throw new IllegalArgumentException("Expected one DNS label (letters, digits, inner hyphens; at most 63), got '" + raw + "'.");
        }
        return value;
    }
}
