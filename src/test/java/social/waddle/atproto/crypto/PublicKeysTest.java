package social.waddle.atproto.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.security.Provider;
import java.security.Security;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.Base64;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import social.waddle.atproto.AtprotoException;
import social.waddle.atproto.AtprotoException.Failure;

class PublicKeysTest {

    // atproto.com/specs/cryptography, "Encoded Examples".
    private static final String SPEC_P256 = "did:key:zDnaembgSGUhZULN2Caob4HLJPaxBh92N7rtH21TErzqf8HQo";
    private static final String SPEC_K256 = "did:key:zQ3shqwJEJyMBsBXCWyCBpUBMqxcon9oHB7mCvx4sSpMdLJwc";
    // atproto.com/specs/did, "Legacy Representation": one K-256 key in both encodings.
    private static final String LEGACY_K256 = "zQYEBzXeuTM9UR3rfvNag6L3RNAs5pQZyYPsomTsgQhsxLdEgCrPTLgFna8yqCnxPpNT7DBk6Ym3dgPKNu86vt9GR";
    private static final String MULTIKEY_K256 = "zQ3shXjHeiBuRCKmM36cuYnm7YEMzhGnCmCyW92sRJ9pribSF";
    // atproto-interop-tests crypto/signature-fixtures.json: CBOR {"hello":"world"} and valid low-S signatures.
    private static final String MESSAGE = "oWVoZWxsb2V3b3JsZA";
    private static final String P256_SIGNATURE = "2vZNsG3UKvvO/CDlrdvyZRISOFylinBh0Jupc6KcWoJWExHptCfduPleDbG3rko3YZnn9Lw0IjpixVmexJDegg";
    private static final String K256_SIGNATURE = "5WpdIuEUUfVUYaozsi8G0B3cWO09cgZbIIwg1t2YKdUn/FEznOndsz/qgiYb89zwxYCbB71f7yQK5Lr7NasfoA";

    @Test
    void decodesTheSpecExamples() throws AtprotoException {
        AtprotoPublicKey p256 = PublicKeys.fromDidKey(SPEC_P256);
        AtprotoPublicKey k256 = PublicKeys.fromDidKey(SPEC_K256);

        assertThat(p256.type()).isEqualTo(KeyType.P256);
        assertThat(p256.type().jwsAlgorithm()).isEqualTo("ES256");
        assertThat(k256.type()).isEqualTo(KeyType.SECP256K1);
        assertThat(k256.type().jwsAlgorithm()).isEqualTo("ES256K");
        assertThat(p256.publicKey().getAlgorithm()).isEqualTo("EC");
        assertThat(p256.didKey()).isEqualTo(SPEC_P256);
        assertThat(k256.didKey()).isEqualTo(SPEC_K256);
        assertThat(k256.compressedPoint()).hasSize(33);
    }

    @Test
    void decodedKeysVerifyTheInteropSignatures() throws Exception {
        byte[] message = Base64.getDecoder().decode(MESSAGE);

        assertThat(verify(PublicKeys.fromDidKey(SPEC_P256).publicKey(), message, P256_SIGNATURE, CryptoProvider.bouncyCastle())).isTrue();
        assertThat(verify(PublicKeys.fromDidKey(SPEC_K256).publicKey(), message, K256_SIGNATURE, CryptoProvider.bouncyCastle())).isTrue();
        assertThat(verify(PublicKeys.fromDidKey(SPEC_K256).publicKey(), message, P256_SIGNATURE, CryptoProvider.bouncyCastle())).isFalse();
    }

    @Test
    void p256KeysAlsoWorkWithTheJdkProvider() throws Exception {
        byte[] message = Base64.getDecoder().decode(MESSAGE);

        assertThat(verify(PublicKeys.fromDidKey(SPEC_P256).publicKey(), message, P256_SIGNATURE, Security.getProvider("SunEC"))).isTrue();
    }

    @Test
    void legacyAndMultikeyEncodingsOfTheSameKeyAreEqual() throws AtprotoException {
        AtprotoPublicKey legacy = PublicKeys.fromLegacyMultibase(KeyType.SECP256K1, LEGACY_K256);
        AtprotoPublicKey current = PublicKeys.fromMultikey(MULTIKEY_K256);

        assertThat(legacy).isEqualTo(current).hasSameHashCodeAs(current);
        assertThat(legacy.multikey()).isEqualTo(MULTIKEY_K256);
        assertThat(legacy.publicKey().getW()).isEqualTo(current.publicKey().getW());
    }

    @ParameterizedTest
    @EnumSource(KeyType.class)
    void roundTripsGeneratedKeysInEveryEncoding(KeyType type) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC", CryptoProvider.bouncyCastle());
        generator.initialize(new ECGenParameterSpec(type.curveName()));
        ECPublicKey generated = (ECPublicKey) generator.generateKeyPair().getPublic();
        byte[] uncompressed = uncompressed(generated);

        AtprotoPublicKey fromPoint = PublicKeys.fromEncodedPoint(type, uncompressed);
        AtprotoPublicKey fromMultikey = PublicKeys.fromMultikey(fromPoint.multikey());
        AtprotoPublicKey fromLegacy = PublicKeys.fromLegacyMultibase(type, Multibase.encodeBase58btc(uncompressed));
        AtprotoPublicKey fromLegacyCompressed = PublicKeys.fromLegacyMultibase(type, Multibase.encodeBase58btc(fromPoint.compressedPoint()));

        assertThat(fromPoint.publicKey().getW()).isEqualTo(generated.getW());
        assertThat(fromMultikey).isEqualTo(fromPoint);
        assertThat(fromLegacy).isEqualTo(fromPoint);
        assertThat(fromLegacyCompressed).isEqualTo(fromPoint);
        assertThat(fromPoint.multikey()).startsWith(type == KeyType.SECP256K1 ? "zQ3s" : "zDn");
    }

    @Test
    void refusesWrongLengthsAndPrefixes() throws AtprotoException {
        byte[] compressed = PublicKeys.fromDidKey(SPEC_K256).compressedPoint();

        assertThatThrownBy(() -> PublicKeys.fromEncodedPoint(KeyType.SECP256K1, Arrays.copyOf(compressed, 32)))
                .hasMessageContaining("not 32 bytes");
        assertThatThrownBy(() -> PublicKeys.fromEncodedPoint(KeyType.SECP256K1, Arrays.copyOf(compressed, 34)))
                .hasMessageContaining("not 34 bytes");
        byte[] wrongPrefix = compressed.clone();
        wrongPrefix[0] = 0x04;
        assertThatThrownBy(() -> PublicKeys.fromEncodedPoint(KeyType.SECP256K1, wrongPrefix)).hasMessageContaining("starting 04");
        assertThatThrownBy(() -> PublicKeys.fromEncodedPoint(KeyType.P256, new byte[0])).hasMessageContaining("not 0 bytes");
        String truncated = Multibase.encodeBase58btc(Multicodec.write(0xE7, Arrays.copyOf(compressed, 32)));
        assertThatThrownBy(() -> PublicKeys.fromMultikey(truncated)).isInstanceOf(AtprotoException.class)
                .hasMessageContaining("holds 32 key bytes");
        String uncompressedMultikey = Multibase.encodeBase58btc(Multicodec.write(0xE7,
                uncompressed(PublicKeys.fromDidKey(SPEC_K256).publicKey())));
        assertThatThrownBy(() -> PublicKeys.fromMultikey(uncompressedMultikey)).hasMessageContaining("holds 65 key bytes");
    }

    @Test
    void refusesOtherKeyTypes() {
        String ed25519 = "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK";

        assertThatThrownBy(() -> PublicKeys.fromDidKey(ed25519)).isInstanceOf(AtprotoException.class)
                .hasMessageContaining("multicodec 0xed")
                .extracting(e -> ((AtprotoException) e).failure()).isEqualTo(Failure.UNSUPPORTED);
    }

    @Test
    void refusesMalformedDidKeys() {
        assertThatThrownBy(() -> PublicKeys.fromDidKey("did:web:example.com")).hasMessageContaining("did:key:");
        assertThatThrownBy(() -> PublicKeys.fromDidKey("did:key:Q3shqwJEJyMBsBXCWyCBpUBMqxcon9oHB7mCvx4sSpMdLJwc"))
                .hasMessageContaining("does not start with 'z'");
        assertThatThrownBy(() -> PublicKeys.fromDidKey("did:key:zQ3shqwJEJyMBsBXCWyCBpUBMqxcon9oHB7mCvx4sSpMdLJw0"))
                .hasMessageContaining("not a base58btc character");
        assertThatThrownBy(() -> PublicKeys.fromDidKey(null)).isInstanceOf(AtprotoException.class);
    }

    @Test
    void refusesUncompressedPointsOffTheCurve() throws AtprotoException {
        byte[] offCurve = uncompressed(PublicKeys.fromDidKey(SPEC_K256).publicKey());
        offCurve[64] ^= 1;

        assertThatThrownBy(() -> PublicKeys.fromEncodedPoint(KeyType.SECP256K1, offCurve))
                .hasMessageContaining("not a point on the secp256k1 curve")
                .extracting(e -> ((AtprotoException) e).failure()).isEqualTo(Failure.INVALID_SYNTAX);
        byte[] p256OffCurve = uncompressed(PublicKeys.fromDidKey(SPEC_P256).publicKey());
        p256OffCurve[1] ^= 1;
        assertThatThrownBy(() -> PublicKeys.fromEncodedPoint(KeyType.P256, p256OffCurve))
                .hasMessageContaining("not a point on the secp256r1 curve");
    }

    @Test
    void refusesCompressedPointsWithoutACurvePoint() {
        // secp256k1: y^2 = x^3 + 7 over p = 2^256 - 2^32 - 977; find an x with no square root.
        BigInteger p = BigInteger.TWO.pow(256).subtract(BigInteger.TWO.pow(32)).subtract(BigInteger.valueOf(977));
        BigInteger x = BigInteger.ONE;
        while (isSquare(x.pow(3).add(BigInteger.valueOf(7)).mod(p), p)) {
            x = x.add(BigInteger.ONE);
        }
        byte[] encoded = new byte[33];
        encoded[0] = 0x02;
        byte[] xBytes = x.toByteArray();
        System.arraycopy(xBytes, 0, encoded, 33 - xBytes.length, xBytes.length);
        byte[] xTooLarge = new byte[33];
        Arrays.fill(xTooLarge, (byte) 0xFF);
        xTooLarge[0] = 0x03;

        assertThatThrownBy(() -> PublicKeys.fromEncodedPoint(KeyType.SECP256K1, encoded)).hasMessageContaining("not a point");
        assertThatThrownBy(() -> PublicKeys.fromEncodedPoint(KeyType.SECP256K1, xTooLarge)).hasMessageContaining("not a point");
    }

    @Test
    void keysAreBuiltWithoutRegisteringBouncyCastleGlobally() throws AtprotoException {
        PublicKeys.fromDidKey(SPEC_K256);

        assertThat(Arrays.stream(Security.getProviders()).map(Provider::getName)).doesNotContain("BC");
    }

    private static boolean isSquare(BigInteger value, BigInteger p) {
        return value.signum() == 0 || value.modPow(p.subtract(BigInteger.ONE).shiftRight(1), p).equals(BigInteger.ONE);
    }

    private static byte[] uncompressed(ECPublicKey key) {
        byte[] encoded = new byte[65];
        encoded[0] = 0x04;
        copyUnsigned(key.getW().getAffineX(), encoded, 1);
        copyUnsigned(key.getW().getAffineY(), encoded, 33);
        return encoded;
    }

    private static void copyUnsigned(BigInteger value, byte[] target, int offset) {
        byte[] bytes = value.toByteArray();
        int start = bytes.length > 32 ? bytes.length - 32 : 0;
        int length = bytes.length - start;
        System.arraycopy(bytes, start, target, offset + 32 - length, length);
    }

    /** Verifies a raw r‖s (IEEE P1363) signature over SHA-256, converting it to DER for the JCA. */
    private static boolean verify(ECPublicKey key, byte[] message, String base64Signature, Provider provider)
            throws GeneralSecurityException {
        byte[] raw = Base64.getDecoder().decode(base64Signature);
        byte[] r = derInteger(Arrays.copyOfRange(raw, 0, 32));
        byte[] s = derInteger(Arrays.copyOfRange(raw, 32, 64));
        byte[] der = new byte[2 + r.length + s.length];
        der[0] = 0x30;
        der[1] = (byte) (r.length + s.length);
        System.arraycopy(r, 0, der, 2, r.length);
        System.arraycopy(s, 0, der, 2 + r.length, s.length);
        Signature verifier = Signature.getInstance("SHA256withECDSA", provider);
        verifier.initVerify(key);
        verifier.update(message);
        return verifier.verify(der);
    }

    private static byte[] derInteger(byte[] unsigned) {
        byte[] value = new BigInteger(1, unsigned).toByteArray();
        byte[] der = new byte[2 + value.length];
        der[0] = 0x02;
        der[1] = (byte) value.length;
        System.arraycopy(value, 0, der, 2, value.length);
        return der;
    }
}
