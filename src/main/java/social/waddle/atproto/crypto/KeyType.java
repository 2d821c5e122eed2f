package social.waddle.atproto.crypto;

import java.math.BigInteger;
import java.security.spec.ECFieldFp;
import java.security.spec.ECParameterSpec;
import java.util.Optional;

/**
 * The two curves ATProto signs with, the plugin's one curve type: multicodec codes, JWS algorithm names, the legacy
 * DID-document verification method types, and the field prime and group order that identify a JCA key's curve and
 * bound its signatures.
 *
 * @see <a href="https://atproto.com/specs/cryptography">ATProto Cryptography</a>
 * @see <a href="https://atproto.com/specs/did#legacy-representation">Legacy key representation</a>
 */
public enum KeyType {
    /** K-256; multicodec {@code secp256k1-pub}, varint bytes {@code 0xE7 0x01}. */
    SECP256K1("ES256K", "secp256k1", "secp256k1", 0xE7, "EcdsaSecp256k1VerificationKey2019",
            "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEFFFFFC2F",
            "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141"),
    /** NIST P-256; multicodec {@code p256-pub}, varint bytes {@code 0x80 0x24}. */
    P256("ES256", "P-256", "secp256r1", 0x1200, "EcdsaSecp256r1VerificationKey2019",
            "FFFFFFFF00000001000000000000000000000000FFFFFFFFFFFFFFFFFFFFFFFF",
            "FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551");

    private final String jwsAlgorithm;
    private final String displayName;
    private final String curveName;
    private final long multicodec;
    private final String legacyVerificationMethodType;
    private final BigInteger fieldPrime;
    private final BigInteger order;
    private final BigInteger halfOrder;

    KeyType(String jwsAlgorithm, String displayName, String curveName, long multicodec,
            String legacyVerificationMethodType, String fieldPrimeHex, String orderHex) {
        this.jwsAlgorithm = jwsAlgorithm;
        this.displayName = displayName;
        this.curveName = curveName;
        this.multicodec = multicodec;
        this.legacyVerificationMethodType = legacyVerificationMethodType;
        this.fieldPrime = new BigInteger(fieldPrimeHex, 16);
        this.order = new BigInteger(orderHex, 16);
        this.halfOrder = order.shiftRight(1);
    }

    /** The curve's common name in messages: {@code secp256k1} or {@code P-256}. */
    public String displayName() {
        return displayName;
    }

    /** The order n of the curve's group: signature values r and s lie in [1, n). */
    public BigInteger order() {
        return order;
    }

    /** ATProto requires low-S signatures: s ≤ n/2. */
    public BigInteger halfOrder() {
        return halfOrder;
    }

    /** The curve of these JCA parameters, when it is secp256k1 or P-256 (compared by field prime and order). */
    public static Optional<KeyType> forParameters(ECParameterSpec params) {
        if (!(params.getCurve().getField() instanceof ECFieldFp field) || params.getCofactor() != 1) {
            return Optional.empty();
        }
        for (KeyType type : values()) {
            if (type.fieldPrime.equals(field.getP()) && type.order.equals(params.getOrder())) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
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
