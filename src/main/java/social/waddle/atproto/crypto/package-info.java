/**
 * ATProto public keys: base58btc multibase, multicodec prefixes, {@code did:key}, and decoding of secp256k1 (K-256)
 * and P-256 points into JCA {@link java.security.interfaces.ECPublicKey}s.
 *
 * <p>secp256k1 is not in the JDK 17 SunEC provider, so keys are built with one private BouncyCastle provider
 * instance ({@link social.waddle.atproto.crypto.CryptoProvider}) that is never registered in
 * {@link java.security.Security}. Only BouncyCastle API present in both bcprov 1.53 (Openfire 4.2.0) and 1.84
 * (Openfire 5.1.1) may be used.
 *
 * <p>May depend on the JDK, BouncyCastle, {@code social.waddle.atproto} and {@code social.waddle.atproto.syntax}.
 *
 * @see <a href="https://atproto.com/specs/cryptography">ATProto Cryptography</a>
 */
package social.waddle.atproto.crypto;
