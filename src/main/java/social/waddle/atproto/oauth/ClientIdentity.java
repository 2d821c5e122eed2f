package social.waddle.atproto.oauth;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import social.waddle.atproto.oauth.OAuthException.Reason;

/**
 * Who this OAuth client is, decided by the public base URL of the plugin's web pages
 * (https://atproto.com/specs/oauth, "Clients"):
 * <ul>
 *   <li>https: a confidential web client. {@code client_id} is {@code <base>/oauth/client-metadata.json}, the client
 *       metadata document served there ({@link #clientMetadataJson()}); it authenticates with {@code private_key_jwt}
 *       signed by its ES256 {@link ClientKey}, whose public half is served at {@code <base>/oauth/jwks.json}.</li>
 *   <li>http on localhost, 127.0.0.1 or [::1]: the loopback development client. {@code client_id} is
 *       {@code http://localhost?redirect_uri=…&scope=atproto}; the authorization server derives its metadata from
 *       that URL; it has no key and no client authentication. Its redirect URI uses 127.0.0.1 (or [::1]), never
 *       the name localhost, as the spec requires of loopback redirect URIs.</li>
 * </ul>
 * Anything else (plain http to another host) is refused.
 */
public final class ClientIdentity {

    public static final String CLIENT_METADATA_PATH = "/oauth/client-metadata.json";
    public static final String JWKS_PATH = "/oauth/jwks.json";
    public static final String CALLBACK_PATH = "/oauth/callback";
    /** Identity only: the plugin never acts on the person's repository. */
    public static final String SCOPE = "atproto";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI baseUrl;
    private final String clientId;
    private final URI redirectUri;
    private final Optional<ClientKey> key;
    private final String clientName;

    private ClientIdentity(URI baseUrl, String clientId, URI redirectUri, Optional<ClientKey> key, String clientName) {
        this.baseUrl = baseUrl;
        this.clientId = clientId;
        this.redirectUri = redirectUri;
        this.key = key;
        this.clientName = clientName;
    }

    /**
     * @param baseUrl the public base URL of the plugin's web pages, e.g. {@code https://chat.example.com/waddle}
     * @param key the confidential client's key; ignored (may be empty) for a loopback base URL
     * @param clientName shown by the authorization server on its consent page
     * @throws OAuthException {@code MISCONFIGURED} for a base URL that is neither https nor http on loopback, or an
     *     https base URL without a key
     */
    public static ClientIdentity forBaseUrl(URI baseUrl, Optional<ClientKey> key, String clientName)
            throws OAuthException {
        URI base = normalizedBase(baseUrl);
        String host = base.getHost().toLowerCase(Locale.ROOT);
        if (base.getScheme().equals("http")) {
            if (!isLoopbackHost(host)) {
                throw new OAuthException(Reason.MISCONFIGURED, "The web base URL " + base + " uses plain http on a"
                        + " host that is not localhost: OAuth sign-in needs https (plain http only for development on"
                        + " localhost, 127.0.0.1 or [::1]).");
            }
            String redirectHost = host.equals("localhost") ? "127.0.0.1" : base.getHost();
            URI redirect = build("http", redirectHost, base.getPort(), base.getPath() + CALLBACK_PATH);
            String clientId = "http://localhost?redirect_uri=" + encode(redirect.toString()) + "&scope=" + encode(SCOPE);
            return new ClientIdentity(base, clientId, redirect, Optional.empty(), clientName);
        }
        if (key.isEmpty()) {
            throw new OAuthException(Reason.MISCONFIGURED, "A confidential OAuth client at " + base
                    + " needs its ES256 key.");
        }
        return new ClientIdentity(base, base + CLIENT_METADATA_PATH, URI.create(base + CALLBACK_PATH), key, clientName);
    }

    public String clientId() {
        return clientId;
    }

    public URI redirectUri() {
        return redirectUri;
    }

    public URI baseUrl() {
        return baseUrl;
    }

    /** Whether this is the confidential web client ({@code private_key_jwt}), not the loopback one. */
    public boolean isConfidential() {
        return key.isPresent();
    }

    public Optional<ClientKey> key() {
        return key;
    }

    public URI jwksUri() {
        return URI.create(baseUrl + JWKS_PATH);
    }

    /**
     * The client metadata document served at {@code client_id} (https://atproto.com/specs/oauth, "Client ID Metadata
     * Document"): a web application using DPoP-bound tokens, the authorization code and refresh token grants,
     * scope {@code atproto}, {@code private_key_jwt} with ES256 and the JWKS at {@code jwks_uri}.
     *
     * @throws IllegalStateException for the loopback client, which has no document
     */
    public String clientMetadataJson() {
        if (!isConfidential()) {
            throw new IllegalStateException("The loopback development client has no client metadata document");
        }
        ObjectNode metadata = JSON.createObjectNode();
        metadata.put("client_id", clientId);
        metadata.put("client_name", clientName);
        metadata.put("client_uri", baseUrl.toString());
        metadata.put("application_type", "web");
        metadata.putArray("grant_types").add("authorization_code").add("refresh_token");
        metadata.putArray("response_types").add("code");
        metadata.putArray("redirect_uris").add(redirectUri.toString());
        metadata.put("scope", SCOPE);
        metadata.put("dpop_bound_access_tokens", true);
        metadata.put("token_endpoint_auth_method", "private_key_jwt");
        metadata.put("token_endpoint_auth_signing_alg", "ES256");
        metadata.put("jwks_uri", jwksUri().toString());
        return metadata.toPrettyString();
    }

    /** The public JWKS document served at {@link #jwksUri()}. */
    public String jwksJson() {
        return key.orElseThrow(() -> new IllegalStateException("The loopback development client has no keys"))
                .publicJwks();
    }

    static boolean isLoopbackHost(String host) {
        String bare = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        return bare.equals("localhost") || bare.equals("127.0.0.1") || bare.equals("::1");
    }

    private static URI normalizedBase(URI baseUrl) throws OAuthException {
        Objects.requireNonNull(baseUrl);
        String scheme = baseUrl.getScheme() == null ? "" : baseUrl.getScheme().toLowerCase(Locale.ROOT);
        if (!baseUrl.isAbsolute() || baseUrl.getHost() == null || !(scheme.equals("http") || scheme.equals("https"))
                || baseUrl.getRawUserInfo() != null || baseUrl.getRawQuery() != null || baseUrl.getRawFragment() != null) {
            throw new OAuthException(Reason.MISCONFIGURED, "The web base URL '" + baseUrl + "' must be an absolute"
                    + " http(s) URL without user info, query or fragment.");
        }
        String path = baseUrl.getPath() == null ? "" : baseUrl.getPath();
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        return build(scheme, baseUrl.getHost(), baseUrl.getPort(), path);
    }

    private static URI build(String scheme, String host, int port, String path) throws OAuthException {
        try {
            return new URI(scheme, null, host, port, path.isEmpty() ? null : path, null, null);
        } catch (URISyntaxException e) {
            throw new OAuthException(Reason.MISCONFIGURED, "Cannot build a URL on " + host + ": " + e.getMessage(), e);
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "ClientIdentity[" + (isConfidential() ? "confidential" : "loopback") + ", clientId=" + clientId + "]";
    }
}
