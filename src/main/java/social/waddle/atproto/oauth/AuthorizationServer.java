package social.waddle.atproto.oauth;

import java.net.URI;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.oauth2.sdk.GrantType;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.as.AuthorizationServerMetadata;
import com.nimbusds.oauth2.sdk.auth.ClientAuthenticationMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;

import social.waddle.atproto.oauth.OAuthException.Reason;

/**
 * An authorization server whose metadata passed every check the ATProto OAuth profile asks of a client
 * (https://atproto.com/specs/oauth, "Authorization Server Metadata"): its {@code issuer} is exactly the origin the
 * document was fetched from, and it offers PAR (required), the {@code code} response type, PKCE S256, DPoP with
 * ES256, {@code iss} in authorization responses, the {@code atproto} scope, client metadata documents, and the
 * client authentication this client uses.
 */
public record AuthorizationServer(URI issuer, URI authorizationEndpoint, URI tokenEndpoint,
                                  URI pushedAuthorizationRequestEndpoint, Optional<URI> revocationEndpoint) {

    public AuthorizationServer {
        Objects.requireNonNull(issuer);
        Objects.requireNonNull(authorizationEndpoint);
        Objects.requireNonNull(tokenEndpoint);
        Objects.requireNonNull(pushedAuthorizationRequestEndpoint);
        Objects.requireNonNull(revocationEndpoint);
    }

    /**
     * Parses and checks an authorization server metadata document.
     *
     * @param expectedIssuer the origin the document was fetched from ({@code <issuer>/.well-known/oauth-authorization-server})
     * @param confidential whether this client authenticates with {@code private_key_jwt} (else {@code none})
     * @throws OAuthException {@code BAD_METADATA} naming the first failed check
     */
    public static AuthorizationServer fromMetadata(String json, URI expectedIssuer, boolean confidential)
            throws OAuthException {
        AuthorizationServerMetadata metadata;
        try {
            metadata = AuthorizationServerMetadata.parse(json);
        } catch (ParseException e) {
            throw bad(expectedIssuer, "it is not valid authorization server metadata: " + e.getMessage());
        }
        URI issuer = URI.create(metadata.getIssuer().getValue());
        if (!issuer.equals(expectedIssuer)) {
            throw bad(expectedIssuer, "its issuer is " + issuer + ", not the server it was fetched from");
        }
        URI authorization = require(metadata.getAuthorizationEndpointURI(), expectedIssuer, "authorization_endpoint");
        URI token = require(metadata.getTokenEndpointURI(), expectedIssuer, "token_endpoint");
        URI par = require(metadata.getPushedAuthorizationRequestEndpointURI(), expectedIssuer,
                "pushed_authorization_request_endpoint");
        if (!metadata.requiresPushedAuthorizationRequests()) {
            throw bad(expectedIssuer, "require_pushed_authorization_requests is not true");
        }
        if (!contains(metadata.getResponseTypes(), ResponseType.CODE)) {
            throw bad(expectedIssuer, "response_types_supported lacks 'code'");
        }
        if (!contains(metadata.getGrantTypes(), GrantType.AUTHORIZATION_CODE)
                || !contains(metadata.getGrantTypes(), GrantType.REFRESH_TOKEN)) {
            throw bad(expectedIssuer, "grant_types_supported lacks 'authorization_code' or 'refresh_token'");
        }
        if (!contains(metadata.getCodeChallengeMethods(), CodeChallengeMethod.S256)) {
            throw bad(expectedIssuer, "code_challenge_methods_supported lacks 'S256'");
        }
        if (!metadata.supportsAuthorizationResponseIssuerParam()) {
            throw bad(expectedIssuer, "authorization_response_iss_parameter_supported is not true");
        }
        if (metadata.getScopes() == null || !metadata.getScopes().contains("atproto")) {
            throw bad(expectedIssuer, "scopes_supported lacks 'atproto'");
        }
        if (!contains(metadata.getDPoPJWSAlgs(), JWSAlgorithm.ES256)) {
            throw bad(expectedIssuer, "dpop_signing_alg_values_supported lacks 'ES256'");
        }
        if (!Boolean.TRUE.equals(metadata.getCustomParameter("client_id_metadata_document_supported"))) {
            throw bad(expectedIssuer, "client_id_metadata_document_supported is not true");
        }
        ClientAuthenticationMethod method = confidential ? ClientAuthenticationMethod.PRIVATE_KEY_JWT
                : ClientAuthenticationMethod.NONE;
        if (!contains(metadata.getTokenEndpointAuthMethods(), method)) {
            throw bad(expectedIssuer, "token_endpoint_auth_methods_supported lacks '" + method + "'");
        }
        if (confidential && !contains(metadata.getTokenEndpointJWSAlgs(), JWSAlgorithm.ES256)) {
            throw bad(expectedIssuer, "token_endpoint_auth_signing_alg_values_supported lacks 'ES256'");
        }
        return new AuthorizationServer(issuer, authorization, token, par,
                Optional.ofNullable(metadata.getRevocationEndpointURI()));
    }

    private static URI require(URI value, URI issuer, String field) throws OAuthException {
        if (value == null) {
            throw bad(issuer, field + " is missing");
        }
        String scheme = value.getScheme() == null ? "" : value.getScheme();
        if (!scheme.equals(issuer.getScheme())) {
            throw bad(issuer, field + " " + value + " does not use the issuer's scheme " + issuer.getScheme());
        }
        return value;
    }

    private static <T> boolean contains(List<T> values, T value) {
        return values != null && values.contains(value);
    }

    private static OAuthException bad(URI issuer, String what) {
        return new OAuthException(Reason.BAD_METADATA, "The authorization server metadata of " + issuer
                + " is unusable: " + what + ".");
    }
}
