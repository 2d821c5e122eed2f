package social.waddle.login;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import social.waddle.atproto.AtprotoException;
import social.waddle.atproto.AtprotoException.Failure;

class ServiceAuthVerifierTest {

    private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");
    private static final KeyPair K256 = TestTokens.secp256k1();
    private static final KeyPair P256 = TestTokens.p256();
    private static final KeyPair OTHER_ACCOUNT_K256 = TestTokens.secp256k1();

    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    private final AtomicInteger keyLookups = new AtomicInteger();
    private final SigningKeyLookup k256Lookup = did -> {
        keyLookups.incrementAndGet();
        return K256.getPublic();
    };

    private ServiceAuthVerifier verifier(ServiceAuthPolicy policy) {
        return new ServiceAuthVerifier(policy, new InMemoryReplayCache(1000, clock), clock);
    }

    private ServiceAuthVerifier strictVerifier() {
        return verifier(ServiceAuthPolicy.strict(TestTokens.SERVICE_DID, Set.of(TestTokens.LOGIN_LXM)));
    }

    private static String k256Token(Map<String, Object> claims) {
        return TestTokens.signedEc(K256, TestTokens.header("ES256K"), claims);
    }

    private AtprotoException refusal(ServiceAuthVerifier verifier, String token, SigningKeyLookup keys) {
        return catchThrowableOfType(AtprotoException.class,
                () -> verifier.verify(token, TestTokens.USER_DID, keys));
    }

    private void assertRefused(String token, String expectedMessagePart) {
        final AtprotoException refusal = refusal(strictVerifier(), token, k256Lookup);
        assertThat(refusal).as("refused").isInstanceOf(AtprotoException.class);
        assertThat(refusal.failure()).isEqualTo(Failure.NOT_AUTHORIZED);
        assertThat(refusal.getMessage()).contains(expectedMessagePart);
    }

    @Test
    void acceptsAnEs256kTokenAsGetServiceAuthIssuesIt() throws Exception {
        final Map<String, Object> claims = TestTokens.claims(NOW);
        final String token = k256Token(claims);

        final VerifiedServiceAuth verified = strictVerifier().verify(token, TestTokens.USER_DID, k256Lookup);

        assertThat(verified.issuerDid()).isEqualTo(TestTokens.USER_DID);
        assertThat(verified.audience()).isEqualTo(TestTokens.SERVICE_DID);
        assertThat(verified.lxm()).isEqualTo(TestTokens.LOGIN_LXM);
        assertThat(verified.jti()).isEqualTo(claims.get("jti"));
        assertThat(verified.expiresAt()).isEqualTo(NOW.plusSeconds(60));
    }

    @Test
    void acceptsAnEs256TokenSignedWithAP256Key() throws Exception {
        final String token = TestTokens.signedEc(P256, TestTokens.header("ES256"), TestTokens.claims(NOW));

        final VerifiedServiceAuth verified = strictVerifier().verify(token, TestTokens.USER_DID,
                did -> P256.getPublic());

        assertThat(verified.issuerDid()).isEqualTo(TestTokens.USER_DID);
    }

    @Test
    void refusesTheHighSTwinOfAValidSignatureThatTheJdkWouldAccept() throws Exception {
        final String lowS = k256Token(TestTokens.claims(NOW));
        final String highS = TestTokens.highSTwin(lowS, K256);
        final Signature jca = Signature.getInstance("SHA256withECDSA", TestTokens.BC);
        jca.initVerify(K256.getPublic());
        final int lastDot = highS.lastIndexOf('.');
        jca.update(highS.substring(0, lastDot).getBytes(StandardCharsets.US_ASCII));
        final byte[] twin = Base64.getUrlDecoder().decode(highS.substring(lastDot + 1));
        assertThat(jca.verify(com.nimbusds.jose.crypto.impl.ECDSA.transcodeSignatureToDER(twin))).isTrue();

        assertRefused(highS, "high-S signature refused");
    }

    @Test
    void refusesTheHighSTwinOfAP256Signature() {
        final String lowS = TestTokens.signedEc(P256, TestTokens.header("ES256"), TestTokens.claims(NOW));

        final AtprotoException refusal = refusal(strictVerifier(), TestTokens.highSTwin(lowS, P256),
                did -> P256.getPublic());

        assertThat(refusal.getMessage()).contains("high-S");
    }

    @Test
    void refusesAnExpiredToken() {
        final Map<String, Object> claims = TestTokens.claims(NOW.minusSeconds(200));

        assertRefused(k256Token(claims), "token expired at");
    }

    @Test
    void acceptsATokenExpiredWithinTheClockSkew() throws Exception {
        final Map<String, Object> claims = TestTokens.claims(NOW.minusSeconds(80));

        assertVerified(strictVerifier().verify(k256Token(claims), TestTokens.USER_DID, k256Lookup), claims);
    }

    /** Every field of what the verifier says a token proved is the token's own claim. */
    private static void assertVerified(VerifiedServiceAuth verified, Map<String, Object> claims) {
        assertThat(verified.issuerDid()).isEqualTo(TestTokens.USER_DID).isEqualTo(claims.get("iss"));
        assertThat(verified.audience()).isEqualTo(TestTokens.SERVICE_DID).isEqualTo(claims.get("aud"));
        assertThat(verified.lxm()).isEqualTo(TestTokens.LOGIN_LXM).isEqualTo(claims.get("lxm"));
        assertThat(verified.jti()).isEqualTo(claims.get("jti")).isNotBlank();
        assertThat(verified.expiresAt()).isEqualTo(Instant.ofEpochSecond((Long) claims.get("exp")));
    }

    @Test
    void refusesATokenIssuedInTheFuture() {
        final Map<String, Object> claims = TestTokens.claims(NOW);
        claims.put("iat", NOW.getEpochSecond() + 120);

        assertRefused(k256Token(claims), "issued in the future");
    }

    @Test
    void refusesATokenLivingLongerThanTheMaximum() {
        final Map<String, Object> claims = TestTokens.claims(NOW);
        claims.put("exp", NOW.getEpochSecond() + 3600);

        assertRefused(k256Token(claims), "token lives too long");
    }

    @Test
    void refusesATokenWithoutExp() {
        final Map<String, Object> claims = TestTokens.claims(NOW);
        claims.remove("exp");

        assertRefused(k256Token(claims), "exp claim missing");
    }

    @Test
    void refusesATokenForAnotherService() {
        final Map<String, Object> claims = TestTokens.claims(NOW);
        claims.put("aud", "did:web:elsewhere.example.com");

        assertRefused(k256Token(claims), "is not this service");
    }

    @Test
    void refusesAnAudienceWithFragmentByDefault() {
        final Map<String, Object> claims = TestTokens.claims(NOW);
        claims.put("aud", TestTokens.SERVICE_DID + "#waddle_chat");

        assertRefused(k256Token(claims), "carries a service fragment");
    }

    @Test
    void acceptsAnAudienceWithOrWithoutFragmentWhenConfigured() throws Exception {
        final ServiceAuthVerifier lenient = verifier(new ServiceAuthPolicy(TestTokens.SERVICE_DID, true,
                Set.of(TestTokens.LOGIN_LXM), true, Duration.ofMinutes(5), Duration.ofSeconds(30)));
        final Map<String, Object> withFragment = TestTokens.claims(NOW);
        withFragment.put("aud", TestTokens.SERVICE_DID + "#waddle_chat");
        final Map<String, Object> withoutFragment = TestTokens.claims(NOW);

        final VerifiedServiceAuth fragment = lenient.verify(k256Token(withFragment), TestTokens.USER_DID,
                k256Lookup);
        final VerifiedServiceAuth plain = lenient.verify(k256Token(withoutFragment), TestTokens.USER_DID,
                k256Lookup);

        assertThat(fragment.audience()).isEqualTo(TestTokens.SERVICE_DID + "#waddle_chat");
        assertThat(plain.audience()).isEqualTo(TestTokens.SERVICE_DID);
    }

    @Test
    void refusesAFragmentOfAnotherServiceEvenWhenFragmentsAreAccepted() {
        final ServiceAuthVerifier lenient = verifier(new ServiceAuthPolicy(TestTokens.SERVICE_DID, true,
                Set.of(TestTokens.LOGIN_LXM), true, Duration.ofMinutes(5), Duration.ofSeconds(30)));
        final Map<String, Object> claims = TestTokens.claims(NOW);
        claims.put("aud", TestTokens.SERVICE_DID + ".evil.example#waddle_chat");

        assertThat(refusal(lenient, k256Token(claims), k256Lookup).getMessage()).contains("is not this service");
    }

    @Test
    void refusesALexiconMethodNotAccepted() {
        final Map<String, Object> claims = TestTokens.claims(NOW);
        claims.put("lxm", "com.atproto.repo.createRecord");

        assertRefused(k256Token(claims), "lxm \"com.atproto.repo.createRecord\" is not accepted");
    }

    @Test
    void refusesAMissingLexiconMethodByDefault() {
        final Map<String, Object> claims = TestTokens.claims(NOW);
        claims.remove("lxm");

        assertRefused(k256Token(claims), "lxm claim missing");
    }

    @Test
    void acceptsAMissingLexiconMethodWhenConfigured() throws Exception {
        final ServiceAuthVerifier lenient = verifier(new ServiceAuthPolicy(TestTokens.SERVICE_DID, false,
                Set.of(TestTokens.LOGIN_LXM), false, Duration.ofMinutes(5), Duration.ofSeconds(30)));
        final Map<String, Object> claims = TestTokens.claims(NOW);
        claims.remove("lxm");

        assertThat(lenient.verify(k256Token(claims), TestTokens.USER_DID, k256Lookup).lxm()).isNull();
    }

    @Test
    void refusesATokenWithoutJti() {
        final Map<String, Object> claims = TestTokens.claims(NOW);
        claims.remove("jti");

        assertRefused(k256Token(claims), "jti claim missing");
    }

    @Test
    void acceptsATokenOnceAndRefusesItsReplay() throws Exception {
        final ServiceAuthVerifier verifier = strictVerifier();
        final Map<String, Object> claims = TestTokens.claims(NOW);
        final String token = k256Token(claims);

        final VerifiedServiceAuth first = verifier.verify(token, TestTokens.USER_DID, k256Lookup);
        final AtprotoException second = refusal(verifier, token, k256Lookup);

        assertVerified(first, claims);
        assertThat(second.failure()).isEqualTo(Failure.NOT_AUTHORIZED);
        assertThat(second.getMessage()).contains("already used").contains("replay refused");
    }

    @Test
    void aTokenWithABadSignatureDoesNotUseUpItsJti() throws Exception {
        final ServiceAuthVerifier verifier = strictVerifier();
        final Map<String, Object> claims = TestTokens.claims(NOW);
        final String forged = TestTokens.signedEc(OTHER_ACCOUNT_K256, TestTokens.header("ES256K"), claims);
        final String genuine = k256Token(claims);

        final AtprotoException forgedRefusal = refusal(verifier, forged, k256Lookup);
        final VerifiedServiceAuth verified = verifier.verify(genuine, TestTokens.USER_DID, k256Lookup);

        assertThat(forgedRefusal.getMessage()).contains("signature does not verify");
        assertThat(verified.jti()).isEqualTo(claims.get("jti"));
    }

    @Test
    void refusesAlgNoneBeforeLookingUpAnyKey() {
        final String token = TestTokens.encodeJson(Map.of("alg", "none")) + '.'
                + TestTokens.encodeJson(TestTokens.claims(NOW)) + ".c2ln";

        final AtprotoException refusal = refusal(strictVerifier(), token, k256Lookup);

        assertThat(refusal.failure()).isEqualTo(Failure.UNSUPPORTED);
        assertThat(refusal.getMessage()).contains("alg \"none\" refused");
        assertThat(keyLookups).hasValue(0);
    }

    @Test
    void refusesHs256SignedWithASecretBeforeLookingUpAnyKey() throws Exception {
        final SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256),
                JWTClaimsSet.parse(TestTokens.claims(NOW)));
        jwt.sign(new MACSigner("a shared secret of at least 256 bits, for HS256".getBytes(StandardCharsets.UTF_8)));

        final AtprotoException refusal = refusal(strictVerifier(), jwt.serialize(), k256Lookup);

        assertThat(refusal.failure()).isEqualTo(Failure.UNSUPPORTED);
        assertThat(refusal.getMessage()).contains("alg \"HS256\" refused");
        assertThat(keyLookups).hasValue(0);
    }

    @Test
    void refusesRs256BeforeLookingUpAnyKey() throws Exception {
        final KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        final SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256),
                JWTClaimsSet.parse(TestTokens.claims(NOW)));
        jwt.sign(new RSASSASigner(rsa.generateKeyPair().getPrivate()));

        final AtprotoException refusal = refusal(strictVerifier(), jwt.serialize(), k256Lookup);

        assertThat(refusal.failure()).isEqualTo(Failure.UNSUPPORTED);
        assertThat(refusal.getMessage()).contains("alg \"RS256\" refused");
        assertThat(keyLookups).hasValue(0);
    }

    @Test
    void refusesAnAlgorithmThatDoesNotMatchTheKeyCurve() {
        final String token = TestTokens.signedEc(P256, TestTokens.header("ES256"), TestTokens.claims(NOW));

        assertRefused(token, "alg ES256 does not match the secp256k1 #atproto key");
    }

    @Test
    void refusesATokenSignedByAnotherAccountsKey() {
        final String token = TestTokens.signedEc(OTHER_ACCOUNT_K256, TestTokens.header("ES256K"),
                TestTokens.claims(NOW));

        assertRefused(token, "signature does not verify with the #atproto key of " + TestTokens.USER_DID);
    }

    @Test
    void refusesATokenIssuedByAnotherDidThanTheOneLoggingIn() {
        final Map<String, Object> claims = TestTokens.claims(NOW);
        claims.put("iss", "did:plc:someoneelse234567abcdefg");

        assertRefused(k256Token(claims), "is not the account logging in");
        assertThat(keyLookups).hasValue(0);
    }

    @Test
    void refusesAServiceScopedIssuer() {
        final Map<String, Object> claims = TestTokens.claims(NOW);
        claims.put("iss", TestTokens.USER_DID + "#atproto_labeler");

        assertRefused(k256Token(claims), "is scoped to service \"#atproto_labeler\"");
    }

    @Test
    void refusesAnIssuerThatIsNotADid() {
        final Map<String, Object> claims = TestTokens.claims(NOW);
        claims.put("iss", "alice.bsky.social");

        assertRefused(k256Token(claims), "is not a DID");
    }

    @Test
    void refusesTokensWithTwoOrFourParts() {
        final String token = k256Token(TestTokens.claims(NOW));
        final String twoParts = token.substring(0, token.lastIndexOf('.'));

        assertRefused(twoParts, "expected 3 dot-separated parts, found 2");
        assertRefused(token + ".AAAA", "expected 3 dot-separated parts, found 4");
    }

    @Test
    void refusesBadBase64() {
        final String token = k256Token(TestTokens.claims(NOW));
        final int firstDot = token.indexOf('.');

        assertRefused(token.substring(0, firstDot) + ".eyJ!c3Mi." + token.substring(token.lastIndexOf('.') + 1),
                "payload part of the token is not unpadded base64url");
        assertRefused("A." + token.substring(firstDot + 1), "header part of the token is not valid base64url");
        assertRefused(token + "==", "signature part of the token is not unpadded base64url");
    }

    @Test
    void refusesAHeaderThatIsNotJson() {
        final String token = k256Token(TestTokens.claims(NOW));

        assertRefused(TestTokens.encode("not json".getBytes(StandardCharsets.UTF_8))
                + token.substring(token.indexOf('.')), "header is not a valid JOSE header");
    }

    @Test
    void refusesAHugeTokenWithoutEchoingIt() {
        final String huge = "eyJ" + "A".repeat(20_000) + ".e30.AAAA";

        final AtprotoException refusal = refusal(strictVerifier(), huge, k256Lookup);

        assertThat(refusal.getMessage()).contains("more than the 8192 allowed").doesNotContain("AAAAAAAA");
    }

    @Test
    void refusesAnEmptyToken() {
        assertRefused("", "no token given");
    }

    @Test
    void refusesTypesOtherThanJwt() {
        for (String type : new String[] {"at+jwt", "refresh+jwt", "dpop+jwt", "JOSE"}) {
            final Map<String, Object> header = TestTokens.header("ES256K");
            header.put("typ", type);

            assertRefused(TestTokens.signedEc(K256, header, TestTokens.claims(NOW)),
                    "typ \"" + type + "\" refused");
        }
    }

    @Test
    void acceptsATokenWithoutTyp() throws Exception {
        final Map<String, Object> header = TestTokens.header("ES256K");
        header.remove("typ");

        final Map<String, Object> claims = TestTokens.claims(NOW);
        final String token = TestTokens.signedEc(K256, header, claims);

        assertVerified(strictVerifier().verify(token, TestTokens.USER_DID, k256Lookup), claims);
    }

    @Test
    void refusesCriticalHeaderParameters() {
        final Map<String, Object> header = TestTokens.header("ES256K");
        header.put("crit", java.util.List.of("exp"));
        header.put("exp", 1);

        assertRefused(TestTokens.signedEc(K256, header, TestTokens.claims(NOW)), "crit header parameters");
    }

    @Test
    void refusesASignatureThatIsNot64Bytes() {
        final String token = k256Token(TestTokens.claims(NOW));

        assertRefused(token.substring(0, token.lastIndexOf('.') + 1) + TestTokens.encode(new byte[72]),
                "signature is 72 bytes");
    }

    @Test
    void refusalMessagesNeverRepeatTheSignature() {
        final String token = TestTokens.signedEc(OTHER_ACCOUNT_K256, TestTokens.header("ES256K"),
                TestTokens.claims(NOW));

        final AtprotoException refusal = refusal(strictVerifier(), token, k256Lookup);

        assertThat(refusal.getMessage()).doesNotContain(token.substring(token.lastIndexOf('.') + 1))
                .doesNotContain(token.substring(0, 20));
    }

    @Test
    void keyLookupFailuresPropagateUnchanged() {
        final AtprotoException notFound = new AtprotoException(Failure.NOT_FOUND, "DID not found");

        assertThatThrownBy(() -> strictVerifier().verify(k256Token(TestTokens.claims(NOW)), TestTokens.USER_DID,
                did -> {
                    throw notFound;
                })).isSameAs(notFound);
    }

    @Test
    void refusesANonEcKey() throws Exception {
        final KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(1024);
        final KeyPair rsaKeys = rsa.generateKeyPair();

        final AtprotoException refusal = refusal(strictVerifier(), k256Token(TestTokens.claims(NOW)),
                did -> rsaKeys.getPublic());

        assertThat(refusal.failure()).isEqualTo(Failure.UNSUPPORTED);
    }

    @Test
    void acceptsAP256KeyMadeByTheJdkRatherThanBouncyCastle() throws Exception {
        final KeyPairGenerator sunEc = KeyPairGenerator.getInstance("EC", "SunEC");
        sunEc.initialize(new java.security.spec.ECGenParameterSpec("secp256r1"));
        final KeyPair jdkKeys = sunEc.generateKeyPair();
        final String token = TestTokens.signedEc(jdkKeys, TestTokens.header("ES256"), TestTokens.claims(NOW));

        final VerifiedServiceAuth verified = strictVerifier().verify(token, TestTokens.USER_DID,
                did -> jdkKeys.getPublic());

        assertThat(verified.issuerDid()).isEqualTo(TestTokens.USER_DID);
    }

    @Test
    void refusesAKeyWhosePointIsNotOnItsCurve() {
        final java.security.interfaces.ECPublicKey real = (java.security.interfaces.ECPublicKey) K256.getPublic();
        final java.security.interfaces.ECPublicKey offCurve = new java.security.interfaces.ECPublicKey() {
            @Override
            public java.security.spec.ECPoint getW() {
                return new java.security.spec.ECPoint(java.math.BigInteger.ONE, java.math.BigInteger.TWO);
            }

            @Override
            public java.security.spec.ECParameterSpec getParams() {
                return real.getParams();
            }

            @Override
            public String getAlgorithm() {
                return "EC";
            }

            @Override
            public String getFormat() {
                return "X.509";
            }

            @Override
            public byte[] getEncoded() {
                return new byte[0];
            }
        };

        final AtprotoException refusal = refusal(strictVerifier(), k256Token(TestTokens.claims(NOW)),
                did -> offCurve);

        assertThat(refusal.failure()).isEqualTo(Failure.MALFORMED_DOCUMENT);
        assertThat(refusal.getMessage()).contains("is not a usable secp256k1 public key");
    }

    @Test
    void verifiesManyTokensConcurrentlyWithOneSharedKey() throws Exception {
        final ServiceAuthVerifier verifier = strictVerifier();
        final java.util.List<java.util.concurrent.Callable<String>> logins = new java.util.ArrayList<>();
        for (int i = 0; i < 64; i++) {
            final String token = k256Token(TestTokens.claims(NOW));
            logins.add(() -> verifier.verify(token, TestTokens.USER_DID, k256Lookup).jti());
        }
        final java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            final java.util.Set<String> jtis = new java.util.HashSet<>();
            for (java.util.concurrent.Future<String> jti : pool.invokeAll(logins, 60,
                    java.util.concurrent.TimeUnit.SECONDS)) {
                jtis.add(jti.get());
            }

            assertThat(jtis).hasSize(64);
        } finally {
            pool.shutdownNow();
        }
    }
}
