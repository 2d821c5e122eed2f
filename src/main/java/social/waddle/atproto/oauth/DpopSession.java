package social.waddle.atproto.oauth;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Objects;
import java.util.Optional;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.dpop.DefaultDPoPProofFactory;
import com.nimbusds.oauth2.sdk.token.AccessToken;
import com.nimbusds.openid.connect.sdk.Nonce;

/**
 * One sign-in's DPoP key (RFC 9449; https://atproto.com/specs/oauth, "DPoP"): a fresh ES256 key per session, never
 * shared between sessions and never the client's own key, and the last nonce the authorization server handed out.
 * Every proof has a new random {@code jti}, the current time, the request's method and its URL without query and
 * fragment ({@code htu}), so a proof made for one request is refused for any other and cannot be replayed.
 */
final class DpopSession {

    private final ECKey key;
    private final DefaultDPoPProofFactory factory;
    private volatile String nonce;

    private DpopSession(ECKey key, Optional<String> nonce) {
        this.key = key;
        this.nonce = nonce.orElse(null);
        try {
            this.factory = new DefaultDPoPProofFactory(key, JWSAlgorithm.ES256);
        } catch (JOSEException e) {
            throw new IllegalStateException("Cannot sign DPoP proofs with a P-256 key", e);
        }
    }

    static DpopSession generate() {
        try {
            return new DpopSession(new ECKeyGenerator(Curve.P_256).generate(), Optional.empty());
        } catch (JOSEException e) {
            throw new IllegalStateException("The JDK cannot generate a P-256 key", e);
        }
    }

    static DpopSession resume(ECKey key, Optional<String> nonce) {
        return new DpopSession(Objects.requireNonNull(key), nonce);
    }

    ECKey key() {
        return key;
    }

    Optional<String> nonce() {
        return Optional.ofNullable(nonce);
    }

    void nonce(String value) {
        if (value != null && !value.isBlank()) {
            this.nonce = value;
        }
    }

    /** A proof for one request; {@code accessToken} adds {@code ath} (for calls to the resource server). */
    SignedJWT proof(String method, URI target, Optional<AccessToken> accessToken) {
        URI htu = withoutQueryAndFragment(target);
        Nonce currentNonce = nonce == null ? null : new Nonce(nonce);
        try {
            return accessToken.isPresent()
                    ? factory.createDPoPJWT(method, htu, accessToken.get(), currentNonce)
                    : factory.createDPoPJWT(method, htu, currentNonce);
        } catch (JOSEException e) {
            throw new IllegalStateException("Signing a DPoP proof failed", e);
        }
    }

    static URI withoutQueryAndFragment(URI uri) {
        try {
            return new URI(uri.getScheme(), uri.getRawAuthority() == null ? null : uri.getAuthority(), uri.getPath(),
                    null, null);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("Cannot strip the query of " + uri, e);
        }
    }
}
