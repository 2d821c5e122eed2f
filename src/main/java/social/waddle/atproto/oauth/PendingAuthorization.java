package social.waddle.atproto.oauth;

import java.net.URI;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;

import social.waddle.atproto.syntax.Did;
import social.waddle.atproto.syntax.Handle;

/**
 * What a sign-in remembers between its pushed authorization request and the callback, under its {@code state}: the
 * PKCE verifier, the session's DPoP key and last server nonce, the authorization server the PAR went to, the DID the
 * person named (absent when they started from a PDS URL) and the browser session it is bound to.
 *
 * @param binding an opaque value of the browser session that started the sign-in (e.g. a hash of a cookie); the
 *     callback must present the same one, so a stolen authorization URL cannot be completed in another browser
 */
public record PendingAuthorization(
        String state,
        String binding,
        AuthorizationServer server,
        URI requestUri,
        CodeVerifier codeVerifier,
        ECKey dpopKey,
        Optional<String> dpopNonce,
        Optional<Did> expectedDid,
        Optional<Handle> expectedHandle,
        Optional<URI> expectedPds,
        URI redirectUri,
        Instant createdAt,
        Instant expiresAt) {

    public PendingAuthorization {
        Objects.requireNonNull(state);
        Objects.requireNonNull(binding);
        Objects.requireNonNull(server);
        Objects.requireNonNull(requestUri);
        Objects.requireNonNull(codeVerifier);
        Objects.requireNonNull(dpopKey);
        Objects.requireNonNull(dpopNonce);
        Objects.requireNonNull(expectedDid);
        Objects.requireNonNull(expectedHandle);
        Objects.requireNonNull(expectedPds);
        Objects.requireNonNull(redirectUri);
        Objects.requireNonNull(createdAt);
        Objects.requireNonNull(expiresAt);
    }

    /** Secrets (verifier, key) left out. */
    @Override
    public String toString() {
        return "PendingAuthorization[issuer=" + server.issuer() + ", expectedDid=" + expectedDid
                + ", createdAt=" + createdAt + ", expiresAt=" + expiresAt + "]";
    }
}
