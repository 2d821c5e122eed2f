package social.waddle.openfire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.jivesoftware.openfire.event.SessionEventListener;
import org.jivesoftware.openfire.muc.MUCEventListener;
import org.jivesoftware.util.cache.Cache;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xmpp.component.Component;
import org.xmpp.packet.JID;

import social.waddle.account.ConnectionSource;
import social.waddle.community.ReconcileReport;
import social.waddle.login.AtprotoLogin;
import social.waddle.openfire.auth.LoginBridge;
import social.waddle.openfire.auth.PreviousProviders;
import social.waddle.openfire.auth.WaddleAuthProvider;
import social.waddle.openfire.auth.WaddleUserProvider;
import social.waddle.openfire.cache.MapBackedCache;
import social.waddle.openfire.cache.OpenfireCacheCredentialStore;
import social.waddle.openfire.cache.OpenfireCacheReplayCache;
import social.waddle.openfire.muc.ServerIqRoute;
import social.waddle.openfire.muc.WaddleMucListener;
import social.waddle.settings.PropertyStore;
import social.waddle.settings.Settings;
import social.waddle.settings.WaddleSettings;
import social.waddle.testbed.ThreadsStarted;
import social.waddle.web.AccountAdministration;
import social.waddle.web.ConsoleServices;
import social.waddle.web.Diagnostics;
import social.waddle.web.WaddleAdministration;

/** The plugin's wiring order and its undoing, with Openfire's registrations recorded instead of made. */
class WaddlePluginTest {

    private final RecordingHooks openfire = new RecordingHooks();
    private final WaddlePlugin plugin = new WaddlePlugin(openfire);

    /** Records each registration and each undo, in one list; fails where a test says so. */
    private static final class RecordingHooks implements PluginHooks {
        social.waddle.openfire.site.SiteWiring.Parts publicSiteParts;
        int publicSiteInstalls;
        final List<String> events = new ArrayList<>();
        final Set<String> failToRegister = new HashSet<>();
        final Set<String> failToUndo = new HashSet<>();
        final Map<String, String> values = new ConcurrentHashMap<>();
        final Map<String, MapBackedCache<String, ?>> caches = new ConcurrentHashMap<>();
        Settings settings;
        Component component;
        MUCEventListener mucListener;
        final List<SessionEventListener> sessionListeners = new ArrayList<>();
        ConsoleServices.Builder consoleServices;

        private AutoCloseable register(String what) {
            if (failToRegister.contains(what)) {
                throw new IllegalStateException("Openfire refused " + what);
            }
            events.add("+" + what + (LoginBridge.current().isPresent() ? " (login running)" : ""));
            return () -> {
                events.add("-" + what + (LoginBridge.current().isPresent() ? " (login running)" : ""));
                if (failToUndo.contains(what)) {
                    throw new IllegalStateException("Openfire could not undo " + what);
                }
            };
        }

        @Override
        public PropertyStore properties() {
            return new PropertyStore() {
                @Override
                public Optional<String> get(String key) {
                    return Optional.ofNullable(values.get(key));
                }

                @Override
                public void set(String key, String value) {
                    values.put(key, value);
                }

                @Override
                public void delete(String key) {
                    values.remove(key);
                }
            };
        }

        @Override
        public AutoCloseable forwardPropertyChanges(Settings settings) {
            this.settings = settings;
            return register("property listener");
        }

        @Override
        public AutoCloseable addComponent(String subdomain, Component component) {
            this.component = component;
            return register("component " + subdomain);
        }

        @Override
        public String xmppDomain() {
            return "example.test";
        }

        @Override
        public ConnectionSource database() {
            return () -> {
                throw new SQLException("No database in this test");
            };
        }

        @Override
        public boolean runsClusterWideWork() {
            return true;
        }

        @Override
        public <V> Cache<String, V> createCache(String name, long maxBytes, Duration maxLifetime) {
            register("cache " + name);
            MapBackedCache<String, V> cache = new MapBackedCache<>(name, maxBytes, maxLifetime.toMillis());
            caches.put(name, cache);
            return cache;
        }

        @Override
        public void destroyCache(String name) {
            events.add("-cache " + name + (LoginBridge.current().isPresent() ? " (login running)" : ""));
            caches.remove(name);
        }

        @Override
        public AutoCloseable grantMucSysadmin(String serviceSubdomain, JID jid) {
            return register("muc sysadmin " + jid + " of " + serviceSubdomain);
        }

        @Override
        public AutoCloseable installAuthorization() {
            return register("authorization");
        }

        @Override
        public AutoCloseable installSasl() {
            return register("sasl");
        }

        @Override
        public AutoCloseable installAccountGuard() {
            return register("account guard");
        }

        @Override
        public AutoCloseable replaceProvider(String property, String defaultClassName, Class<?> ours) {
            return register(property + "=" + ours.getSimpleName());
        }

        @Override
        public AutoCloseable addMucListener(MUCEventListener listener) {
            this.mucListener = listener;
            return register("muc listener");
        }

        @Override
        public AutoCloseable addSessionListener(SessionEventListener listener) {
            this.sessionListeners.add(listener);
            return register("session listener");
        }

        @Override
        public AutoCloseable addInterceptor(org.jivesoftware.openfire.interceptor.PacketInterceptor interceptor) {
            return register("interceptor " + interceptor.getClass().getSimpleName());
        }

        @Override
        public social.waddle.openfire.profile.VCardStore vCards() {
            return new social.waddle.openfire.profile.VCardStore() {
                @Override
                public Optional<org.dom4j.Element> load(String username) {
                    return Optional.empty();
                }

                @Override
                public void save(String username, org.dom4j.Element vCard) {
                    events.add("vCard " + username);
                }
            };
        }

        @Override
        public ServerIqRoute serverIqRoute() {
            return (request, answer, timeout) -> events.add("routed " + request.getID());
        }

        @Override
        public AutoCloseable installPublicSite(social.waddle.openfire.site.SiteWiring.Parts parts) {
            publicSiteParts = parts;
            publicSiteInstalls++;
            return () -> publicSiteParts = null;
        }

        @Override
        public AutoCloseable installAdminConsole(ConsoleServices.Builder pluginServices) {
            consoleServices = pluginServices;
            return register("admin console");
        }
    }

    private static final String USER_PROVIDER = PreviousProviders.USER_PROVIDER_PROPERTY + "="
            + WaddleUserProvider.class.getSimpleName();
    private static final String AUTH_PROVIDER = PreviousProviders.AUTH_PROVIDER_PROPERTY + "="
            + WaddleAuthProvider.class.getSimpleName();
    private static final String CREDENTIAL_CACHE = "cache " + OpenfireCacheCredentialStore.CACHE_NAME;
    private static final String TOKEN_ID_CACHE = "cache " + OpenfireCacheReplayCache.CACHE_NAME;

    @BeforeEach
    void configure() {
        // Without a running server the service DID cannot come from the XMPP domain.
        openfire.values.put(WaddleSettings.SERVICE_DID.key(), "did:web:chat.example.com");
        openfire.values.put(WaddleSettings.HANDLE_RESOLVERS.key(), "https");
    }

    @AfterEach
    void stop() {
        plugin.destroyPlugin();
        assertThat(LoginBridge.current()).isEmpty();
    }

    @Test
    void theConsoleReachesTheRunningWaddleServiceWithoutAStaticHolder() {
        plugin.initializePlugin(null, null);

        ConsoleServices services = openfire.consoleServices
                .messages((key, arguments) -> key).users(request -> Optional.of("admin")).audit((admin, summary, details) -> { })
                .build();

        assertThat(services.require(WaddleAdministration.class).service()).isNotNull();
        assertThat(services.require(WaddleAdministration.class).reconcile().count(ReconcileReport.Outcome.CREATED)).isZero();
    }

    @Test
    void destroyLeavesNoThreadOfItsOwnBehind() throws InterruptedException {
        ThreadsStarted threads = ThreadsStarted.since();
        plugin.initializePlugin(null, null);
        Set<Thread> ours = threads.named(WaddleJobs.THREAD_NAME, "waddle-provisioning", "waddle-commands", "waddle-rooms");
        assertThat(ours).extracting(Thread::getName).contains(WaddleJobs.THREAD_NAME);

        plugin.destroyPlugin();

        assertThat(ThreadsStarted.stillAliveAfter(ours, Duration.ofSeconds(5))).isEmpty();
    }

    @Test
    void registersTheLoginServiceBeforeOpenfireIsPointedAtIt() {
        plugin.initializePlugin(null, null);

        assertThat(openfire.events).containsExactly(
                "+property listener",
                "+component waddle",
                "+muc sysadmin waddle.example.test of conference",
                "+" + CREDENTIAL_CACHE,
                "+" + TOKEN_ID_CACHE,
                "+authorization (login running)",
                "+sasl (login running)",
                "+account guard (login running)",
                "+" + USER_PROVIDER + " (login running)",
                "+" + AUTH_PROVIDER + " (login running)",
                "+muc listener (login running)",
                "+session listener (login running)",
                "+interceptor AvatarPresenceInterceptor (login running)",
                "+session listener (login running)",
                "+admin console (login running)");
        assertThat(openfire.component).isInstanceOf(WaddleComponent.class);
        assertThat(openfire.mucListener).isInstanceOf(WaddleMucListener.class);
        assertThat(openfire.sessionListeners).hasExactlyElementsOfTypes(SessionStartListener.class,
                SessionStartListener.class);
    }

    @Test
    void destroyUndoesEverythingInReverseAndStopsTheLoginServiceLast() {
        plugin.initializePlugin(null, null);
        openfire.events.clear();

        plugin.destroyPlugin();

        assertThat(openfire.events).containsExactly(
                "-admin console (login running)",
                "-session listener (login running)",
                "-interceptor AvatarPresenceInterceptor (login running)",
                "-session listener (login running)",
                "-muc listener (login running)",
                "-" + AUTH_PROVIDER + " (login running)",
                "-" + USER_PROVIDER + " (login running)",
                "-account guard (login running)",
                "-sasl (login running)",
                "-authorization (login running)",
                "-" + TOKEN_ID_CACHE,
                "-" + CREDENTIAL_CACHE,
                "-muc sysadmin waddle.example.test of conference",
                "-component waddle",
                "-property listener");
        assertThat(LoginBridge.current()).isEmpty();
        assertThat(openfire.caches).isEmpty();
    }

    @Test
    void aFailedStartUndoesWhatWasRegisteredAndReportsIt() {
        openfire.failToRegister.add("sasl");

        assertThatThrownBy(() -> plugin.initializePlugin(null, null))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("Openfire refused sasl");

        assertThat(openfire.events).containsExactly(
                "+property listener",
                "+component waddle",
                "+muc sysadmin waddle.example.test of conference",
                "+" + CREDENTIAL_CACHE,
                "+" + TOKEN_ID_CACHE,
                "+authorization (login running)",
                "-authorization (login running)",
                "-" + TOKEN_ID_CACHE,
                "-" + CREDENTIAL_CACHE,
                "-muc sysadmin waddle.example.test of conference",
                "-component waddle",
                "-property listener");
        assertThat(LoginBridge.current()).isEmpty();
    }

    @Test
    void aFailingUndoDoesNotStopTheOthers() {
        openfire.failToUndo.add("sasl");
        openfire.failToUndo.add("component waddle");
        plugin.initializePlugin(null, null);
        openfire.events.clear();

        plugin.destroyPlugin();

        assertThat(openfire.events).hasSize(15).endsWith("-property listener");
        assertThat(LoginBridge.current()).isEmpty();
    }

    @Test
    void keepsCredentialsAndTokenIdsInNamedOpenfireCachesWhoseLifetimesFollowTheSettings() {
        plugin.initializePlugin(null, null);
        assertThat(openfire.caches).containsOnlyKeys(OpenfireCacheCredentialStore.CACHE_NAME,
                OpenfireCacheReplayCache.CACHE_NAME);
        assertThat(openfire.caches.get(OpenfireCacheReplayCache.CACHE_NAME).getMaxLifetime())
                .isEqualTo(OpenfireCacheReplayCache.ENTRY_LIFETIME.toMillis());
        assertThat(openfire.caches.get(OpenfireCacheCredentialStore.CACHE_NAME).getMaxLifetime())
                .isEqualTo(WaddleSettings.CREDENTIAL_CACHE_TTL.defaultValue().toMillis());

        openfire.values.put(WaddleSettings.CREDENTIAL_CACHE_TTL.key(), "2d");
        openfire.settings.changed(WaddleSettings.CREDENTIAL_CACHE_TTL.key());

        assertThat(openfire.caches.get(OpenfireCacheCredentialStore.CACHE_NAME).getMaxLifetime())
                .isEqualTo(Duration.ofDays(2).toMillis());
    }

    @Test
    void aChangedSettingRebuildsTheLoginService() {
        plugin.initializePlugin(null, null);
        AtprotoLogin before = LoginBridge.current().orElseThrow();

        openfire.values.put(WaddleSettings.MAX_FAILURES_PER_ACCOUNT.key(), "7");
        openfire.settings.changed(WaddleSettings.MAX_FAILURES_PER_ACCOUNT.key());

        assertThat(LoginBridge.current()).hasValueSatisfying(after -> assertThat(after).isNotSameAs(before));
        plugin.destroyPlugin();
        assertThat(LoginBridge.current()).as("the rebuilt service's undo ran on stop").isEmpty();
    }

    @Test
    void aSettingTheLoginServiceDoesNotBuildFromKeepsItAndItsCaches() {
        plugin.initializePlugin(null, null);
        AtprotoLogin before = LoginBridge.current().orElseThrow();

        // Read at each login (login options), or by other parts of the plugin.
        openfire.values.put(WaddleSettings.AUTO_PROVISION.key(), "false");
        openfire.settings.changed(WaddleSettings.AUTO_PROVISION.key());
        openfire.values.put(WaddleSettings.PROFILE_REFRESH_INTERVAL.key(), "12h");
        openfire.settings.changed(WaddleSettings.PROFILE_REFRESH_INTERVAL.key());

        assertThat(LoginBridge.current()).containsSame(before);
    }

    @Test
    void aSettingThatCannotBeAppliedKeepsTheRunningService() {
        plugin.initializePlugin(null, null);
        AtprotoLogin before = LoginBridge.current().orElseThrow();

        openfire.values.put(WaddleSettings.HANDLE_RESOLVERS.key(), "xrpc");
        openfire.settings.changed(WaddleSettings.HANDLE_RESOLVERS.key());

        assertThat(LoginBridge.current()).containsSame(before);
    }

    @Test
    void aChangedWebSettingMountsThePublicPagesAgainAndStoppingUnmountsThem() {
        plugin.initializePlugin(null, null);
        assertThat(openfire.publicSiteParts).isNotNull();
        assertThat(openfire.publicSiteInstalls).isEqualTo(1);

        openfire.values.put(WaddleSettings.AUTO_PROVISION.key(), "false");
        openfire.settings.changed(WaddleSettings.AUTO_PROVISION.key());
        assertThat(openfire.publicSiteInstalls).as("other settings leave the pages alone").isEqualTo(1);

        openfire.values.put(WaddleSettings.WEB_BASE_URL.key(), "https://chat.example.com/waddle");
        openfire.settings.changed(WaddleSettings.WEB_BASE_URL.key());
        assertThat(openfire.publicSiteInstalls).isEqualTo(2);
        assertThat(openfire.publicSiteParts).isNotNull();

        plugin.destroyPlugin();
        assertThat(openfire.publicSiteParts).as("unmounted on stop").isNull();
    }

    @Test
    void afterDestroyAChangedSettingDoesNotRestartLogins() {
        plugin.initializePlugin(null, null);
        Settings settings = openfire.settings;
        plugin.destroyPlugin();

        settings.changed(WaddleSettings.AUTO_PROVISION.key());

        assertThat(LoginBridge.current()).isEmpty();
    }

    @Test
    void theAdminConsoleGetsTheSettingsAccountsAndDiagnosticsOfTheRunningPlugin() {
        plugin.initializePlugin(null, null);

        ConsoleServices services = openfire.consoleServices
                .messages((key, arguments) -> key).users(request -> Optional.of("admin")).audit((admin, summary, details) -> { })
                .build();

        assertThat(services.find(Settings.class)).containsSame(openfire.settings);
        assertThat(services.find(AccountAdministration.class)).isPresent();
        assertThat(services.require(Diagnostics.class).plcDirectory()).hasToString("https://plc.directory");
    }
}
