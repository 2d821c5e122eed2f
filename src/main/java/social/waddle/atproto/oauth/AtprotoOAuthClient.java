package social.waddle.atproto.oauth;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.oauth2.sdk.AccessTokenResponse;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.AuthorizationRequest;
import com.nimbusds.oauth2.sdk.ErrorObject;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.PushedAuthorizationRequest;
import com.nimbusds.oauth2.sdk.PushedAuthorizationResponse;
import com.nimbusds.oauth2.sdk.PushedAuthorizationSuccessResponse;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.auth.ClientAuthentication;
import com.nimbusds.oauth2.sdk.auth.JWTAuthenticationClaimsSet;
import com.nimbusds.oauth2.sdk.auth.PrivateKeyJWT;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.Audience;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.JWTID;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.oauth2.sdk.token.AccessToken;
import com.nimbusds.oauth2.sdk.token.AccessTokenType;
import com.nimbusds.oauth2.sdk.token.Tokens;

import social.waddle.atproto.AtprotoException;
import social.waddle.atproto.AtprotoException.Failure;
import social.waddle.atproto.http.SafeHttpClient;
import social.waddle.atproto.identity.IdentityResolver;
import social.waddle.atproto.identity.VerifiedIdentity;
import social.waddle.atproto.oauth.OAuthException.Reason;
import social.waddle.atproto.syntax.Did;
import social.waddle.atproto.syntax.Handle;

/**
 * The ATProto OAuth client (https://atproto.com/specs/oauth): {@link #start} resolves what the person typed, finds
 * the authorization server, pushes the authorization request (PAR, PKCE S256, DPoP) and returns the URL to send the
 * browser to; {@link #complete} takes the callback, checks {@code state} (single use, unexpired, same browser) and
 * {@code iss}, redeems the code (DPoP) and checks that {@code sub} is the DID the sign-in was for and that the issuer
 * is the authorization server of that DID's PDS. Every refusal is an {@link OAuthException} naming its reason.
 *
 * <p>Thread-safe. Outbound HTTP only through the given {@link SafeHttpClient}.
 */
public final class AtprotoOAuthClient {

    private static final Logger Log = LoggerFactory.getLogger(AtprotoOAuthClient.class);

    /** Client assertions live briefly: each request gets its own (RFC 7523 §3, unique {@code jti}). */
    static final long CLIENT_ASSERTION_LIFETIME_SECONDS = 60;
    private static final int STATE_BYTES = 32;

    private final ClientIdentity client;
    private final IdentityResolver identities;
    private final OAuthDiscovery discovery;
    private final OAuthTransport transport;
    private final AuthorizationStateStore states;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public AtprotoOAuthClient(ClientIdentity client, IdentityResolver identities, SafeHttpClient http,
                              AuthorizationStateStore states, Clock clock) {
        this(client, identities, new OAuthDiscovery(http), new OAuthTransport(http), states, clock);
    }

    AtprotoOAuthClient(ClientIdentity client, IdentityResolver identities, OAuthDiscovery discovery,
                       OAuthTransport transport, AuthorizationStateStore states, Clock clock) {
        this.client = Objects.requireNonNull(client);
        this.identities = Objects.requireNonNull(identities);
        this.discovery = Objects.requireNonNull(discovery);
        this.transport = Objects.requireNonNull(transport);
        this.states = Objects.requireNonNull(states);
        this.clock = Objects.requireNonNull(clock);
    }

    public ClientIdentity client() {
        return client;
    }

    /**
     * Starts a sign-in.
     *
     * @param input a handle, a DID, or the https URL of a PDS (or of an authorization server, an "entryway")
     * @param binding an opaque value of the browser session (e.g. a hash of a cookie set now); {@link #complete} must
     *     be given the same value
     */
    public AuthorizationStart start(String input, String binding) throws AtprotoException {
        Objects.requireNonNull(binding);
        String typed = input == null ? "" : input.trim();
        Optional<VerifiedIdentity> identity = Optional.empty();
        URI issuer;
        if (typed.regionMatches(true, 0, "https://", 0, 8) || typed.regionMatches(true, 0, "http://", 0, 7)) {
            issuer = issuerOfServerUrl(typed);
        } else {
            VerifiedIdentity resolved = identities.resolve(typed);
            identity = Optional.of(resolved);
            issuer = discovery.authorizationServerOf(resolved.pds());
        }
        AuthorizationServer server = discovery.authorizationServer(issuer, client.isConfidential());

        String state = randomToken();
        CodeVerifier verifier = new CodeVerifier();
        DpopSession dpop = DpopSession.generate();
        AuthorizationRequest.Builder request = new AuthorizationRequest.Builder(ResponseType.CODE,
                new ClientID(client.clientId()))
                .redirectionURI(client.redirectUri())
                .scope(new Scope(ClientIdentity.SCOPE))
                .state(new State(state))
                .codeChallenge(verifier, CodeChallengeMethod.S256)
                .endpointURI(server.authorizationEndpoint());
        if (identity.isPresent()) {
            // The handle or DID the person typed pre-fills the server's sign-in form.
            request.customParameter("login_hint", identity.get().handle().map(Handle::toString)
                    .orElse(identity.get().did().toString()));
        }
        AuthorizationRequest authorization = request.build();
        HTTPResponse response = transport.postWithDpop(() -> pushedRequest(server, authorization).toHTTPRequest(),
                dpop, "pushed authorization request to " + server.issuer());
        URI requestUri = parsePushedResponse(response, server);

        Instant now = clock.instant();
        Instant expires = states.expiryFor(now);
        states.put(new PendingAuthorization(state, binding, server, requestUri, verifier, dpop.key(), dpop.nonce(),
                identity.map(VerifiedIdentity::did), identity.flatMap(VerifiedIdentity::handle),
                identity.map(VerifiedIdentity::pds), client.redirectUri(), now, expires));
        URI browserUrl = new AuthorizationRequest.Builder(requestUri, new ClientID(client.clientId()))
                .endpointURI(server.authorizationEndpoint())
                .build()
                .toURI();
        Log.debug("Sign-in started at {} for {}", server.issuer(), identity.map(i -> i.did().toString()).orElse(typed));
        return new AuthorizationStart(browserUrl, server.issuer(), expires);
    }

    /**
     * Completes a sign-in from its callback.
     *
     * @param binding the same browser-session value {@link #start} was given
     */
    public OAuthGrant complete(CallbackParameters callback, String binding) throws AtprotoException {
        PendingAuthorization pending = states.take(callback.state().orElse(null));
        if (!constantTimeEquals(pending.binding(), binding)) {
            throw new OAuthException(Reason.STATE_NOT_BOUND, "This sign-in was started in another browser session;"
                    + " start the sign-in again here.");
        }
        URI issuer = pending.server().issuer();
        if (callback.iss().isEmpty()) {
            throw new OAuthException(Reason.WRONG_ISSUER, "The sign-in answer does not name its issuer (iss); "
                    + issuer + " always does, so it did not come from there.");
        }
        if (!callback.iss().get().equals(issuer.toString())) {
            throw new OAuthException(Reason.WRONG_ISSUER, "The sign-in answer comes from "
                    + printable(callback.iss().get()) + ", but the sign-in was started at " + issuer + ".");
        }
        if (callback.error().isPresent()) {
            throw new OAuthException(Reason.AUTHORIZATION_DENIED, issuer + " did not authorize the sign-in ("
                    + printable(callback.error().get())
                    + callback.errorDescription().map(d -> ": " + printable(d)).orElse("") + ").");
        }
        if (callback.code().isEmpty()) {
            throw new OAuthException(Reason.BAD_RESPONSE, "The sign-in answer from " + issuer
                    + " carries neither a code nor an error.");
        }

        DpopSession dpop = DpopSession.resume(pending.dpopKey(), pending.dpopNonce());
        AuthorizationCodeGrant grant = new AuthorizationCodeGrant(new AuthorizationCode(callback.code().get()),
                pending.redirectUri(), pending.codeVerifier());
        HTTPResponse response = transport.postWithDpop(() -> tokenHttpRequest(pending.server(), grant), dpop,
                "token request to " + issuer);
        AccessTokenResponse tokens = parseTokenResponse(response, issuer);

        Did subject = subjectOf(tokens, issuer);
        String scope = tokens.getTokens().getAccessToken().getScope() == null ? ""
                : tokens.getTokens().getAccessToken().getScope().toString();
        if (!List.of(scope.split(" ")).contains(ClientIdentity.SCOPE)) {
            throw new OAuthException(Reason.BAD_RESPONSE, issuer + " granted the scope '" + printable(scope)
                    + "', which lacks 'atproto'.");
        }
        if (pending.expectedDid().isPresent() && !pending.expectedDid().get().equals(subject)) {
            throw new OAuthException(Reason.WRONG_SUBJECT, issuer + " signed in " + subject + ", but the sign-in was"
                    + " for " + pending.expectedDid().get() + ".");
        }
        if (pending.expectedDid().isEmpty()) {
            identities.invalidate(subject.toString()); // started from a server URL: nothing about sub was checked yet
        }
        VerifiedIdentity identity = identities.resolveDid(subject);
        URI authoritative = discovery.authorizationServerOf(identity.pds());
        if (!authoritative.equals(issuer)) {
            throw new OAuthException(Reason.ISSUER_NOT_AUTHORITATIVE, issuer + " signed in " + subject + ", but the"
                    + " PDS of " + subject + " (" + identity.pds() + ") trusts " + authoritative + " instead.");
        }

        Tokens issued = tokens.getTokens();
        Optional<Instant> expiresAt = issued.getAccessToken().getLifetime() > 0
                ? Optional.of(clock.instant().plusSeconds(issued.getAccessToken().getLifetime()))
                : Optional.empty();
        Log.info("OAuth sign-in of {} through {}", subject, issuer);
        return new OAuthGrant(subject, identity.handle(), identity.pds(), issuer, scope,
                issued.getAccessToken().getValue(),
                Optional.ofNullable(issued.getRefreshToken()).map(token -> token.getValue()),
                expiresAt, dpop.key(), dpop.nonce());
    }

    /** A PDS URL leads to its authorization server; a URL that is itself an authorization server is taken as is. */
    private URI issuerOfServerUrl(String typed) throws AtprotoException {
        URI url;
        try {
            url = OAuthDiscovery.origin(new URI(typed));
        } catch (java.net.URISyntaxException e) {
            throw new AtprotoException(Failure.INVALID_SYNTAX, "'" + printable(typed) + "' is not a URL.");
        }
        try {
            return discovery.authorizationServerOf(url);
        } catch (OAuthException e) {
            if (e.reason() == Reason.BAD_METADATA) {
                Log.debug("{} has no usable protected resource metadata ({}); trying it as an authorization server",
                        url, e.getMessage());
                return url;
            }
            throw e;
        }
    }

    private PushedAuthorizationRequest pushedRequest(AuthorizationServer server, AuthorizationRequest authorization) {
        URI endpoint = server.pushedAuthorizationRequestEndpoint();
        return client.isConfidential()
                ? new PushedAuthorizationRequest(endpoint, clientAssertion(server), authorization)
                : new PushedAuthorizationRequest(endpoint, authorization);
    }

    /**
     * The token request. With {@code private_key_jwt} Nimbus leaves {@code client_id} out (RFC 7523 allows that), but
     * the ATProto authorization server requires it next to the assertion, as for every client.
     */
    private HTTPRequest tokenHttpRequest(AuthorizationServer server, AuthorizationCodeGrant grant) {
        if (!client.isConfidential()) {
            return new TokenRequest.Builder(server.tokenEndpoint(), new ClientID(client.clientId()), grant).build()
                    .toHTTPRequest();
        }
        HTTPRequest request = new TokenRequest.Builder(server.tokenEndpoint(), clientAssertion(server), grant).build()
                .toHTTPRequest();
        if (!request.getBody().contains("client_id=")) {
            request.setBody(request.getBody() + "&client_id="
                    + java.net.URLEncoder.encode(client.clientId(), StandardCharsets.UTF_8));
        }
        return request;
    }

    /**
     * A {@code private_key_jwt} client assertion (https://atproto.com/specs/oauth, "Confidential Client
     * Authentication"): {@code iss} = {@code sub} = the client ID, {@code aud} = the authorization server's issuer,
     * a fresh {@code jti}, {@code iat} now, ES256 with the client key's {@code kid} in the header.
     */
    ClientAuthentication clientAssertion(AuthorizationServer server) {
        ClientKey key = client.key().orElseThrow();
        Instant now = clock.instant();
        JWTAuthenticationClaimsSet claims = new JWTAuthenticationClaimsSet(new ClientID(client.clientId()),
                List.of(new Audience(server.issuer().toString())),
                Date.from(now.plusSeconds(CLIENT_ASSERTION_LIFETIME_SECONDS)), null, Date.from(now), new JWTID());
        try {
            java.security.PrivateKey privateKey = key.key().toPrivateKey();
            return new PrivateKeyJWT(claims, JWSAlgorithm.ES256, privateKey, key.keyId(), null);
        } catch (JOSEException e) {
            throw new IllegalStateException("Signing the client assertion failed", e);
        }
    }

    private static URI parsePushedResponse(HTTPResponse response, AuthorizationServer server) throws OAuthException {
        PushedAuthorizationResponse parsed;
        try {
            parsed = PushedAuthorizationResponse.parse(response);
        } catch (ParseException e) {
            throw new OAuthException(Reason.BAD_RESPONSE, "The pushed authorization response of " + server.issuer()
                    + " is malformed (HTTP " + response.getStatusCode() + ").", e);
        }
        if (!parsed.indicatesSuccess()) {
            throw serverError(parsed.toErrorResponse().getErrorObject(), "pushed authorization request", server.issuer());
        }
        PushedAuthorizationSuccessResponse success = parsed.toSuccessResponse();
        return success.getRequestURI();
    }

    private static AccessTokenResponse parseTokenResponse(HTTPResponse response, URI issuer) throws OAuthException {
        TokenResponse parsed;
        try {
            parsed = TokenResponse.parse(response);
        } catch (ParseException e) {
            throw new OAuthException(Reason.BAD_RESPONSE, "The token response of " + issuer + " is malformed (HTTP "
                    + response.getStatusCode() + ").", e);
        }
        if (!parsed.indicatesSuccess()) {
            throw serverError(parsed.toErrorResponse().getErrorObject(), "token request", issuer);
        }
        AccessTokenResponse success = parsed.toSuccessResponse();
        AccessToken token = success.getTokens().getAccessToken();
        if (!AccessTokenType.DPOP.equals(token.getType())) {
            throw new OAuthException(Reason.BAD_RESPONSE, issuer + " issued a " + token.getType()
                    + " access token; ATProto requires DPoP-bound tokens.");
        }
        return success;
    }

    private static Did subjectOf(AccessTokenResponse tokens, URI issuer) throws OAuthException {
        Object sub = tokens.getCustomParameters().get("sub");
        if (!(sub instanceof String value) || !Did.isValid(value)) {
            throw new OAuthException(Reason.BAD_RESPONSE, "The token response of " + issuer
                    + " does not name the account (sub) as a DID.");
        }
        try {
            return Did.parse(value);
        } catch (AtprotoException e) {
            throw new OAuthException(Reason.BAD_RESPONSE, "The token response of " + issuer
                    + " names an invalid DID as sub.", e);
        }
    }

    private static OAuthException serverError(ErrorObject error, String what, URI issuer) {
        String code = error == null || error.getCode() == null ? "unknown_error" : printable(error.getCode());
        String description = error == null || error.getDescription() == null ? "" : ": " + printable(error.getDescription());
        return new OAuthException(Reason.SERVER_ERROR, issuer + " refused the " + what + " (" + code + description
                + ").");
    }

    private String randomToken() {
        byte[] bytes = new byte[STATE_BYTES];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static boolean constantTimeEquals(String expected, String given) {
        return given != null && MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                given.getBytes(StandardCharsets.UTF_8));
    }

    /** Text from the other side, made safe for a log line or a message: printable ASCII, at most 200 characters. */
    static String printable(String text) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < text.length() && out.length() < 200; i++) {
            char c = text.charAt(i);
            out.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return out.toString();
    }
}
