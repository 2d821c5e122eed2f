package social.waddle.atproto.oauth;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import social.waddle.atproto.AtprotoException;
import social.waddle.atproto.concurrent.ResolutionCache;
import social.waddle.atproto.http.SafeHttpClient;
import social.waddle.atproto.http.SafeHttpRequest;
import social.waddle.atproto.http.SafeHttpResponse;
import social.waddle.atproto.oauth.OAuthException.Reason;

/**
 * From a PDS to its authorization server (https://atproto.com/specs/oauth, "Identity Authentication"): the PDS's
 * protected resource metadata (RFC 9728, {@code /.well-known/oauth-protected-resource}) names exactly one
 * authorization server, whose metadata (RFC 8414, {@code /.well-known/oauth-authorization-server}) must pass
 * {@link AuthorizationServer#fromMetadata}. Good answers are kept for {@link #DEFAULT_TTL} (one fetch in flight per
 * server), so a busy sign-in page does not fetch both documents for every sign-in; failures are not kept.
 */
public final class OAuthDiscovery {

    static final String PROTECTED_RESOURCE_PATH = "/.well-known/oauth-protected-resource";
    static final String AUTHORIZATION_SERVER_PATH = "/.well-known/oauth-authorization-server";
    static final long MAX_METADATA_BYTES = 64 * 1024;

    public static final Duration DEFAULT_TTL = Duration.ofMinutes(10);
    private static final int MAX_SERVERS = 1000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private record ServerKey(URI issuer, boolean confidential) {
    }

    private final SafeHttpClient http;
    private final ResolutionCache<URI, URI> issuers;
    private final ResolutionCache<ServerKey, AuthorizationServer> servers;

    public OAuthDiscovery(SafeHttpClient http) {
        this(http, DEFAULT_TTL);
    }

    /** @param ttl how long good answers are kept; zero keeps none */
    public OAuthDiscovery(SafeHttpClient http, Duration ttl) {
        this.http = http;
        this.issuers = ResolutionCache.builder().positiveTtl(ttl).negativeTtl(Duration.ZERO)
                .temporaryFailureTtl(Duration.ZERO).maxEntries(MAX_SERVERS).build();
        this.servers = ResolutionCache.builder().positiveTtl(ttl).negativeTtl(Duration.ZERO)
                .temporaryFailureTtl(Duration.ZERO).maxEntries(MAX_SERVERS).build();
    }

    /** The issuer of the PDS's one authorization server. */
    public URI authorizationServerOf(URI pds) throws AtprotoException {
        URI origin = origin(pds);
        try {
            return issuers.get(origin, this::fetchAuthorizationServerOf);
        } catch (AtprotoException e) {
            throw typed(e);
        }
    }

    /** Fetches and checks the metadata of the authorization server whose issuer is {@code issuer}. */
    public AuthorizationServer authorizationServer(URI issuer, boolean confidential) throws AtprotoException {
        try {
            return servers.get(new ServerKey(issuer, confidential),
                    key -> fetchAuthorizationServer(key.issuer(), key.confidential()));
        } catch (AtprotoException e) {
            throw typed(e);
        }
    }

    /** The cache hands waiting callers a plain copy of a failure: give them back its OAuth reason. */
    private static AtprotoException typed(AtprotoException e) {
        if (!(e instanceof OAuthException) && e.getCause() instanceof OAuthException cause) {
            return new OAuthException(cause.reason(), cause.getMessage(), cause);
        }
        return e;
    }

    private URI fetchAuthorizationServerOf(URI origin) throws AtprotoException {
        URI location = URI.create(origin + PROTECTED_RESOURCE_PATH);
        JsonNode document = jsonObject(fetchJson(location, "protected resource metadata of " + origin), location);
        JsonNode resource = document.path("resource");
        if (!resource.isMissingNode() && !origin.toString().equals(resource.asText())) {
            throw new OAuthException(Reason.BAD_METADATA, "The protected resource metadata at " + location
                    + " names another resource (" + resource.asText() + ").");
        }
        JsonNode servers = document.path("authorization_servers");
        if (!servers.isArray() || servers.size() != 1 || !servers.get(0).isTextual()) {
            throw new OAuthException(Reason.BAD_METADATA, "The protected resource metadata at " + location
                    + " must name exactly one authorization server.");
        }
        String issuer = servers.get(0).asText();
        try {
            URI issuerUri = new URI(issuer);
            if (!origin(issuerUri).equals(issuerUri)) {
                throw new OAuthException(Reason.BAD_METADATA, "The authorization server " + issuer + " named at "
                        + location + " is not an origin (scheme, host and port only).");
            }
            return issuerUri;
        } catch (URISyntaxException e) {
            throw new OAuthException(Reason.BAD_METADATA, "The authorization server named at " + location
                    + " is not a URL.", e);
        }
    }

    private AuthorizationServer fetchAuthorizationServer(URI issuer, boolean confidential) throws AtprotoException {
        URI location = URI.create(origin(issuer) + AUTHORIZATION_SERVER_PATH);
        String document = fetchJson(location, "authorization server metadata of " + issuer);
        jsonObject(document, location);
        return AuthorizationServer.fromMetadata(document, issuer, confidential);
    }

    private String fetchJson(URI location, String what) throws AtprotoException {
        SafeHttpResponse response = http.send(SafeHttpRequest.get(location)
                .accepting("application/json")
                .withMaxResponseBytes(MAX_METADATA_BYTES)
                .describedAs(what));
        if (response.status() != 200) {
            throw new OAuthException(Reason.BAD_METADATA, "Fetching the " + what + " from " + location
                    + " answered HTTP " + response.status() + ".");
        }
        return new String(response.body(), StandardCharsets.UTF_8);
    }

    /** The document as a JSON object, or {@code BAD_METADATA}. */
    private static JsonNode jsonObject(String document, URI location) throws OAuthException {
        try {
            JsonNode tree = JSON.readTree(document);
            if (tree != null && tree.isObject()) {
                return tree;
            }
        } catch (JsonProcessingException e) {
            throw new OAuthException(Reason.BAD_METADATA, location + " does not hold a JSON object.", e);
        }
        throw new OAuthException(Reason.BAD_METADATA, location + " does not hold a JSON object.");
    }

    /** {@code scheme://host[:port]} of a URL, lower-cased, default ports dropped. */
    static URI origin(URI uri) throws OAuthException {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("https") || scheme.equals("http")) || uri.getHost() == null) {
            throw new OAuthException(Reason.BAD_METADATA, "'" + uri + "' is not an http(s) URL with a host.");
        }
        int port = uri.getPort();
        if ((scheme.equals("https") && port == 443) || (scheme.equals("http") && port == 80)) {
            port = -1;
        }
        try {
            return new URI(scheme, null, uri.getHost().toLowerCase(Locale.ROOT), port, null, null, null);
        } catch (URISyntaxException e) {
            throw new OAuthException(Reason.BAD_METADATA, "'" + uri + "' has no usable origin.", e);
        }
    }
}
