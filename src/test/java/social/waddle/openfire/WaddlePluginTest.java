package social.waddle.openfire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xmpp.component.Component;
import org.xmpp.packet.JID;

import social.waddle.account.ConnectionSource;
import social.waddle.login.AtprotoLogin;
import social.waddle.openfire.auth.LoginBridge;
import social.waddle.openfire.auth.PreviousProviders;
import social.waddle.openfire.auth.WaddleAuthProvider;
import social.waddle.openfire.auth.WaddleUserProvider;
import social.waddle.settings.PropertyStore;
import social.waddle.settings.Settings;
import social.waddle.settings.WaddleSettings;

/** The plugin's wiring order and its undoing, with Openfire's registrations recorded instead of made. */
class WaddlePluginTest {

    private final RecordingHooks openfire = new RecordingHooks();
    private final WaddlePlugin plugin = new WaddlePlugin(openfire);

    /** Records each registration and each undo, in one list; fails where a test says so. */
    private static final class RecordingHooks implements PluginHooks {
        final List<String> events = new ArrayList<>();
        final Set<String> failToRegister = new HashSet<>();
        final Set<String> failToUndo = new HashSet<>();
        final Map<String, String> values = new ConcurrentHashMap<>();
        Settings settings;
        Component component;

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
    }

    private static final String USER_PROVIDER = PreviousProviders.USER_PROVIDER_PROPERTY + "="
            + WaddleUserProvider.class.getSimpleName();
    private static final String AUTH_PROVIDER = PreviousProviders.AUTH_PROVIDER_PROPERTY + "="
            + WaddleAuthProvider.class.getSimpleName();

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
        assertThat(WaddleBridge.current()).isEmpty();
    }

    @Test
    void makesTheWaddleServiceAndItsProvisioningReachableWhileRunning() {
        plugin.initializePlugin(null, null);

        assertThat(WaddleBridge.service()).isPresent();
        assertThat(WaddleBridge.provisioner()).isPresent();

        plugin.destroyPlugin();

        assertThat(WaddleBridge.current()).isEmpty();
    }

    @Test
    void destroyLeavesNoThreadOfItsOwnBehind() {
        plugin.initializePlugin(null, null);
        assertThat(threadNames()).contains(WaddleJobs.THREAD_NAME);

        plugin.destroyPlugin();

        assertThat(threadNames()).doesNotContain(WaddleJobs.THREAD_NAME, "waddle-provisioning", "waddle-commands");
    }

    private static List<String> threadNames() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName).toList();
    }

    @Test
    void registersTheLoginServiceBeforeOpenfireIsPointedAtIt() {
        plugin.initializePlugin(null, null);

        assertThat(openfire.events).containsExactly(
                "+property listener",
                "+component waddle",
                "+muc sysadmin waddle.example.test of conference",
                "+authorization (login running)",
                "+sasl (login running)",
                "+account guard (login running)",
                "+" + USER_PROVIDER + " (login running)",
                "+" + AUTH_PROVIDER + " (login running)");
        assertThat(openfire.component).isInstanceOf(WaddleComponent.class);
    }

    @Test
    void destroyUndoesEverythingInReverseAndStopsTheLoginServiceLast() {
        plugin.initializePlugin(null, null);
        openfire.events.clear();

        plugin.destroyPlugin();

        assertThat(openfire.events).containsExactly(
                "-" + AUTH_PROVIDER + " (login running)",
                "-" + USER_PROVIDER + " (login running)",
                "-account guard (login running)",
                "-sasl (login running)",
                "-authorization (login running)",
                "-muc sysadmin waddle.example.test of conference",
                "-component waddle",
                "-property listener");
        assertThat(LoginBridge.current()).isEmpty();
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
                "+authorization (login running)",
                "-authorization (login running)",
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

        assertThat(openfire.events).hasSize(8).endsWith("-property listener");
        assertThat(LoginBridge.current()).isEmpty();
    }

    @Test
    void aChangedSettingRebuildsTheLoginService() {
        plugin.initializePlugin(null, null);
        AtprotoLogin before = LoginBridge.current().orElseThrow();

        openfire.values.put(WaddleSettings.AUTO_PROVISION.key(), "false");
        openfire.settings.changed(WaddleSettings.AUTO_PROVISION.key());

        assertThat(LoginBridge.current()).hasValueSatisfying(after -> assertThat(after).isNotSameAs(before));
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
    void afterDestroyAChangedSettingDoesNotRestartLogins() {
        plugin.initializePlugin(null, null);
        Settings settings = openfire.settings;
        plugin.destroyPlugin();

        settings.changed(WaddleSettings.AUTO_PROVISION.key());

        assertThat(LoginBridge.current()).isEmpty();
    }
}
