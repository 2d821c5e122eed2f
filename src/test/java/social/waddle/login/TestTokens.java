package social.waddle.login;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;


import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.crypto.impl.ECDSA;

import social.waddle.atproto.crypto.CryptoProvider;

/** Makes real ATProto service-auth tokens (and broken ones) for tests and benchmarks. */
public final class TestTokens {

    public static final Provider BC = CryptoProvider.bouncyCastle();
    public static final String USER_DID = "did:plc:ewvi7nxzyoun6zhxrhs64oiz";
    public static final String SERVICE_DID = "did:web:chat.example.com";
    public static final String LOGIN_LXM = "social.waddle.login";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private TestTokens() {
    }

    public static KeyPair secp256k1() {
        return generate("secp256k1");
    }

    public static KeyPair p256() {
        return generate("secp256r1");
    }

    private static KeyPair generate(String curve) {
        try {
            final KeyPairGenerator generator = KeyPairGenerator.getInstance("EC", BC);
            generator.initialize(new ECGenParameterSpec(curve));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Map<String, Object> header(String alg) {
        final Map<String, Object> header = new LinkedHashMap<>();
        header.put("typ", "JWT");
        header.put("alg", alg);
        return header;
    }

    /** The claims getServiceAuth issues: iat = now, exp = now + 60 s, a random jti. */
    public static Map<String, Object> claims(Instant now) {
        final Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iat", now.getEpochSecond());
        claims.put("iss", USER_DID);
        claims.put("aud", SERVICE_DID);
        claims.put("exp", now.getEpochSecond() + 60);
        claims.put("lxm", LOGIN_LXM);
        claims.put("jti", UUID.randomUUID().toString().replace("-", ""));
        return claims;
    }

    public static String signingInput(Map<String, Object> header, Map<String, Object> claims) {
        return encodeJson(header) + '.' + encodeJson(claims);
    }

    /** A correctly signed token: ECDSA over SHA-256, 64-byte R||S, low-S. */
    public static String signedEc(KeyPair keys, Map<String, Object> header, Map<String, Object> claims) {
        final String input = signingInput(header, claims);
        return input + '.' + encode(lowS(ecdsaRawSignature(keys.getPrivate(), input), order(keys)));
    }

    /** The same token with s replaced by n - s: a valid ECDSA signature that ATProto forbids. */
    public static String highSTwin(String lowSToken, KeyPair keys) {
        final int lastDot = lowSToken.lastIndexOf('.');
        final byte[] signature = Base64.getUrlDecoder().decode(lowSToken.substring(lastDot + 1));
        final BigInteger n = order(keys);
        final BigInteger s = new BigInteger(1, Arrays.copyOfRange(signature, 32, 64));
        final byte[] twin = signature.clone();
        System.arraycopy(fixed32(n.subtract(s)), 0, twin, 32, 32);
        return lowSToken.substring(0, lastDot + 1) + encode(twin);
    }

    public static byte[] ecdsaRawSignature(PrivateKey key, String signingInput) {
        try {
            final Signature signer = Signature.getInstance("SHA256withECDSA", BC);
            signer.initSign(key);
            signer.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return ECDSA.transcodeSignatureToConcat(signer.sign(), 64);
        } catch (GeneralSecurityException | com.nimbusds.jose.JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    public static byte[] lowS(byte[] signature, BigInteger order) {
        final BigInteger s = new BigInteger(1, Arrays.copyOfRange(signature, 32, 64));
        if (s.compareTo(order.shiftRight(1)) <= 0) {
            return signature;
        }
        final byte[] normalised = signature.clone();
        System.arraycopy(fixed32(order.subtract(s)), 0, normalised, 32, 32);
        return normalised;
    }

    public static BigInteger order(KeyPair keys) {
        return ((ECPublicKey) keys.getPublic()).getParams().getOrder();
    }

    public static String encodeJson(Map<String, Object> json) {
        try {
            return encode(JSON.writeValueAsBytes(json));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String encode(byte[] bytes) {
        return BASE64URL.encodeToString(bytes);
    }

    private static byte[] fixed32(BigInteger value) {
        final byte[] bytes = value.toByteArray();
        final byte[] fixed = new byte[32];
        final int copy = Math.min(bytes.length, 32);
        System.arraycopy(bytes, bytes.length - copy, fixed, 32 - copy, copy);
        return fixed;
    }
}
