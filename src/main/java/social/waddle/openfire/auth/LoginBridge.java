package social.waddle.openfire.auth;

import social.waddle.login.AtprotoLogin;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Static because Openfire instantiates the auth and user providers and the authorization policy and mapping itself,
 * by class name, before any plugin loads: this is where they find the running plugin. Set by the plugin on start
 * (again after each login-settings change) and cleared on stop; while empty, ATProto logins fail as temporary and
 * local accounts are unaffected.
 *
 * <p>Also remembers, for a short time, which localpart each successful ATProto authentication resolved to, so the
 * authorization mapping and policy (called by Openfire right after authentication) bind the DID-derived JID.
 */
public final class LoginBridge {

    private static final Duration BINDING_TTL = Duration.ofMinutes(2);

    private static volatile AtprotoLogin current;
    private static final Map<String, Binding> recentBindings = new ConcurrentHashMap<>();
    private static volatile Clock clock = Clock.systemUTC();

    private static final class Binding {
        final String localpart;
        final Instant expires;

        Binding(String localpart, Instant expires) {
            this.localpart = localpart;
            this.expires = expires;
        }
    }

    private LoginBridge() {
    }

    public static Optional<AtprotoLogin> current() {
        return Optional.ofNullable(current);
    }

    /**
     * @return the undo action, for the plugin's registrations; it leaves a login service installed later (a rebuild)
     *     in place, so the plugin keeps the undo of the latest install and runs that one on stop
     */
    public static AutoCloseable install(AtprotoLogin login) {
        current = login;
        return () -> {
            if (current == login) {
                current = null;
                recentBindings.clear();
            }
        };
    }

    static void rememberBinding(String authcid, String localpart) {
        Instant now = clock.instant();
        recentBindings.values().removeIf(binding -> binding.expires.isBefore(now));
        recentBindings.put(normalise(authcid), new Binding(localpart, now.plus(BINDING_TTL)));
    }

    static Optional<String> boundLocalpart(String authcid) {
        Binding binding = recentBindings.get(normalise(authcid));
        if (binding == null || binding.expires.isBefore(clock.instant())) {
            return Optional.empty();
        }
        return Optional.of(binding.localpart);
    }

    static String normalise(String username) {
        return username == null ? "" : username.trim().toLowerCase(Locale.ROOT);
    }

    static void useClock(Clock testClock) {
        clock = testClock;
    }
}
