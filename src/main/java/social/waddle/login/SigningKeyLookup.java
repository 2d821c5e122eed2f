package social.waddle.login;

import java.security.PublicKey;

import social.waddle.atproto.AtprotoException;

/**
 * Finds the {@code #atproto} verification key of a DID's document (supplied by the identity resolver). The
 * key's curve tells which JWS algorithm it verifies: secp256k1 for ES256K, P-256 for ES256.
 */
@FunctionalInterface
public interface SigningKeyLookup {

    PublicKey signingKey(String did) throws AtprotoException;
}
