package social.waddle.openfire.auth;

import java.util.Optional;

import org.jivesoftware.openfire.auth.AuthFactory;
import org.jivesoftware.openfire.auth.AuthProvider;
import org.jivesoftware.openfire.user.UserManager;
import org.jivesoftware.openfire.user.UserProvider;

import social.waddle.openfire.OpenfirePropertyStore;
import social.waddle.settings.PropertyStore;

/**
 * The providers that were configured before the plugin installed its own, kept in {@code waddle.saved.*}
 * properties so that uninstalling restores them and a crash never loses them.
 */
public final class PreviousProviders {

    public static final String AUTH_PROVIDER_PROPERTY = "provider.auth.className";
    public static final String USER_PROVIDER_PROPERTY = "provider.user.className";
    static final String DEFAULT_AUTH_PROVIDER = "org.jivesoftware.openfire.auth.DefaultAuthProvider";
    static final String DEFAULT_USER_PROVIDER = "org.jivesoftware.openfire.user.DefaultUserProvider";
    static final String SAVED_PREFIX = "waddle.saved.";

    /** Openfire's own properties, as Openfire reads the provider class names (no XML fallback). */
    private static final PropertyStore OPENFIRE_PROPERTIES = OpenfirePropertyStore.databaseOnly();

    private PreviousProviders() {
    }

    static String savedClassName(PropertyStore properties, String property, String fallback) {
        return properties.get(SAVED_PREFIX + property).filter(saved -> !saved.isBlank()).orElse(fallback);
    }

    static AuthProvider authProvider() {
        return instantiate(savedClassName(OPENFIRE_PROPERTIES, AUTH_PROVIDER_PROPERTY, DEFAULT_AUTH_PROVIDER),
                AuthProvider.class);
    }

    static UserProvider userProvider() {
        return instantiate(savedClassName(OPENFIRE_PROPERTIES, USER_PROVIDER_PROPERTY, DEFAULT_USER_PROVIDER),
                UserProvider.class);
    }

    static <T> T instantiate(String className, Class<T> type) {
        try {
            Class<?> found = Class.forName(className, true, type.getClassLoader());
            return type.cast(found.getDeclaredConstructor().newInstance());
        } catch (ReflectiveOperationException | ClassCastException e) {
            throw new IllegalStateException("Cannot create the previous " + type.getSimpleName() + " " + className
                    + "; restore property " + (type == AuthProvider.class ? AUTH_PROVIDER_PROPERTY : USER_PROVIDER_PROPERTY)
                    + " by hand", e);
        }
    }

    /**
     * Makes Openfire's provider factories read their class-name property now, on the plugin's thread, so that they
     * listen for its changes before {@link #replace} sets it. {@code AuthFactory} reads the property once, when the
     * class is first used, and only then starts listening; after a restart that first use can be the first login,
     * which would come after our change (so never see it) and run on a connection thread whose class loader cannot
     * load our provider: Openfire then falls back to its default provider and ATProto logins fail until the property
     * changes again.
     */
    public static void startFactoriesListening() {
        AuthFactory.getAuthProvider();
        UserManager.getUserProvider();
    }

    /**
     * Points Openfire at our provider class, first saving what was configured (unless that is already ours, as after
     * a crash). Openfire re-creates its provider when the property changes.
     *
     * @return the undo action, which restores the saved class name
     */
    public static AutoCloseable replace(String property, String defaultClassName, Class<?> ours) {
        return replace(OPENFIRE_PROPERTIES, property, defaultClassName, ours);
    }

    static AutoCloseable replace(PropertyStore properties, String property, String defaultClassName, Class<?> ours) {
        Optional<String> current = properties.get(property);
        String savedKey = SAVED_PREFIX + property;
        if (current.isPresent() && !current.get().equals(ours.getName())) {
            properties.set(savedKey, current.get());
        } else if (current.isEmpty() && properties.get(savedKey).isEmpty()) {
            properties.set(savedKey, defaultClassName);
        }
        properties.set(property, ours.getName());
        return () -> {
            String previous = savedClassName(properties, property, defaultClassName);
            properties.set(property, previous);
            properties.delete(savedKey);
        };
    }
}
