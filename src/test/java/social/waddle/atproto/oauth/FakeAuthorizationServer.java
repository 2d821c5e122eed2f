package social.waddle.atproto.oauth;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A PDS that is its own authorization server, on 127.0.0.1, shaped like @atproto/oauth-provider: protected resource
 * and authorization server metadata (editable), a PAR and a token endpoint that record every request and, like the
 * real one, demand a DPoP nonce first. The token answer is editable too, to play a lying server.
 */
final class FakeAuthorizationServer implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String NONCE = "server-nonce-1";

    /** One recorded request: its form fields and its DPoP header. */
    record Recorded(Map<String, String> form, String dpop) {
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(2);
    final URI origin;
    final ObjectNode metadata;
    ObjectNode protectedResource;
    ObjectNode tokenResponse;
    ObjectNode parError;
    final List<Recorded> parRequests = new CopyOnWriteArrayList<>();
    final List<Recorded> tokenRequests = new CopyOnWriteArrayList<>();
    final java.util.concurrent.atomic.AtomicInteger metadataFetches = new java.util.concurrent.atomic.AtomicInteger();

    FakeAuthorizationServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        origin = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        metadata = JSON.createObjectNode()
                .put("issuer", origin.toString())
                .put("authorization_endpoint", origin + "/oauth/authorize")
                .put("token_endpoint", origin + "/oauth/token")
                .put("pushed_authorization_request_endpoint", origin + "/oauth/par")
                .put("require_pushed_authorization_requests", true)
                .put("authorization_response_iss_parameter_supported", true)
                .put("client_id_metadata_document_supported", true);
        metadata.putArray("response_types_supported").add("code");
        metadata.putArray("grant_types_supported").add("authorization_code").add("refresh_token");
        metadata.putArray("code_challenge_methods_supported").add("S256");
        metadata.putArray("scopes_supported").add("atproto").add("transition:generic");
        metadata.putArray("token_endpoint_auth_methods_supported").add("none").add("private_key_jwt");
        metadata.putArray("token_endpoint_auth_signing_alg_values_supported").add("ES256").add("ES256K");
        metadata.putArray("dpop_signing_alg_values_supported").add("ES256").add("ES256K");
        protectedResource = JSON.createObjectNode().put("resource", origin.toString());
        protectedResource.putArray("authorization_servers").add(origin.toString());
        tokenResponse = JSON.createObjectNode()
                .put("access_token", "access-token-1")
                .put("token_type", "DPoP")
                .put("expires_in", 3600)
                .put("refresh_token", "refresh-token-1")
                .put("scope", "atproto");
        server.createContext("/", this::answer);
        server.setExecutor(executor);
        server.start();
    }

    /** The token answer names {@code sub}. */
    FakeAuthorizationServer subject(String did) {
        tokenResponse.put("sub", did);
        return this;
    }

    private void answer(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            switch (exchange.getRequestMethod() + " " + path) {
                case "GET /.well-known/oauth-protected-resource":
                    metadataFetches.incrementAndGet();
                    respond(exchange, 200, protectedResource, null);
                    return;
                case "GET /.well-known/oauth-authorization-server":
                    metadataFetches.incrementAndGet();
                    respond(exchange, 200, metadata, null);
                    return;
                case "POST /oauth/par":
                    if (demandNonce(exchange, parRequests)) {
                        return;
                    }
                    if (parError != null) {
                        respond(exchange, 400, parError, NONCE);
                        return;
                    }
                    respond(exchange, 201, JSON.createObjectNode()
                            .put("request_uri", "urn:ietf:params:oauth:request_uri:req-" + parRequests.size())
                            .put("expires_in", 299), NONCE);
                    return;
                case "POST /oauth/token":
                    if (demandNonce(exchange, tokenRequests)) {
                        return;
                    }
                    respond(exchange, 200, tokenResponse, NONCE);
                    return;
                default:
                    respond(exchange, 404, JSON.createObjectNode().put("error", "not_found"), null);
            }
        }
    }

    /** Records the request; answers {@code use_dpop_nonce} when its proof lacks the current nonce. */
    private boolean demandNonce(HttpExchange exchange, List<Recorded> log) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String dpop = exchange.getRequestHeaders().getFirst("DPoP");
        log.add(new Recorded(form(body), dpop));
        String nonce;
        try {
            nonce = dpop == null ? null
                    : (String) com.nimbusds.jwt.SignedJWT.parse(dpop).getJWTClaimsSet().getClaim("nonce");
        } catch (java.text.ParseException e) {
            nonce = null;
        }
        if (!NONCE.equals(nonce)) {
            respond(exchange, 400, JSON.createObjectNode().put("error", "use_dpop_nonce")
                    .put("error_description", "Authorization server requires nonce in DPoP proof"), NONCE);
            return true;
        }
        return false;
    }

    private static Map<String, String> form(String body) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            int equals = pair.indexOf('=');
            if (equals > 0) {
                fields.put(URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
            }
        }
        return fields;
    }

    private static void respond(HttpExchange exchange, int status, ObjectNode json, String nonce) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(json);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        if (nonce != null) {
            exchange.getResponseHeaders().set("DPoP-Nonce", nonce);
        }
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    List<String> parFormValues(String name) {
        List<String> values = new ArrayList<>();
        parRequests.forEach(request -> values.add(request.form().get(name)));
        return values;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
