package social.waddle.openfire;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import org.jivesoftware.database.DbConnectionManager;
import org.jivesoftware.openfire.XMPPServer;

import social.waddle.profile.HandleWatchingAccounts;
import social.waddle.account.JdbcAccountRepository;
import social.waddle.atproto.AtprotoException;
import social.waddle.atproto.dns.DnsTxtResolver;
import social.waddle.atproto.http.OutboundPolicy;
import social.waddle.atproto.http.SafeHttpClient;
import social.waddle.atproto.identity.IdentityResolver;
import social.waddle.atproto.xrpc.XrpcClient;
import social.waddle.device.DevicePasswords;
import social.waddle.login.CredentialCache;
import social.waddle.login.LoginAttemptLimiter;
import social.waddle.login.LoginOptions;
import social.waddle.login.LoginService;
import social.waddle.login.ReplayCache;
import social.waddle.login.ServiceAuthPolicy;
import social.waddle.login.ServiceAuthVerifier;
import social.waddle.openfire.cache.OpenfireCacheCredentialStore;
import social.waddle.settings.Setting;
import social.waddle.settings.Settings;
import social.waddle.settings.WaddleSettings;

/**
 * Builds the {@link LoginService} from the current settings. Rebuilt whenever a setting changes; what must survive a
 * rebuild (remembered credentials, seen token ids, failure counts) is held by this object and handed to each build.
 *
 * <p>Cluster: remembered credentials and seen token ids are in Openfire caches shared by every node (given to the
 * constructor). The failure and PDS-check counters of {@link LoginAttemptLimiter} and the identity caches stay in
 * each node's memory: a cluster of N nodes allows up to N times the per-account limits to a client that spreads its
 * tries over the nodes (the PDS's own limits still hold), and a node that misses an identity resolves it again.
 * Sharing the counters would need an atomic increment, which no cache API common to Openfire 4.2.0 and 5.x offers,
 * and a cluster round trip per try; the identity caches hold plugin objects and in-flight resolutions shared by
 * concurrent logins, which a clustered cache cannot hold, and a miss costs only one resolution.
 */
final class LoginWiring implements AutoCloseable {

    private final Settings settings;
    private final String version;
    private final Clock clock;
    private final OpenfireCacheCredentialStore credentialStore;
    private final ReplayCache replayCache;
    private final DevicePasswords devicePasswords;
    private final HandleWatchingAccounts accounts = new HandleWatchingAccounts(
            new JdbcAccountRepository(DbConnectionManager::getConnection));
    /** The settings {@link #build} reads: a change to any other one needs no new login service. */
    private final Set<String> readByBuild = ConcurrentHashMap.newKeySet();
    private LoginAttemptLimiter limiter;
    private LoginAttemptLimiter.Limits limiterLimits;
    private SafeHttpClient http;
    private IdentityResolver identities;
    private XrpcClient xrpc;

    LoginWiring(Settings settings, String version, Clock clock, OpenfireCacheCredentialStore credentialStore,
                ReplayCache replayCache, DevicePasswords devicePasswords) {
        this.devicePasswords = devicePasswords;
        this.settings = settings;
        this.version = version;
        this.clock = clock;
        this.credentialStore = credentialStore;
        this.replayCache = replayCache;
    }

    HandleWatchingAccounts accounts() {
        return accounts;
    }

    /** The outbound HTTP client of the current login service (replaced, and the old one closed, on each build). */
    synchronized SafeHttpClient http() {
        if (http == null) {
            throw new IllegalStateException("The login service has not been built");
        }
        return http;
    }

    /** The identity resolver of the current login service (the Bluesky list sync reads with it too). */
    synchronized IdentityResolver identities() {
        if (identities == null) {
            throw new IllegalStateException("The login service has not been built");
        }
        return identities;
    }

    /** The XRPC client of the current login service. */
    synchronized XrpcClient xrpc() {
        if (xrpc == null) {
            throw new IllegalStateException("The login service has not been built");
        }
        return xrpc;
    }

    synchronized LoginService build() throws AtprotoException {
        OutboundPolicy.Builder policy = OutboundPolicy.builder()
                .connectTimeout(built(WaddleSettings.HTTP_CONNECT_TIMEOUT))
                .totalTimeout(built(WaddleSettings.HTTP_TOTAL_TIMEOUT))
                .readTimeout(built(WaddleSettings.HTTP_TOTAL_TIMEOUT))
                .userAgent("Waddle-Openfire/" + version);
        built(WaddleSettings.PLAIN_HTTP_HOSTS).forEach(policy::allowPlainHttp);
        built(WaddleSettings.ALLOWED_PRIVATE_ADDRESSES).forEach(policy::allowAddress);
        SafeHttpClient previousHttp = http;
        http = new SafeHttpClient(policy.build());
        if (previousHttp != null) {
            previousHttp.close();
        }
        XrpcClient xrpc = new XrpcClient(http, clock, XrpcClient.DEFAULT_MAX_RESPONSE_BYTES);
        this.xrpc = xrpc;

        List<IdentityResolver.HandleMethod> methods = built(WaddleSettings.HANDLE_RESOLVERS).stream()
                .map(name -> IdentityResolver.HandleMethod.valueOf(name.toUpperCase(Locale.ROOT)))
                .collect(Collectors.toList());
        Optional<DnsTxtResolver> dns = Optional.empty();
        if (methods.contains(IdentityResolver.HandleMethod.DNS)) {
            String server = built(WaddleSettings.DNS_SERVER);
            Duration timeout = built(WaddleSettings.HTTP_CONNECT_TIMEOUT);
            dns = Optional.of(server.isBlank() ? DnsTxtResolver.system(timeout) : DnsTxtResolver.forServer(server, timeout));
        }
        String resolveService = built(WaddleSettings.RESOLVE_HANDLE_SERVICE);
        identities = new IdentityResolver(http, xrpc, dns, new IdentityResolver.Config(
                URI.create(built(WaddleSettings.PLC_DIRECTORY)), methods,
                resolveService.isBlank() ? Optional.empty() : Optional.of(URI.create(resolveService)),
                built(WaddleSettings.IDENTITY_CACHE_TTL), built(WaddleSettings.IDENTITY_NEGATIVE_CACHE_TTL),
                100_000, Set.copyOf(built(WaddleSettings.ALLOWED_RESERVED_TLDS))), clock);
        this.identities = identities;

        ServiceAuthVerifier verifier = new ServiceAuthVerifier(new ServiceAuthPolicy(
                serviceDid(),
                built(WaddleSettings.ACCEPT_AUD_FRAGMENT),
                new HashSet<>(built(WaddleSettings.ACCEPTED_LXM)),
                true,
                built(WaddleSettings.TOKEN_MAX_LIFETIME),
                built(WaddleSettings.CLOCK_SKEW)), replayCache, clock);

        Duration credentialTimeToLive = built(WaddleSettings.CREDENTIAL_CACHE_TTL);
        credentialStore.keepEntriesFor(credentialTimeToLive);
        CredentialCache credentials = new CredentialCache(credentialStore, clock, credentialTimeToLive,
                CredentialCache.DEFAULT_ITERATIONS);

        LoginAttemptLimiter.Limits limits = new LoginAttemptLimiter.Limits(
                built(WaddleSettings.MAX_FAILURES_PER_ACCOUNT),
                built(WaddleSettings.MAX_FAILURES_PER_ADDRESS),
                built(WaddleSettings.FAILURE_WINDOW),
                built(WaddleSettings.MAX_PDS_CHECKS_PER_5_MIN),
                Duration.ofMinutes(5),
                built(WaddleSettings.MAX_PDS_CHECKS_PER_DAY),
                100_000);
        if (!limits.equals(limiterLimits)) {
            limiter = new LoginAttemptLimiter(limits, clock);
            limiterLimits = limits;
        }

        return new LoginService(identities, xrpc, verifier, credentials, limiter, accounts, this::options, clock,
                Optional.of(devicePasswords));
    }

    private LoginOptions options() {
        return new LoginOptions(
                settings.get(WaddleSettings.APP_PASSWORD_ENABLED),
                settings.get(WaddleSettings.SERVICE_AUTH_ENABLED),
                settings.get(WaddleSettings.AUTO_PROVISION),
                new HashSet<>(settings.get(WaddleSettings.ALLOWED_DID_METHODS)),
                settings.get(WaddleSettings.ALLOWED_HANDLE_DOMAINS),
                settings.get(WaddleSettings.DENIED_HANDLE_DOMAINS),
                settings.get(WaddleSettings.ALLOWED_PDS_HOSTS),
                settings.get(WaddleSettings.DENIED_PDS_HOSTS));
    }

    /**
     * Whether a change to {@code setting} needs a new login service. Rebuilding empties the identity caches, so it
     * happens only for settings the build read; the login options are read at each login.
     */
    boolean builtFrom(Setting<?> setting) {
        return readByBuild.contains(setting.key());
    }

    private <T> T built(Setting<T> setting) {
        readByBuild.add(setting.key());
        return settings.get(setting);
    }

    /** The configured service DID, else did:web of the XMPP domain. */
    String serviceDid() {
        String configured = built(WaddleSettings.SERVICE_DID);
        if (!configured.isBlank()) {
            return configured;
        }
        return "did:web:" + XMPPServer.getInstance().getServerInfo().getXMPPDomain().toLowerCase(Locale.ROOT);
    }

    @Override
    public synchronized void close() {
        if (http != null) {
            http.close();
            http = null;
        }
        DnsTxtResolver.releaseSharedResources();
    }
}
