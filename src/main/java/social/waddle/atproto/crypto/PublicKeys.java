package social.waddle.atproto.crypto;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECPublicKeySpec;
import java.util.EnumMap;
import java.util.Map;

import org.bouncycastle.jce.ECNamedCurveTable;
import org.bouncycastle.jce.spec.ECNamedCurveParameterSpec;
import org.bouncycastle.jce.spec.ECNamedCurveSpec;
import org.bouncycastle.math.ec.ECPoint;

import social.waddle.atproto.AtprotoException;
import social.waddle.atproto.AtprotoException.Failure;
import social.waddle.atproto.syntax.InputExcerpt;

/**
 * Decodes ATProto public keys: {@code did:key} identifiers, {@code Multikey} multibase values and the legacy raw
 * multibase of older DID documents. Every point is checked to lie on its curve.
 *
 * @see <a href="https://atproto.com/specs/cryptography#public-key-encoding">Public key encoding</a>
 * @see <a href="https://w3c-ccg.github.io/did-key-spec/">The did:key method</a>
 * @see <a href="https://www.secg.org/sec1-v2.pdf">SEC 1, section 2.3.4 (octet string to point)</a>
 */
public final class PublicKeys {

    public static final int COMPRESSED_POINT_LENGTH = 33;
    public static final int UNCOMPRESSED_POINT_LENGTH = 65;

    private static final String DID_KEY_PREFIX = "did:key:";

    private PublicKeys() {
    }

    /** Decodes {@code did:key:z…} (secp256k1 or P-256). */
    public static AtprotoPublicKey fromDidKey(String didKey) throws AtprotoException {
        if (didKey == null || !didKey.startsWith(DID_KEY_PREFIX)) {
            throw new AtprotoException(Failure.INVALID_SYNTAX, "Key " + InputExcerpt.quote(didKey) + " does not start with 'did:key:'");
        }
        return fromMultikey(didKey.substring(DID_KEY_PREFIX.length()));
    }

    /** Decodes a {@code Multikey} value: {@code z} + base58btc(multicodec varint ‖ compressed point). */
    public static AtprotoPublicKey fromMultikey(String multibase) throws AtprotoException {
        Multicodec.Prefixed prefixed = Multicodec.read(Multibase.decodeBase58btc(multibase));
        KeyType type = KeyType.forMulticodec(prefixed.code()).orElseThrow(() -> new AtprotoException(Failure.UNSUPPORTED,
                "Key " + InputExcerpt.quote(multibase) + " has multicodec 0x" + Long.toHexString(prefixed.code())
                        + "; ATProto keys are secp256k1-pub (0xe7) or p256-pub (0x1200)"));
        byte[] point = prefixed.payload();
        if (point.length != COMPRESSED_POINT_LENGTH) {
            throw new AtprotoException(Failure.INVALID_SYNTAX, "Key " + InputExcerpt.quote(multibase) + " holds "
                    + point.length + " key bytes; a compressed " + type.curveName() + " point has " + COMPRESSED_POINT_LENGTH);
        }
        return fromEncodedPoint(type, point);
    }

    /**
     * Decodes the legacy {@code publicKeyMultibase} of {@code EcdsaSecp256k1VerificationKey2019} /
     * {@code EcdsaSecp256r1VerificationKey2019}: base58btc of the raw point, without multicodec, curve known from
     * the method type. The uncompressed point (as specified), the compressed point, and a compressed point with
     * this curve's multicodec prefix are accepted.
     */
    public static AtprotoPublicKey fromLegacyMultibase(KeyType type, String multibase) throws AtprotoException {
        byte[] decoded = Multibase.decodeBase58btc(multibase);
        if (decoded.length == COMPRESSED_POINT_LENGTH + 2) {
            Multicodec.Prefixed prefixed = Multicodec.read(decoded);
            if (prefixed.code() == type.multicodec()) {
                return fromEncodedPoint(type, prefixed.payload());
            }
        }
        return fromEncodedPoint(type, decoded);
    }

    /** Decodes a SEC 1 point: 33 bytes compressed ({@code 02}/{@code 03}) or 65 bytes uncompressed ({@code 04}). */
    public static AtprotoPublicKey fromEncodedPoint(KeyType type, byte[] encoded) throws AtprotoException {
        boolean compressed = encoded.length == COMPRESSED_POINT_LENGTH && (encoded[0] == 0x02 || encoded[0] == 0x03);
        boolean uncompressed = encoded.length == UNCOMPRESSED_POINT_LENGTH && encoded[0] == 0x04;
        if (!compressed && !uncompressed) {
            throw new AtprotoException(Failure.INVALID_SYNTAX, "A " + type.curveName() + " public key must be "
                    + COMPRESSED_POINT_LENGTH + " bytes starting 02/03 or " + UNCOMPRESSED_POINT_LENGTH
                    + " bytes starting 04, not " + encoded.length + " bytes"
                    + (encoded.length > 0 ? String.format(" starting %02x", encoded[0] & 0xFF) : ""));
        }
        Curve curve = Curve.of(type);
        ECPoint point;
        try {
            point = curve.parameters.getCurve().decodePoint(encoded).normalize();
        } catch (RuntimeException notOnCurve) {
            throw notOnCurve(type);
        }
        if (point.isInfinity() || !point.isValid()) {
            throw notOnCurve(type);
        }
        BigInteger x = point.getAffineXCoord().toBigInteger();
        BigInteger y = point.getAffineYCoord().toBigInteger();
        try {
            PublicKey key = KeyFactory.getInstance("EC", CryptoProvider.bouncyCastle())
                    .generatePublic(new ECPublicKeySpec(new java.security.spec.ECPoint(x, y), curve.jcaSpec));
            return new AtprotoPublicKey(type, (ECPublicKey) key, point.getEncoded(true));
        } catch (GeneralSecurityException | ClassCastException unexpected) {
            throw new AtprotoException(Failure.UNSUPPORTED, "Could not build a " + type.curveName() + " public key: "
                    + unexpected.getClass().getSimpleName(), unexpected);
        }
    }

    private static AtprotoException notOnCurve(KeyType type) {
        return new AtprotoException(Failure.INVALID_SYNTAX, "Key bytes are not a point on the " + type.curveName() + " curve");
    }

    /** BouncyCastle curve parameters and their JCA form, built once per key type. */
    private static final class Curve {
        private static final Map<KeyType, Curve> CURVES = new EnumMap<>(KeyType.class);

        static {
            for (KeyType type : KeyType.values()) {
                CURVES.put(type, new Curve(type));
            }
        }

        final ECNamedCurveParameterSpec parameters;
        final ECNamedCurveSpec jcaSpec;

        private Curve(KeyType type) {
            parameters = ECNamedCurveTable.getParameterSpec(type.curveName());
            jcaSpec = new ECNamedCurveSpec(type.curveName(), parameters.getCurve(), parameters.getG(), parameters.getN(),
                    parameters.getH());
        }

        static Curve of(KeyType type) {
            return CURVES.get(type);
        }
    }
}
