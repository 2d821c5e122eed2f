package social.waddle.atproto.oauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import social.waddle.atproto.crypto.PublicKeys;
import social.waddle.atproto.http.HostResolver;
import social.waddle.atproto.http.OutboundPolicy;
import social.waddle.atproto.http.SafeHttpClient;
import social.waddle.atproto.identity.IdentityResolver;
import social.waddle.atproto.identity.VerifiedIdentity;
import social.waddle.atproto.oauth.OAuthException.Reason;
import social.waddle.atproto.syntax.Did;
import social.waddle.atproto.syntax.Handle;

/** Every check of the OAuth client against a scripted authorization server on loopback. */
class AtprotoOAuthClientTest {

    private static final String ALICE = "did:plc:aliceaaaaaaaaaaaaaaaaaaa";
    private static final String MALLORY = "did:plc:malloryaaaaaaaaaaaaaaaaa";
    private static final String MULTIKEY = "zQ3shXjHeiBuRCKmM36cuYnm7YEMzhGnCmCyW92sRJ9pribSF";
    private static final String BROWSER = "browser-1";

    private FakeAuthorizationServer pds;
    private SafeHttpClient http;
    private IdentityResolver identities;

    @BeforeEach
    void setUp() throws Exception {
        pds = new FakeAuthorizationServer().subject(ALICE);
        http = new SafeHttpClient(OutboundPolicy.builder().allowPlainHttp("127.0.0.1").allowAddress("127.0.0.1").build(),
                HostResolver.system());
        identities = mock(IdentityResolver.class);
        when(identities.resolve("alice.test")).thenReturn(identity(ALICE, "alice.test", pds.origin));
        when(identities.resolveDid(Did.parse(ALICE))).thenReturn(identity(ALICE, "alice.test", pds.origin));
    }

    @AfterEach
    void tearDown() {
        pds.close();
        http.close();
    }

    @Test
    void pushesTheRequestWithPkceS256AndDpopRetryingOnceWithTheServerNonce() throws Exception {
        AuthorizationStart start = loopbackClient().start("alice.test", BROWSER);

        assertThat(pds.parRequests).hasSize(2);
        SignedJWT first = SignedJWT.parse(pds.parRequests.get(0).dpop());
        SignedJWT second = SignedJWT.parse(pds.parRequests.get(1).dpop());
        assertThat(first.getJWTClaimsSet().getClaim("nonce")).isNull();
        assertThat(second.getJWTClaimsSet().getClaim("nonce")).isEqualTo(FakeAuthorizationServer.NONCE);
        for (SignedJWT proof : List.of(first, second)) {
            assertValidProof(proof, "POST", pds.origin + "/oauth/par");
        }
        assertThat(first.getJWTClaimsSet().getJWTID()).isNotEqualTo(second.getJWTClaimsSet().getJWTID());
        Map<String, String> form = pds.parRequests.get(1).form();
        assertThat(form).containsEntry("response_type", "code").containsEntry("scope", "atproto")
                .containsEntry("code_challenge_method", "S256").containsEntry("login_hint", "alice.test")
                .containsEntry("redirect_uri", "http://127.0.0.1:7070/oauth/callback")
                .containsKeys("state", "code_challenge", "client_id");
        assertThat(form.get("state")).hasSizeGreaterThanOrEqualTo(43);
        assertThat(start.authorizationUrl().toString()).startsWith(pds.origin + "/oauth/authorize?");
        assertThat(PdsSignIn.query(start.authorizationUrl()).keySet()).containsExactlyInAnyOrder("client_id", "request_uri");
    }

    @Test
    void redeemsTheCodeWithTheVerifierOfTheChallengeAndTheSameDpopKeyAndNonce() throws Exception {
        AtprotoOAuthClient client = loopbackClient();
        client.start("alice.test", BROWSER);
        Map<String, String> par = pds.parRequests.get(1).form();

        OAuthGrant grant = client.complete(callback(par.get("state"), pds.origin.toString()), BROWSER);

        assertThat(pds.tokenRequests).hasSize(1); // the nonce learnt at PAR is reused: no second round trip
        Map<String, String> token = pds.tokenRequests.get(0).form();
        assertThat(token).containsEntry("grant_type", "authorization_code").containsEntry("code", "code-1")
                .containsEntry("redirect_uri", par.get("redirect_uri")).containsEntry("client_id", par.get("client_id"));
        String challenge = Base64.getUrlEncoder().withoutPadding().encodeToString(MessageDigest.getInstance("SHA-256")
                .digest(token.get("code_verifier").getBytes(StandardCharsets.US_ASCII)));
        assertThat(challenge).isEqualTo(par.get("code_challenge"));
        assertThat(token.get("code_verifier")).matches("[A-Za-z0-9._~-]{43,128}");
        SignedJWT parProof = SignedJWT.parse(pds.parRequests.get(1).dpop());
        SignedJWT tokenProof = SignedJWT.parse(pds.tokenRequests.get(0).dpop());
        assertValidProof(tokenProof, "POST", pds.origin + "/oauth/token");
        assertThat(tokenProof.getHeader().getJWK().computeThumbprint())
                .isEqualTo(parProof.getHeader().getJWK().computeThumbprint());
        assertThat(grant.did().toString()).isEqualTo(ALICE);
        assertThat(grant.accessToken()).isEqualTo("access-token-1");
        assertThat(grant.refreshToken()).contains("refresh-token-1");
        assertThat(grant.dpopKey().computeThumbprint()).isEqualTo(parProof.getHeader().getJWK().computeThumbprint());
        assertThat(grant.toString()).doesNotContain("access-token-1").doesNotContain("refresh-token-1");
    }

    @Test
    void keepsTheServersMetadataBetweenSignInsButNotAFailure() throws Exception {
        AtprotoOAuthClient client = loopbackClient();
        client.start("alice.test", BROWSER);
        client.start("alice.test", BROWSER);
        assertThat(pds.metadataFetches.get()).isEqualTo(2);

        try (FakeAuthorizationServer broken = new FakeAuthorizationServer()) {
            broken.metadata.put("issuer", "https://evil.example");
            when(identities.resolve("bob.test")).thenReturn(identity(MALLORY, "bob.test", broken.origin));
            assertRefused(() -> client.start("bob.test", BROWSER), Reason.BAD_METADATA);
            assertRefused(() -> client.start("bob.test", BROWSER), Reason.BAD_METADATA);
            // Its protected resource metadata is good and kept; its bad server metadata is fetched anew each time.
            assertThat(broken.metadataFetches.get()).isEqualTo(3);
        }
    }

    @Test
    void everyDpopSessionHasItsOwnKey() throws Exception {
        AtprotoOAuthClient client = loopbackClient();
        client.start("alice.test", BROWSER);
        client.start("alice.test", BROWSER);

        Set<String> thumbprints = new HashSet<>();
        for (FakeAuthorizationServer.Recorded request : pds.parRequests) {
            thumbprints.add(SignedJWT.parse(request.dpop()).getHeader().getJWK().computeThumbprint().toString());
        }
        assertThat(thumbprints).hasSize(2);
    }

    @Test
    void refusesATokenForAnotherDid() throws Exception {
        pds.subject(MALLORY);
        AtprotoOAuthClient client = loopbackClient();
        client.start("alice.test", BROWSER);

        assertRefused(() -> client.complete(callback(lastState(), pds.origin.toString()), BROWSER), Reason.WRONG_SUBJECT);
    }

    @Test
    void refusesAnIssuerThatIsNotTheAuthorizationServerOfTheSubjectsPds() throws Exception {
        try (FakeAuthorizationServer otherPds = new FakeAuthorizationServer()) {
            // Mallory's PDS trusts its own authorization server, not the one that signed her in.
            pds.subject(MALLORY);
            when(identities.resolveDid(Did.parse(MALLORY))).thenReturn(identity(MALLORY, "mallory.test", otherPds.origin));
            AtprotoOAuthClient client = loopbackClient();
            client.start(pds.origin.toString(), BROWSER);

            assertRefused(() -> client.complete(callback(lastState(), pds.origin.toString()), BROWSER),
                    Reason.ISSUER_NOT_AUTHORITATIVE);
        }
    }

    @Test
    void aSignInStartedFromAServerUrlAcceptsTheDidWhosePdsTrustsThatServer() throws Exception {
        AtprotoOAuthClient client = loopbackClient();
        client.start(pds.origin + "/", BROWSER);

        OAuthGrant grant = client.complete(callback(lastState(), pds.origin.toString()), BROWSER);

        assertThat(grant.did().toString()).isEqualTo(ALICE);
        assertThat(pds.parFormValues("login_hint")).containsOnlyNulls();
    }

    @Test
    void refusesACallbackWithAnotherOrNoIssuer() throws Exception {
        AtprotoOAuthClient client = loopbackClient();
        client.start("alice.test", BROWSER);
        String state = lastState();
        assertRefused(() -> client.complete(callback(state, "https://evil.example"), BROWSER), Reason.WRONG_ISSUER);

        client.start("alice.test", BROWSER);
        assertRefused(() -> client.complete(new CallbackParameters(Optional.of(lastState()), Optional.empty(),
                Optional.of("code-1"), Optional.empty(), Optional.empty()), BROWSER), Reason.WRONG_ISSUER);
        assertThat(pds.tokenRequests).isEmpty();
    }

    @Test
    void refusesForgedReplayedAndForeignBrowserStates() throws Exception {
        AtprotoOAuthClient client = loopbackClient();
        client.start("alice.test", BROWSER);
        String state = lastState();

        assertRefused(() -> client.complete(callback("forged", pds.origin.toString()), BROWSER), Reason.UNKNOWN_STATE);
        assertRefused(() -> client.complete(callback(state, pds.origin.toString()), "another-browser"),
                Reason.STATE_NOT_BOUND);
        assertRefused(() -> client.complete(callback(state, pds.origin.toString()), BROWSER), Reason.REPLAYED_STATE);
        assertThat(pds.tokenRequests).isEmpty();
    }

    @Test
    void reportsADeniedAuthorization() throws Exception {
        AtprotoOAuthClient client = loopbackClient();
        client.start("alice.test", BROWSER);

        assertThatThrownBy(() -> client.complete(new CallbackParameters(Optional.of(lastState()),
                Optional.of(pds.origin.toString()), Optional.empty(), Optional.of("access_denied"),
                Optional.of("The user said no\n<script>")), BROWSER))
                .isInstanceOfSatisfying(OAuthException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.AUTHORIZATION_DENIED);
                    assertThat(e.getMessage()).contains("access_denied").doesNotContain("\n");
                });
    }

    @Test
    void refusesBearerTokensAndTokensWithoutTheAtprotoScope() throws Exception {
        AtprotoOAuthClient client = loopbackClient();
        pds.tokenResponse.put("token_type", "Bearer");
        client.start("alice.test", BROWSER);
        assertRefused(() -> client.complete(callback(lastState(), pds.origin.toString()), BROWSER), Reason.BAD_RESPONSE);

        pds.tokenResponse.put("token_type", "DPoP").put("scope", "transition:generic");
        client.start("alice.test", BROWSER);
        assertRefused(() -> client.complete(callback(lastState(), pds.origin.toString()), BROWSER), Reason.BAD_RESPONSE);

        pds.tokenResponse.put("scope", "atproto").remove("sub");
        client.start("alice.test", BROWSER);
        assertRefused(() -> client.complete(callback(lastState(), pds.origin.toString()), BROWSER), Reason.BAD_RESPONSE);
    }

    @Test
    void reportsAnErrorOfThePushedAuthorizationEndpoint() throws Exception {
        pds.parError = FakeAuthorizationServer.JSON.createObjectNode().put("error", "invalid_client_metadata")
                .put("error_description", "Unknown client");

        assertThatThrownBy(() -> loopbackClient().start("alice.test", BROWSER))
                .isInstanceOfSatisfying(OAuthException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.SERVER_ERROR);
                    assertThat(e.getMessage()).contains("invalid_client_metadata").contains("Unknown client");
                });
    }

    @Test
    void refusesMetadataOfAnotherIssuerBeforeSendingAnything() throws Exception {
        pds.metadata.put("issuer", "https://evil.example");

        assertRefused(() -> loopbackClient().start("alice.test", BROWSER), Reason.BAD_METADATA);
        assertThat(pds.parRequests).isEmpty();
    }

    @Test
    void refusesAProtectedResourceNamingSeveralAuthorizationServers() throws Exception {
        pds.protectedResource.withArray("authorization_servers").add("https://evil.example");

        assertRefused(() -> loopbackClient().start("alice.test", BROWSER), Reason.BAD_METADATA);
    }

    @Test
    void aConfidentialClientSignsAFreshEs256AssertionForTheIssuerOnEveryRequest() throws Exception {
        ClientKey key = ClientKey.generate();
        ClientIdentity identity = ClientIdentity.forBaseUrl(URI.create("https://chat.example.com/waddle"),
                Optional.of(key), "Waddle");
        AtprotoOAuthClient client = client(identity);
        client.start("alice.test", BROWSER);
        client.complete(callback(lastState(), pds.origin.toString()), BROWSER);

        ECKey publicKey = (ECKey) JWKSet.parse(key.publicJwks()).getKeys().get(0);
        Set<String> jtis = new HashSet<>();
        for (FakeAuthorizationServer.Recorded request : List.of(pds.parRequests.get(0), pds.parRequests.get(1),
                pds.tokenRequests.get(0))) {
            assertThat(request.form()).containsEntry("client_id", "https://chat.example.com/waddle/oauth/client-metadata.json")
                    .containsEntry("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer");
            SignedJWT assertion = SignedJWT.parse(request.form().get("client_assertion"));
            assertThat(assertion.verify(new ECDSAVerifier(publicKey))).isTrue();
            assertThat(assertion.getHeader().getAlgorithm().getName()).isEqualTo("ES256");
            assertThat(assertion.getHeader().getKeyID()).isEqualTo(key.keyId());
            JWTClaimsSet claims = assertion.getJWTClaimsSet();
            assertThat(claims.getIssuer()).isEqualTo(identity.clientId());
            assertThat(claims.getSubject()).isEqualTo(identity.clientId());
            assertThat(claims.getAudience()).containsExactly(pds.origin.toString());
            assertThat(claims.getIssueTime()).isNotNull();
            assertThat(claims.getExpirationTime()).isAfter(claims.getIssueTime());
            jtis.add(claims.getJWTID());
        }
        assertThat(jtis).hasSize(3);
    }

    private AtprotoOAuthClient loopbackClient() throws Exception {
        return client(ClientIdentity.forBaseUrl(URI.create("http://localhost:7070"), Optional.empty(), "Waddle"));
    }

    private AtprotoOAuthClient client(ClientIdentity identity) {
        return new AtprotoOAuthClient(identity, identities, http,
                new AuthorizationStateStore(Clock.systemUTC(), AuthorizationStateStore.DEFAULT_LIFETIME, 10),
                Clock.systemUTC());
    }

    private String lastState() {
        return pds.parRequests.get(pds.parRequests.size() - 1).form().get("state");
    }

    private static CallbackParameters callback(String state, String iss) {
        return new CallbackParameters(Optional.of(state), Optional.of(iss), Optional.of("code-1"), Optional.empty(),
                Optional.empty());
    }

    private static void assertValidProof(SignedJWT proof, String method, String url) throws Exception {
        assertThat(proof.getHeader().getType().toString()).isEqualTo("dpop+jwt");
        assertThat(proof.getHeader().getAlgorithm().getName()).isEqualTo("ES256");
        ECKey jwk = (ECKey) proof.getHeader().getJWK();
        assertThat(jwk.isPrivate()).isFalse();
        assertThat(proof.verify(new ECDSAVerifier(jwk))).isTrue();
        JWTClaimsSet claims = proof.getJWTClaimsSet();
        assertThat(claims.getStringClaim("htm")).isEqualTo(method);
        assertThat(claims.getStringClaim("htu")).isEqualTo(url);
        assertThat(claims.getJWTID()).isNotBlank();
        assertThat(claims.getIssueTime()).isNotNull();
    }

    private static void assertRefused(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, Reason reason) {
        assertThatThrownBy(call).isInstanceOfSatisfying(OAuthException.class,
                e -> assertThat(e.reason()).as(e.getMessage()).isEqualTo(reason));
    }

    private static VerifiedIdentity identity(String did, String handle, URI pds) throws Exception {
        return new VerifiedIdentity(Did.parse(did), Optional.of(Handle.parse(handle)), Optional.of(Handle.parse(handle)),
                pds, PublicKeys.fromMultikey(MULTIKEY), Instant.parse("2026-01-01T00:00:00Z"));
    }
}
