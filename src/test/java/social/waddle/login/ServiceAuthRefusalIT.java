package social.waddle.login;

import static org.assertj.core.api.Assertions.assertThat;
import static social.waddle.login.LoginTestSupport.LXM;
import static social.waddle.login.LoginTestSupport.SERVICE_DID;
import static social.waddle.login.LoginTestSupport.assertBindsDidJid;
import static social.waddle.login.LoginTestSupport.assertNotAuthorized;
import static social.waddle.login.LoginTestSupport.awaitWallClockPast;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import com.nimbusds.jwt.SignedJWT;

import social.waddle.testbed.atproto.AtprotoNetwork;
import social.waddle.testbed.atproto.AtprotoNetworkExtension;
import social.waddle.testbed.atproto.TestAccount;
import social.waddle.testbed.openfire.OpenfireServer;
import social.waddle.testbed.openfire.XmppTestClient;

/**
 * Service-auth tokens that must not log anyone in, sent by a real client for a real account: one the account's PDS
 * signed that has expired, and tokens crafted with every claim right but not signed with the account's key
 * ({@code alg: none}, HS256 keyed with the account's public key, ES256K with another key).
 */
@ExtendWith(AtprotoNetworkExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ServiceAuthRefusalIT {

    /** Small, so an expired token is refused a second after its exp instead of 30 s (the default). */
    private static final Duration CLOCK_SKEW = Duration.ofSeconds(1);

    private AtprotoNetwork network;
    private OpenfireServer server;

    @BeforeAll
    void start(AtprotoNetwork atprotoNetwork) {
        network = atprotoNetwork;
        server = OpenfireServer.start(LoginTestSupport.serverOptions("service-auth-refusal", network,
                Map.of("waddle.serviceAuth.clockSkew", CLOCK_SKEW.toSeconds() + "s")));
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void anExpiredTokenIsRefusedOnceTheClockSkewHasPassed() throws Exception {
        TestAccount carol = network.createAccount("carol");
        Instant exp = Instant.now().plusSeconds(2);
        String usedInTime = network.serviceAuthToken(carol, SERVICE_DID, LXM, exp);
        String usedLate = network.serviceAuthToken(carol, SERVICE_DID, LXM, exp);
        assertBindsDidJid(server, carol.handle(), usedInTime, carol);
        Instant signedExp = SignedJWT.parse(usedLate).getJWTClaimsSet().getExpirationTime().toInstant();

        awaitWallClockPast(signedExp.plus(CLOCK_SKEW).plusMillis(500));

        assertNotAuthorized(XmppTestClient.failedLogin(server, carol.handle(), usedLate));
    }

    @Test
    void anUnsignedTokenIsRefused() {
        TestAccount carol = network.createAccount("carol");
        String claims = TestTokens.encodeJson(claimsFor(carol));
        String header = TestTokens.encodeJson(TestTokens.header("none"));

        assertNotAuthorized(XmppTestClient.failedLogin(server, carol.handle(), header + "." + claims + "."));
        assertNotAuthorized(XmppTestClient.failedLogin(server, carol.handle(),
                header + "." + TestTokens.encodeJson(claimsFor(carol)) + "." + TestTokens.encode(new byte[64])));
        assertAFreshTokenStillLogsIn(carol);
    }

    @Test
    void anHs256TokenKeyedWithTheAccountsPublicKeyIsRefused() throws Exception {
        TestAccount carol = network.createAccount("carol");
        String publicKeyMultibase = network.didDocument(carol.did()).path("verificationMethod").path(0)
                .path("publicKeyMultibase").asText();
        assertThat(publicKeyMultibase).isNotBlank();
        String input = TestTokens.signingInput(TestTokens.header("HS256"), claimsFor(carol));

        String token = input + "." + TestTokens.encode(hmacSha256(publicKeyMultibase, input));

        assertNotAuthorized(XmppTestClient.failedLogin(server, carol.handle(), token));
        assertAFreshTokenStillLogsIn(carol);
    }

    @Test
    void anEs256kTokenSignedWithAnotherKeyIsRefused() {
        TestAccount carol = network.createAccount("carol");
        String token = TestTokens.signedEc(TestTokens.secp256k1(), TestTokens.header("ES256K"), claimsFor(carol));

        assertNotAuthorized(XmppTestClient.failedLogin(server, carol.handle(), token));
        assertAFreshTokenStillLogsIn(carol);
    }

    /** The refusal was about the token, not the account. */
    private void assertAFreshTokenStillLogsIn(TestAccount account) {
        String token = network.serviceAuthToken(account, SERVICE_DID, LXM, Instant.now().plusSeconds(60));
        assertBindsDidJid(server, account.handle(), token, account);
    }

    /** Every claim as the account's PDS would set it for this server. */
    private static Map<String, Object> claimsFor(TestAccount account) {
        Map<String, Object> claims = TestTokens.claims(Instant.now());
        claims.put("iss", account.did());
        claims.put("aud", SERVICE_DID);
        claims.put("lxm", LXM);
        return claims;
    }

    private static byte[] hmacSha256(String key, String input) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.US_ASCII), "HmacSHA256"));
        return mac.doFinal(input.getBytes(StandardCharsets.US_ASCII));
    }
}
