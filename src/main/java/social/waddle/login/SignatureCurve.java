package social.waddle.login;

import java.math.BigInteger;
import java.security.spec.ECFieldFp;
import java.security.spec.ECParameterSpec;

import com.nimbusds.jose.JWSAlgorithm;

/**
 * The two curves ATProto signs with (https://atproto.com/specs/cryptography) and the JWS algorithm of each.
 */
enum SignatureCurve {
    SECP256K1("secp256k1", "secp256k1", JWSAlgorithm.ES256K,
            "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEFFFFFC2F",
            "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141"),
    P256("P-256", "secp256r1", JWSAlgorithm.ES256,
            "FFFFFFFF00000001000000000000000000000000FFFFFFFFFFFFFFFFFFFFFFFF",
            "FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551");

    private final String displayName;
    private final String bouncyCastleName;
    private final JWSAlgorithm algorithm;
    private final BigInteger fieldPrime;
    private final BigInteger order;
    private final BigInteger halfOrder;

    SignatureCurve(String displayName, String bouncyCastleName, JWSAlgorithm algorithm, String fieldPrimeHex,
            String orderHex) {
        this.displayName = displayName;
        this.bouncyCastleName = bouncyCastleName;
        this.algorithm = algorithm;
        this.fieldPrime = new BigInteger(fieldPrimeHex, 16);
        this.order = new BigInteger(orderHex, 16);
        this.halfOrder = order.shiftRight(1);
    }

    /** The curve of these parameters, or null when it is neither secp256k1 nor P-256. */
    static SignatureCurve of(ECParameterSpec params) {
        if (!(params.getCurve().getField() instanceof ECFieldFp field) || params.getCofactor() != 1) {
            return null;
        }
        for (SignatureCurve curve : values()) {
            if (curve.fieldPrime.equals(field.getP()) && curve.order.equals(params.getOrder())) {
                return curve;
            }
        }
        return null;
    }

    static SignatureCurve forAlgorithm(JWSAlgorithm algorithm) {
        for (SignatureCurve curve : values()) {
            if (curve.algorithm.equals(algorithm)) {
                return curve;
            }
        }
        return null;
    }

    String displayName() {
        return displayName;
    }

    String bouncyCastleName() {
        return bouncyCastleName;
    }

    JWSAlgorithm algorithm() {
        return algorithm;
    }

    BigInteger order() {
        return order;
    }

    /** ATProto requires low-S signatures: s ≤ n/2. */
    BigInteger halfOrder() {
        return halfOrder;
    }
}
