package social.waddle.login;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.interfaces.ECPublicKey;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import social.waddle.atproto.AtprotoException;
import social.waddle.atproto.crypto.KeyType;
import social.waddle.atproto.crypto.PublicKeys;

/**
 * A PLC directory, a {@code resolveHandle} service and a PDS in one JDK HTTP server on 127.0.0.1, answering with
 * canned JSON and counting the PDS calls. Accounts are mutable so a test can change what the network says.
 */
final class FakeAtprotoNetwork implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One account as the network knows it. Fields are read on every request. */
    static final class Account {
        final String did;
        final KeyPair keys = TestTokens.secp256k1();
        volatile String claimedHandle;
        volatile boolean handleResolvesBack = true;
        volatile String password;
        volatile String pdsEndpoint;
        volatile String displayName;
        volatile boolean active = true;
        volatile String status;
        volatile String sessionDid;
        volatile int createSessionStatus;
        volatile String createSessionError;
        /** Runs inside the PDS while it handles createSession: what happens elsewhere during a password check. */
        volatile Runnable duringCreateSession = () -> { };

        Account(String did, String claimedHandle, String password) {
            this.did = did;
            this.claimedHandle = claimedHandle;
            this.password = password;
        }

        /** The next createSession calls answer with this XRPC error. */
        Account refuseSessions(int status, String errorName) {
            this.createSessionStatus = status;
            this.createSessionError = errorName;
            return this;
        }
    }

    private final HttpServer server;
    private final Map<String, Account> accounts = new ConcurrentHashMap<>();
    private final AtomicInteger createSessionCalls = new AtomicInteger();
    private final AtomicInteger getRecordCalls = new AtomicInteger();
    private final AtomicInteger documentFetches = new AtomicInteger();
    private volatile boolean plcDown;
    private volatile boolean pdsDown;

    FakeAtprotoNetwork() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/plc/", this::document);
        server.createContext("/.well-known/did.json", this::document);
        server.createContext("/xrpc/com.atproto.identity.resolveHandle", this::resolveHandle);
        server.createContext("/xrpc/com.atproto.server.createSession", this::createSession);
        server.createContext("/xrpc/com.atproto.repo.getRecord", this::getRecord);
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    /** The service root: PDS and resolveHandle service. */
    URI base() {
        return URI.create("http://127.0.0.1:" + port());
    }

    URI plcDirectory() {
        return URI.create(base() + "/plc");
    }

    Account add(String did, String claimedHandle, String password) {
        Account account = new Account(did, claimedHandle, password);
        account.pdsEndpoint = base().toString();
        accounts.put(did, account);
        return account;
    }

    int createSessionCalls() {
        return createSessionCalls.get();
    }

    int getRecordCalls() {
        return getRecordCalls.get();
    }

    int documentFetches() {
        return documentFetches.get();
    }

    void plcDown(boolean down) {
        plcDown = down;
    }

    void pdsDown(boolean down) {
        pdsDown = down;
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }

    // ---- handlers ------------------------------------------------------------------------------------------

    private void document(HttpExchange exchange) throws IOException {
        documentFetches.incrementAndGet();
        if (plcDown) {
            send(exchange, 503, "text/plain", "PLC is down for maintenance");
            return;
        }
        String path = exchange.getRequestURI().getPath();
        String did = path.startsWith("/plc/")
                ? URLDecoder.decode(path.substring("/plc/".length()), StandardCharsets.UTF_8)
                : "did:web:localhost%3A" + port();
        Account account = accounts.get(did);
        if (account == null) {
            send(exchange, 404, "application/json", "{\"message\":\"DID not registered: " + did + "\"}");
            return;
        }
        ObjectNode document = JSON.createObjectNode();
        document.putArray("@context").add("https://www.w3.org/ns/did/v1").add("https://w3id.org/security/multikey/v1");
        document.put("id", did);
        if (account.claimedHandle != null) {
            document.putArray("alsoKnownAs").add("at://" + account.claimedHandle);
        }
        document.putArray("verificationMethod").addObject()
                .put("id", did + "#atproto")
                .put("type", "Multikey")
                .put("controller", did)
                .put("publicKeyMultibase", multikey(account.keys));
        document.putArray("service").addObject()
                .put("id", "#atproto_pds")
                .put("type", "AtprotoPersonalDataServer")
                .put("serviceEndpoint", account.pdsEndpoint);
        send(exchange, 200, "application/json", JSON.writeValueAsString(document));
    }

    private void resolveHandle(HttpExchange exchange) throws IOException {
        String handle = query(exchange).get("handle");
        Optional<Account> owner = accounts.values().stream()
                .filter(account -> account.handleResolvesBack && handle != null && handle.equals(account.claimedHandle))
                .findFirst();
        if (owner.isEmpty()) {
            send(exchange, 400, "application/json", "{\"error\":\"InvalidRequest\",\"message\":\"Unable to resolve handle\"}");
            return;
        }
        send(exchange, 200, "application/json", "{\"did\":\"" + owner.get().did + "\"}");
    }

    private void createSession(HttpExchange exchange) throws IOException {
        createSessionCalls.incrementAndGet();
        if (pdsDown) {
            send(exchange, 502, "text/html", "<html>Bad gateway</html>");
            return;
        }
        JsonNode input = JSON.readTree(exchange.getRequestBody());
        Account account = accounts.get(input.path("identifier").asText());
        if (account != null) {
            account.duringCreateSession.run();
        }
        if (account != null && account.createSessionError != null) {
            send(exchange, account.createSessionStatus, "application/json", "{\"error\":\"" + account.createSessionError
                    + "\",\"message\":\"Refused by the fake PDS\"}");
            return;
        }
        if (account == null || !account.password.equals(input.path("password").asText())) {
            send(exchange, 401, "application/json",
                    "{\"error\":\"AuthenticationRequired\",\"message\":\"Invalid identifier or password\"}");
            return;
        }
        ObjectNode session = JSON.createObjectNode()
                .put("did", account.sessionDid != null ? account.sessionDid : account.did)
                .put("handle", account.claimedHandle == null ? "handle.invalid" : account.claimedHandle)
                .put("accessJwt", "access-" + account.did)
                .put("refreshJwt", "refresh-" + account.did)
                .put("active", account.active);
        if (account.status != null) {
            session.put("status", account.status);
        }
        send(exchange, 200, "application/json", JSON.writeValueAsString(session));
    }

    private void getRecord(HttpExchange exchange) throws IOException {
        getRecordCalls.incrementAndGet();
        Map<String, String> query = query(exchange);
        Account account = accounts.get(query.get("repo"));
        if (pdsDown) {
            send(exchange, 502, "text/html", "<html>Bad gateway</html>");
            return;
        }
        if (account == null || account.displayName == null || !"app.bsky.actor.profile".equals(query.get("collection"))
                || !"self".equals(query.get("rkey"))) {
            send(exchange, 400, "application/json", "{\"error\":\"RecordNotFound\",\"message\":\"Could not locate record\"}");
            return;
        }
        ObjectNode record = JSON.createObjectNode()
                .put("uri", "at://" + account.did + "/app.bsky.actor.profile/self")
                .put("cid", "bafyreifake");
        record.putObject("value").put("$type", "app.bsky.actor.profile").put("displayName", account.displayName);
        send(exchange, 200, "application/json", JSON.writeValueAsString(record));
    }

    private static Map<String, String> query(HttpExchange exchange) {
        Map<String, String> parameters = new HashMap<>();
        String raw = exchange.getRequestURI().getRawQuery();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int equals = pair.indexOf('=');
                if (equals > 0) {
                    parameters.put(URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
                            URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return parameters;
    }

    private static void send(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    static String multikey(KeyPair keys) {
        ECPublicKey key = (ECPublicKey) keys.getPublic();
        byte[] uncompressed = new byte[65];
        uncompressed[0] = 0x04;
        copy32(key.getW().getAffineX(), uncompressed, 1);
        copy32(key.getW().getAffineY(), uncompressed, 33);
        try {
            return PublicKeys.fromEncodedPoint(KeyType.SECP256K1, uncompressed).multikey();
        } catch (AtprotoException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void copy32(BigInteger value, byte[] target, int offset) {
        byte[] bytes = value.toByteArray();
        int length = Math.min(bytes.length, 32);
        System.arraycopy(bytes, bytes.length - length, target, offset + 32 - length, length);
    }
}
