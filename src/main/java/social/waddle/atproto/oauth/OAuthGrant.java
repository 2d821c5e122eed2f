package social.waddle.atproto.oauth;

import java.net.URI;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

import com.nimbusds.jose.jwk.ECKey;

import social.waddle.atproto.syntax.Did;
import social.waddle.atproto.syntax.Handle;

/**
 * A finished sign-in: the account ({@code sub}, checked against the resolved DID and its PDS's authorization server)
 * and its DPoP-bound tokens with the session's DPoP key. Tokens and key never appear in {@link #toString()}.
 *
 * @param handle the account's handle if its DID document claims it and it resolves back (else empty)
 */
public record OAuthGrant(Did did, Optional<Handle> handle, URI pds, URI issuer, String scope, String accessToken,
                         Optional<String> refreshToken, Optional<Instant> accessTokenExpiresAt, ECKey dpopKey,
                         Optional<String> dpopNonce) {

    public OAuthGrant {
        Objects.requireNonNull(did);
        Objects.requireNonNull(handle);
        Objects.requireNonNull(pds);
        Objects.requireNonNull(issuer);
        Objects.requireNonNull(scope);
        Objects.requireNonNull(accessToken);
        Objects.requireNonNull(refreshToken);
        Objects.requireNonNull(accessTokenExpiresAt);
        Objects.requireNonNull(dpopKey);
        Objects.requireNonNull(dpopNonce);
    }

    @Override
    public String toString() {
        return "OAuthGrant[did=" + did + ", handle=" + handle.map(Handle::toString).orElse("") + ", pds=" + pds
                + ", issuer=" + issuer + ", scope=" + scope + ", expiresAt=" + accessTokenExpiresAt.orElse(null) + "]";
    }
}
