package social.waddle.openfire.site;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

import org.jivesoftware.util.JiveGlobals;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import social.waddle.atproto.oauth.ClientKey;
import social.waddle.atproto.oauth.OAuthException;

/**
 * The public pages' secrets, generated once and kept as encrypted Openfire properties ({@code setProperty(name,
 * value, true)}, in 4.2.0 and 5.x alike): encrypted at rest with Openfire's property key, shared by the nodes of a
 * cluster, kept over restarts and plugin updates.
 * <ul>
 *   <li>{@value #SITE_SECRET}: the HMAC key of CSRF tokens and OAuth browser bindings;</li>
 *   <li>{@value #CLIENT_KEY}: the confidential OAuth client's ES256 private key (JWK); its public half is served as the
 *   JWKS. Deleting the property makes a new key at the next start (authorization servers fetch the JWKS again).</li>
 * </ul>
 */
final class SiteSecrets {

    private static final Logger Log = LoggerFactory.getLogger(SiteSecrets.class);

    static final String SITE_SECRET = "waddle.web.secret";
    static final String CLIENT_KEY = "waddle.web.oauthClientKey";

    private SiteSecrets() {
    }

    static byte[] siteSecret() {
        String stored = JiveGlobals.getProperty(SITE_SECRET);
        if (stored != null && !stored.isBlank()) {
            try {
                byte[] secret = Base64.getDecoder().decode(stored.trim());
                if (secret.length >= 32) {
                    return secret;
                }
            } catch (IllegalArgumentException e) {
                Log.warn("Property {} is not base64; a new secret replaces it (open forms must be sent again)", SITE_SECRET);
            }
        }
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        JiveGlobals.setProperty(SITE_SECRET, Base64.getEncoder().encodeToString(secret), true);
        return secret;
    }

    static ClientKey clientKey() {
        String stored = JiveGlobals.getProperty(CLIENT_KEY);
        if (stored != null && !stored.isBlank()) {
            try {
                return ClientKey.fromPrivateJwk(stored);
            } catch (OAuthException e) {
                Log.warn("Property {} holds no usable ES256 key ({}); a new one replaces it", CLIENT_KEY, e.getMessage());
            }
        }
        ClientKey key = ClientKey.generate();
        JiveGlobals.setProperty(CLIENT_KEY, key.toPrivateJwk(), true);
        Log.info("Generated the OAuth client key {} of the public pages (kept encrypted in property {})", key.keyId(),
                CLIENT_KEY);
        return key;
    }

    static Optional<ClientKey> clientKeyIfConfidential(boolean https) {
        return https ? Optional.of(clientKey()) : Optional.empty();
    }
}
