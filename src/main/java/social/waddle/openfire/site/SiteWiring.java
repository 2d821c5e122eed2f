package social.waddle.openfire.site;

import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.jivesoftware.openfire.XMPPServer;
import org.jivesoftware.util.JiveGlobals;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import social.waddle.account.AccountRepository;
import social.waddle.account.PendingInviteRepository;
import social.waddle.account.WebSessionRepository;
import social.waddle.atproto.AtprotoException;
import social.waddle.atproto.http.SafeHttpClient;
import social.waddle.atproto.identity.IdentityResolver;
import social.waddle.atproto.identity.JidLocalpart;
import social.waddle.atproto.oauth.ClientIdentity;
import social.waddle.atproto.syntax.Did;
import social.waddle.community.ListSync;
import social.waddle.community.Waddle;
import social.waddle.device.DevicePasswords;
import social.waddle.community.WaddleRepository;
import social.waddle.community.WaddleService;
import social.waddle.login.LoginService;
import social.waddle.openfire.web.OpenfireMessages;
import social.waddle.settings.Settings;
import social.waddle.settings.WaddleSettings;
import social.waddle.web.site.InviteLinks;
import social.waddle.web.site.Person;
import social.waddle.web.site.SignIn;
import social.waddle.web.site.SignInLimiter;
import social.waddle.web.site.SiteAccount;
import social.waddle.web.site.SitePeople;
import social.waddle.web.site.SiteRoutes;
import social.waddle.web.site.SiteServices;
import social.waddle.web.site.StoredWebSessions;
import social.waddle.web.site.WaddleModeration;

/**
 * Starts the public pages on the running plugin: decides the base URL, builds the OAuth client (confidential with its
 * kept ES256 key for an https base URL, loopback for http on 127.0.0.1/localhost), installs {@link SiteServices} and
 * mounts {@link SiteRoutes} at {@value #CONTEXT_PATH}; the undo unmounts first, then uninstalls.
 */
public final class SiteWiring {

    private static final Logger Log = LoggerFactory.getLogger(SiteWiring.class);

    public static final String CONTEXT_PATH = "/waddle";
    static final String CLIENT_NAME = "Waddle chat";
    static final int DEFAULT_HTTP_BIND_PORT = 7070;
    static final int DEFAULT_HTTP_BIND_SECURE_PORT = 7443;
    static final int DEFAULT_CLIENT_PORT = 5222;

    /** What the pages need of the rest of the plugin. */
    public record Parts(Settings settings, Supplier<Optional<LoginService>> login, Supplier<IdentityResolver> identities,
                        Supplier<SafeHttpClient> http, AccountRepository accounts, WebSessionRepository sessions,
                        WaddleRepository waddles, String xmppDomain, Consumer<String> signedIn, Clock clock,
                        DevicePasswords devicePasswords, Community community) {
    }

    /** What the moderator pages and invite links act through: the same service and list sync as the commands. */
    public record Community(WaddleService service, Optional<ListSync> lists, String mucDomain,
                            PendingInviteRepository pendingInvites) {
    }

    /** Invite-link lookups one address may make in {@link SignInLimiter#WINDOW} (guessing codes is pointless). */
    static final int INVITE_LOOKUPS_PER_ADDRESS = 60;

    private SiteWiring() {
    }

    /** @return the undo action (nothing to undo when the pages are off or not offered on this Openfire) */
    public static AutoCloseable install(Parts parts) throws Exception {
        if (!parts.settings().get(WaddleSettings.WEB_ENABLED)) {
            Log.info("The public Waddle pages are off ({} = false)", WaddleSettings.WEB_ENABLED.key());
            return () -> { };
        }
        URI baseUrl = baseUrl(parts.settings());
        ClientIdentity client;
        try {
            client = ClientIdentity.forBaseUrl(baseUrl, SiteSecrets.clientKeyIfConfidential("https".equals(baseUrl.getScheme())),
                    CLIENT_NAME);
        } catch (AtprotoException e) {
            Log.error("The public Waddle pages are not offered: {} Set {} to the https address people reach {} at.",
                    e.getMessage(), WaddleSettings.WEB_BASE_URL.key(), CONTEXT_PATH);
            return () -> { };
        }
        Settings settings = parts.settings();
        AccountRepository accounts = parts.accounts();
        StoredWebSessions sessions = new StoredWebSessions(parts.sessions(),
                () -> settings.get(WaddleSettings.WEB_SESSION_LIFETIME),
                did -> accounts.findByDid(did).map(account -> !account.loginBlocked()).orElse(false), parts.clock());
        sessions.purgeExpired();
        SitePeople people = new SitePeople(accounts);
        SiteServices services = SiteServices.builder()
                .messages(new OpenfireMessages())
                .baseUrl(baseUrl)
                .sessions(sessions)
                .secret(SiteSecrets.siteSecret())
                .with(SignIn.class, new OAuthSignIn(client, parts.identities(), parts.http(), parts.login(),
                        parts.signedIn(), parts.clock()))
                .with(SignInLimiter.class, new SignInLimiter(() -> settings.get(WaddleSettings.WEB_SIGN_IN_PER_ADDRESS),
                        parts.clock()))
                .with(SiteAccount.class, new RunningAccount(parts.xmppDomain(), parts.waddles()))
                .with(DevicePasswords.class, parts.devicePasswords())
                .with(WaddleModeration.class, new WaddleModeration(parts.community().service(), parts.waddles(),
                        parts.community().lists(), people))
                .with(InviteLinks.class, new InviteLinks(parts.community().service(), parts.waddles(), people,
                        parts.community().mucDomain(), new SignInLimiter(() -> INVITE_LOOKUPS_PER_ADDRESS, parts.clock()),
                        parts.community().pendingInvites(), parts.clock()))
                .build();
        AutoCloseable installed = SiteServices.install(services);
        Optional<AutoCloseable> mounted;
        try {
            mounted = PublicWebMount.mount(CONTEXT_PATH, SiteRoutes.all(), SiteWiring.class.getClassLoader());
        } catch (Exception | LinkageError e) {
            installed.close();
            throw e;
        }
        if (mounted.isEmpty()) {
            installed.close();
            return () -> { };
        }
        Log.info("Public Waddle pages at {}/ ({} OAuth client {})", baseUrl,
                client.isConfidential() ? "confidential" : "loopback development", client.clientId());
        return () -> {
            try {
                mounted.get().close();
            } finally {
                installed.close();
            }
        };
    }

    /**
     * The configured base URL, or the one derived from the server: {@code http://127.0.0.1:<HTTP-bind port>/waddle}
     * when the host name is a loopback name (development), else {@code https://<host name>:<HTTP-bind secure
     * port>/waddle}.
     */
    static URI baseUrl(Settings settings) {
        String configured = settings.get(WaddleSettings.WEB_BASE_URL);
        if (!configured.isEmpty()) {
            return URI.create(configured);
        }
        String host = XMPPServer.getInstance().getServerInfo().getHostname().toLowerCase(Locale.ROOT);
        return derivedBaseUrl(host, JiveGlobals.getIntProperty("httpbind.port.plain", DEFAULT_HTTP_BIND_PORT),
                JiveGlobals.getIntProperty("httpbind.port.secure", DEFAULT_HTTP_BIND_SECURE_PORT));
    }

    static URI derivedBaseUrl(String host, int plainPort, int securePort) {
        if (host.equals("localhost") || host.equals("127.0.0.1") || host.equals("::1")) {
            return URI.create("http://127.0.0.1:" + plainPort + CONTEXT_PATH);
        }
        return URI.create("https://" + host + (securePort == 443 ? "" : ":" + securePort) + CONTEXT_PATH);
    }

    /** The person's chat account and Waddles as the home page shows them. */
    private record RunningAccount(String xmppDomain, WaddleRepository waddles) implements SiteAccount {

        @Override
        public Connection connection(Person person) {
            String username;
            try {
                username = JidLocalpart.toLocalpart(Did.parse(person.did()));
            } catch (AtprotoException e) {
                username = person.did();
            }
            String host = XMPPServer.getInstance().getServerInfo().getHostname();
            int port = JiveGlobals.getIntProperty("xmpp.socket.plain.port", DEFAULT_CLIENT_PORT);
            return new Connection(username + "@" + xmppDomain, xmppDomain, host, port);
        }

        @Override
        public List<Membership> memberships(Person person) {
            Did member;
            try {
                member = Did.parse(person.did());
            } catch (AtprotoException e) {
                return List.of();
            }
            return waddles.read(store -> {
                List<Membership> memberships = new ArrayList<>();
                for (Waddle waddle : store.waddlesOf(member)) {
                    store.findMember(waddle.id(), member).ifPresent(found -> memberships.add(new Membership(waddle.id(),
                            waddle.name(), waddle.slug().value(), found.role().name().toLowerCase(Locale.ROOT))));
                }
                return memberships;
            });
        }
    }
}
