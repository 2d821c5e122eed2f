package social.waddle.atproto.oauth;

import java.util.Objects;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;

import social.waddle.atproto.oauth.OAuthException.Reason;

/**
 * The confidential client's signing key: ES256 (P-256), as https://atproto.com/specs/oauth requires of
 * {@code private_key_jwt} client assertions. Its {@code kid} is the RFC 7638 thumbprint, so a new key always has a
 * new id and the JWKS can carry the old and the new one during a rotation. Stored as a private JWK (JSON); published
 * only as a public JWKS.
 */
public final class ClientKey {

    private final ECKey key;

    private ClientKey(ECKey key) {
        this.key = key;
    }

    public static ClientKey generate() {
        try {
            return new ClientKey(new ECKeyGenerator(Curve.P_256)
                    .keyUse(KeyUse.SIGNATURE)
                    .algorithm(JWSAlgorithm.ES256)
                    .keyIDFromThumbprint(true)
                    .generate());
        } catch (JOSEException e) {
            throw new IllegalStateException("The JDK cannot generate a P-256 key", e);
        }
    }

    /**
     * Reads a key written by {@link #toPrivateJwk()}.
     *
     * @throws OAuthException {@code MISCONFIGURED} when it is not a private P-256 key with a key id
     */
    public static ClientKey fromPrivateJwk(String json) throws OAuthException {
        ECKey parsed;
        try {
            parsed = ECKey.parse(Objects.requireNonNull(json));
        } catch (java.text.ParseException e) {
            throw new OAuthException(Reason.MISCONFIGURED, "The stored OAuth client key is not a valid EC JWK.", e);
        }
        if (!Curve.P_256.equals(parsed.getCurve()) || !parsed.isPrivate() || parsed.getKeyID() == null) {
            throw new OAuthException(Reason.MISCONFIGURED,
                    "The stored OAuth client key must be a private P-256 JWK with a kid.");
        }
        return new ClientKey(parsed);
    }

    /** The private JWK as JSON: a secret, to be stored like a password. */
    public String toPrivateJwk() {
        return key.toJSONString();
    }

    /** {@code {"keys":[<public JWK>]}}, served at the client's {@code jwks_uri}. */
    public String publicJwks() {
        return new JWKSet(key.toPublicJWK()).toString(true);
    }

    public String keyId() {
        return key.getKeyID();
    }

    ECKey key() {
        return key;
    }

    @Override
    public String toString() {
        return "ClientKey[ES256, kid=" + keyId() + "]";
    }
}
