package social.waddle.atproto.oauth;

import java.net.URI;
import java.time.Instant;
import java.util.Objects;

/**
 * A started sign-in: where to send the browser (the authorization endpoint with {@code client_id} and the PAR's
 * {@code request_uri} only), and until when the callback is accepted.
 */
public record AuthorizationStart(URI authorizationUrl, URI issuer, Instant expiresAt) {

    public AuthorizationStart {
        Objects.requireNonNull(authorizationUrl);
        Objects.requireNonNull(issuer);
        Objects.requireNonNull(expiresAt);
    }
}
