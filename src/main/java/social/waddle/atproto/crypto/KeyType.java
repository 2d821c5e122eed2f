package social.waddle.atproto.crypto;

import java.util.Optional;

/**
 * The two curves ATProto signs with, with their multicodec codes, JWS algorithm names and the legacy DID-document
 * verification method types.
 *
 * @see <a href="https://atproto.com/specs/cryptography">ATProto Cryptography</a>
 * @see <a href="https://atproto.com/specs/did#legacy-representation">Legacy key representation</a>
 */
public enum KeyType {
    /** K-256; multicodec {@code secp256k1-pub}, varint bytes {@code 0xE7 0x01}. */
    SECP256K1("ES256K", "secp256k1", 0xE7, "EcdsaSecp256k1VerificationKey2019"),
    /** NIST P-256; multicodec {@code p256-pub}, varint bytes {@code 0x80 0x24}. */
    P256("ES256", "secp256r1", 0x1200, "EcdsaSecp256r1VerificationKey2019");

    private final String jwsAlgorithm;
    private final String curveName;
    private final long multicodec;
    private final String legacyVerificationMethodType;

    KeyType(String jwsAlgorithm, String curveName, long multicodec, String legacyVerificationMethodType) {
        this.jwsAlgorithm = jwsAlgorithm;
        this.curveName = curveName;
        this.multicodec = multicodec;
        this.legacyVerificationMethodType = legacyVerificationMethodType;
    }

    /** The JWS {@code alg} of signatures by this key: {@code ES256K} or {@code ES256}. */
    public String jwsAlgorithm() {
        return jwsAlgorithm;
    }

    /** The SEC 2 curve name, as BouncyCastle's named-curve table knows it. */
    public String curveName() {
        return curveName;
    }

    public long multicodec() {
        return multicodec;
    }

    public String legacyVerificationMethodType() {
        return legacyVerificationMethodType;
    }

    public static Optional<KeyType> forMulticodec(long code) {
        for (KeyType type : values()) {
            if (type.multicodec == code) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }

    public static Optional<KeyType> forLegacyVerificationMethodType(String type) {
        for (KeyType keyType : values()) {
            if (keyType.legacyVerificationMethodType.equals(type)) {
                return Optional.of(keyType);
            }
        }
        return Optional.empty();
    }

    public static Optional<KeyType> forJwsAlgorithm(String algorithm) {
        for (KeyType type : values()) {
            if (type.jwsAlgorithm.equals(algorithm)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }
}
