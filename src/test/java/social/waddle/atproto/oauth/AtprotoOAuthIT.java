package social.waddle.atproto.oauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.token.DPoPAccessToken;

import social.waddle.atproto.http.HostResolver;
import social.waddle.atproto.http.OutboundPolicy;
import social.waddle.atproto.http.SafeHttpClient;
import social.waddle.atproto.identity.IdentityResolver;
import social.waddle.atproto.identity.IdentityResolver.HandleMethod;
import social.waddle.atproto.oauth.OAuthException.Reason;
import social.waddle.atproto.xrpc.XrpcClient;
import social.waddle.testbed.atproto.AtprotoNetwork;
import social.waddle.testbed.atproto.AtprotoNetworkExtension;
import social.waddle.testbed.atproto.TestAccount;

/**
 * The whole ATProto OAuth flow against the real PDS of the test bed (@atproto/pds with its @atproto/oauth-provider):
 * discovery, PAR with PKCE and DPoP (the PDS always asks for a nonce first), the PDS's own sign-in and consent API,
 * the callback checks, the DPoP token request and the sub/issuer checks; then the attacks of issue 12 that live in
 * this layer, each tried for real.
 */
@ExtendWith(AtprotoNetworkExtension.class)
class AtprotoOAuthIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BROWSER = "browser-session-1";

    private static TestAccount alice;
    private static TestAccount bob;
    private static SafeHttpClient http;
    private static IdentityResolver identities;
    private static AtprotoOAuthClient client;

    @BeforeAll
    static void setUp(AtprotoNetwork network) throws Exception {
        alice = network.createAccount("oauth-alice");
        bob = network.createAccount("oauth-bob");
        http = new SafeHttpClient(OutboundPolicy.builder()
                .allowPlainHttp("127.0.0.1").allowPlainHttp("localhost")
                .allowAddress("127.0.0.1")
                .build(), HostResolver.system());
        identities = new IdentityResolver(http, new XrpcClient(http), Optional.empty(),
                new IdentityResolver.Config(network.plcUrl(), List.of(HandleMethod.XRPC), Optional.of(network.pdsUrl()),
                        Duration.ofMinutes(10), Duration.ofMinutes(1), 1000, Set.of("test")), Clock.systemUTC());
        // The loopback development client: the plugin's web pages on http://localhost would be its base URL.
        ClientIdentity identity = ClientIdentity.forBaseUrl(URI.create("http://localhost:7070/waddle"), Optional.empty(),
                "Waddle test");
        client = new AtprotoOAuthClient(identity, identities, http,
                new AuthorizationStateStore(Clock.systemUTC(), AuthorizationStateStore.DEFAULT_LIFETIME, 100),
                Clock.systemUTC());
    }

    @AfterAll
    static void tearDown() {
        if (http != null) {
            http.close();
        }
    }

    @Test
    void signsInFromAHandleThroughThePdsOwnPagesToATokenForTheAccountsDid(AtprotoNetwork network) throws Exception {
        AuthorizationStart start = client.start(alice.handle(), BROWSER);

        assertThat(start.issuer()).isEqualTo(network.pdsUrl());
        assertThat(start.authorizationUrl().toString())
                .startsWith(network.pdsUrl() + "/oauth/authorize?")
                .contains("request_uri=").contains("client_id=http%3A%2F%2Flocalhost%3F");

        Map<String, List<String>> callback = new PdsSignIn().signInAndConsent(start.authorizationUrl(), alice.handle(),
                alice.password());
        assertThat(callback).containsKeys("code", "state", "iss");
        assertThat(callback.get("iss")).containsExactly(network.pdsUrl().toString());

        OAuthGrant grant = client.complete(CallbackParameters.fromQuery(callback), BROWSER);

        assertThat(grant.did().toString()).isEqualTo(alice.did());
        assertThat(grant.handle().map(Object::toString)).contains(alice.handle());
        assertThat(grant.issuer()).isEqualTo(network.pdsUrl());
        assertThat(grant.pds()).isEqualTo(network.pdsUrl());
        assertThat(grant.scope().split(" ")).contains("atproto");
        assertThat(grant.accessToken()).isNotBlank();
        assertThat(grant.toString()).doesNotContain(grant.accessToken());

        // The token works on the PDS, bound to this session's DPoP key.
        JsonNode session = getSession(network, grant, Optional.empty()).json;
        assertThat(session.path("did").asText()).isEqualTo(alice.did());

        // The same callback a second time: the state is single-use.
        assertThatThrownBy(() -> client.complete(CallbackParameters.fromQuery(callback), BROWSER))
                .isInstanceOfSatisfying(OAuthException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.REPLAYED_STATE));
    }

    @Test
    void aDpopProofReplayedOrMadeForAnotherUrlIsRefusedByThePds(AtprotoNetwork network) throws Exception {
        OAuthGrant grant = signIn(alice, alice.handle());
        DpopSession dpop = DpopSession.resume(grant.dpopKey(), grant.dpopNonce());
        URI getSession = URI.create(network.pdsUrl() + "/xrpc/com.atproto.server.getSession");
        // A first call learns the resource server's nonce (it differs from the authorization server's).
        Answer first = getSession(network, grant, Optional.empty());
        first.nonce.ifPresent(dpop::nonce);
        SignedJWT proof = dpop.proof("GET", getSession,
                Optional.of(new DPoPAccessToken(grant.accessToken())));

        Answer once = call(getSession, grant.accessToken(), proof.serialize());
        Answer replayed = call(getSession, grant.accessToken(), proof.serialize());
        SignedJWT elsewhere = dpop.proof("GET", URI.create(network.pdsUrl() + "/xrpc/com.atproto.server.describeServer"),
                Optional.of(new DPoPAccessToken(grant.accessToken())));
        Answer wrongUrl = call(getSession, grant.accessToken(), elsewhere.serialize());

        assertThat(once.status).isEqualTo(200);
        assertThat(replayed.status).isEqualTo(401);
        assertThat(replayed.body).contains("replay");
        assertThat(wrongUrl.status).isEqualTo(401);
        assertThat(wrongUrl.body).containsIgnoringCase("htu");
    }

    @Test
    void aSignInForOneDidCompletedAsAnotherAccountIsRefused() throws Exception {
        AuthorizationStart start = client.start(alice.handle(), BROWSER);
        // login_hint is only a hint: the person may sign in as someone else at the PDS.
        Map<String, List<String>> callback = new PdsSignIn().signInAndConsent(start.authorizationUrl(), bob.handle(),
                bob.password());

        assertThatThrownBy(() -> client.complete(CallbackParameters.fromQuery(callback), BROWSER))
                .isInstanceOfSatisfying(OAuthException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.WRONG_SUBJECT);
                    assertThat(e.getMessage()).contains(bob.did()).contains(alice.did());
                });
    }

    @Test
    void aSignInStartedFromThePdsUrlEndsWithTheDidOfWhoeverSignedIn(AtprotoNetwork network) throws Exception {
        AuthorizationStart start = client.start(network.pdsUrl().toString(), BROWSER);
        Map<String, List<String>> callback = new PdsSignIn().signInAndConsent(start.authorizationUrl(), bob.handle(),
                bob.password());

        OAuthGrant grant = client.complete(CallbackParameters.fromQuery(callback), BROWSER);

        assertThat(grant.did().toString()).isEqualTo(bob.did());
        assertThat(grant.issuer()).isEqualTo(network.pdsUrl());
    }

    @Test
    void aCallbackNamingAnotherIssuerOrFromAnotherBrowserOrWithAForgedStateIsRefused() throws Exception {
        AuthorizationStart start = client.start(alice.handle(), BROWSER);
        Map<String, List<String>> callback = new PdsSignIn().signInAndConsent(start.authorizationUrl(), alice.handle(),
                alice.password());
        CallbackParameters real = CallbackParameters.fromQuery(callback);
        CallbackParameters otherIssuer = new CallbackParameters(real.state(), Optional.of("https://evil.example"),
                real.code(), Optional.empty(), Optional.empty());
        CallbackParameters forged = new CallbackParameters(Optional.of("forged-state"), real.iss(), real.code(),
                Optional.empty(), Optional.empty());

        assertThatThrownBy(() -> client.complete(forged, BROWSER))
                .isInstanceOfSatisfying(OAuthException.class, e -> assertThat(e.reason()).isEqualTo(Reason.UNKNOWN_STATE));
        assertThatThrownBy(() -> client.complete(otherIssuer, BROWSER))
                .isInstanceOfSatisfying(OAuthException.class, e -> assertThat(e.reason()).isEqualTo(Reason.WRONG_ISSUER));
        // The state was spent by the refused attempt: the genuine answer cannot be used afterwards either.
        assertThatThrownBy(() -> client.complete(real, BROWSER))
                .isInstanceOfSatisfying(OAuthException.class, e -> assertThat(e.reason()).isEqualTo(Reason.REPLAYED_STATE));

        AuthorizationStart second = client.start(alice.handle(), BROWSER);
        Map<String, List<String>> secondCallback = new PdsSignIn().signInAndConsent(second.authorizationUrl(),
                alice.handle(), alice.password());
        assertThatThrownBy(() -> client.complete(CallbackParameters.fromQuery(secondCallback), "another-browser"))
                .isInstanceOfSatisfying(OAuthException.class, e -> assertThat(e.reason()).isEqualTo(Reason.STATE_NOT_BOUND));
    }

    private static OAuthGrant signIn(TestAccount account, String input) throws Exception {
        AuthorizationStart start = client.start(input, BROWSER);
        Map<String, List<String>> callback = new PdsSignIn().signInAndConsent(start.authorizationUrl(), account.handle(),
                account.password());
        return client.complete(CallbackParameters.fromQuery(callback), BROWSER);
    }

    private record Answer(int status, String body, JsonNode json, Optional<String> nonce) {
    }

    /** {@code getSession} with the grant's token and fresh proofs, retrying once with the resource server's nonce. */
    private static Answer getSession(AtprotoNetwork network, OAuthGrant grant, Optional<String> nonce) throws Exception {
        URI uri = URI.create(network.pdsUrl() + "/xrpc/com.atproto.server.getSession");
        DpopSession dpop = DpopSession.resume(grant.dpopKey(), nonce);
        DPoPAccessToken token = new DPoPAccessToken(grant.accessToken());
        Answer answer = call(uri, grant.accessToken(), dpop.proof("GET", uri, Optional.of(token)).serialize());
        if (answer.status == 401 && answer.nonce.isPresent()) {
            dpop.nonce(answer.nonce.get());
            answer = call(uri, grant.accessToken(), dpop.proof("GET", uri, Optional.of(token)).serialize());
        }
        assertThat(answer.status).as(answer.body).isEqualTo(200);
        return answer;
    }

    private static Answer call(URI uri, String accessToken, String proof) throws Exception {
        HttpClient plain = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpResponse<String> response = plain.send(HttpRequest.newBuilder(uri)
                .header("Authorization", "DPoP " + accessToken)
                .header("DPoP", proof)
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        JsonNode json = response.statusCode() == 200 ? JSON.readTree(response.body()) : null;
        return new Answer(response.statusCode(), response.body(), json, response.headers().firstValue("dpop-nonce"));
    }
}
