package social.waddle.openfire.auth;

import org.jivesoftware.openfire.auth.AuthFactory;
import org.jivesoftware.openfire.auth.AuthProvider;
import org.jivesoftware.openfire.user.UserManager;
import org.jivesoftware.openfire.user.UserProvider;
import org.jivesoftware.util.JiveGlobals;

/**
 * The providers that were configured before the plugin installed its own, kept in {@code waddle.saved.*}
 * properties so that uninstalling restores them and a crash never loses them.
 */
public final class PreviousProviders {

    public static final String AUTH_PROVIDER_PROPERTY = "provider.auth.className";
    public static final String USER_PROVIDER_PROPERTY = "provider.user.className";
    static final String DEFAULT_AUTH_PROVIDER = "org.jivesoftware.openfire.auth.DefaultAuthProvider";
    static final String DEFAULT_USER_PROVIDER = "org.jivesoftware.openfire.user.DefaultUserProvider";
    private static final String SAVED_PREFIX = "waddle.saved.";

    private PreviousProviders() {
    }

    static String savedClassName(String property, String fallback) {
        String saved = JiveGlobals.getProperty(SAVED_PREFIX + property);
        return saved == null || saved.isBlank() ? fallback : saved;
    }

    static AuthProvider authProvider() {
        return instantiate(savedClassName(AUTH_PROVIDER_PROPERTY, DEFAULT_AUTH_PROVIDER), AuthProvider.class);
    }

    static UserProvider userProvider() {
        return instantiate(savedClassName(USER_PROVIDER_PROPERTY, DEFAULT_USER_PROVIDER), UserProvider.class);
    }

    private static <T> T instantiate(String className, Class<T> type) {
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
        String current = JiveGlobals.getProperty(property);
        String savedKey = SAVED_PREFIX + property;
        if (current != null && !current.equals(ours.getName())) {
            JiveGlobals.setProperty(savedKey, current);
        } else if (current == null && JiveGlobals.getProperty(savedKey) == null) {
            JiveGlobals.setProperty(savedKey, defaultClassName);
        }
        JiveGlobals.setProperty(property, ours.getName());
        return () -> {
            String previous = savedClassName(property, defaultClassName);
            JiveGlobals.setProperty(property, previous);
            JiveGlobals.deleteProperty(savedKey);
        };
    }
}
