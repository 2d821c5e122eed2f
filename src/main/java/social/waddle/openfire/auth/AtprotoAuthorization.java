package social.waddle.openfire.auth;

import org.jivesoftware.openfire.auth.AuthorizationMapping;
import org.jivesoftware.openfire.auth.AuthorizationPolicy;

/**
 * Binds the JID derived from the DID, whatever the user typed: Openfire asks the mapping for the identity to act as
 * (right after a successful authentication in the same SASL exchange) and the policy whether that is allowed.
 * Only the localpart the preceding authentication of the same authcid resolved to is ever mapped or authorized.
 */
public final class AtprotoAuthorization implements AuthorizationPolicy, AuthorizationMapping {

    @Override
    public String map(String authcid) {
        return LoginBridge.boundLocalpart(authcid).orElse(authcid);
    }

    @Override
    public boolean authorize(String authzid, String authcid) {
        return LoginBridge.boundLocalpart(authcid).map(localpart -> localpart.equals(authzid)).orElse(false);
    }

    @Override
    public String name() {
        return "Waddle ATProto";
    }

    @Override
    public String description() {
        return "Binds ATProto (Bluesky) logins to the JID derived from the account's DID.";
    }
}
