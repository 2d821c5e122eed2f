package social.waddle.openfire.auth;

import java.lang.reflect.Field;
import java.util.Collection;
import java.util.List;

import org.jivesoftware.openfire.auth.AuthorizationManager;
import org.jivesoftware.openfire.auth.AuthorizationMapping;
import org.jivesoftware.openfire.auth.AuthorizationPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Adds {@link AtprotoAuthorization} to Openfire's authorization policies (a live list Openfire hands out) and
 * mappings. Openfire has no public way to add a mapping and fills its private list once, by class names a plugin
 * class loader cannot serve; we insert into that list by reflection and, if a future Openfire makes that impossible,
 * carry on: logging in with the DID-derived username (or the DID) still binds the right JID, only handles do not.
 */
public final class AuthorizationHooks {

    private static final Logger Log = LoggerFactory.getLogger(AuthorizationHooks.class);
    private static final String MAPPING_FIELD = "authorizationMapping";

    private AuthorizationHooks() {
    }

    /** @return the undo action */
    public static AutoCloseable install(AtprotoAuthorization authorization) {
        Collection<AuthorizationPolicy> policies = AuthorizationManager.getAuthorizationPolicies();
        policies.add(authorization);
        List<AuthorizationMapping> mappings = mappings();
        if (mappings != null) {
            mappings.add(0, authorization);
        }
        return () -> {
            policies.remove(authorization);
            if (mappings != null) {
                mappings.remove(authorization);
            }
        };
    }

    /** Whether handle logins can bind the DID-derived JID on this Openfire (shown on the diagnostics page). */
    public static boolean mappingSupported() {
        return mappings() != null;
    }

    @SuppressWarnings("unchecked")
    private static List<AuthorizationMapping> mappings() {
        try {
            Field field = AuthorizationManager.class.getDeclaredField(MAPPING_FIELD);
            field.setAccessible(true);
            Object value = field.get(null);
            return value instanceof List ? (List<AuthorizationMapping>) value : null;
        } catch (ReflectiveOperationException | RuntimeException e) {
            Log.warn("Cannot add the ATProto authorization mapping to this Openfire ({}). Users can still log in with "
                    + "their DID or DID-derived username; logins by handle will not bind.", e.toString());
            return null;
        }
    }
}
