package social.waddle.atproto.xrpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import social.waddle.atproto.AtprotoException;
import social.waddle.atproto.AtprotoException.Failure;
import social.waddle.atproto.http.OutboundPolicy;
import social.waddle.atproto.http.SafeHttpClient;
import social.waddle.testbed.TestClock;

class XrpcClientTest {

    private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");

    private final TestClock clock = new TestClock(NOW);
    private final Map<String, Reply> replies = new ConcurrentHashMap<>();
    private final Map<String, String> lastRequest = new ConcurrentHashMap<>();
    private final AtomicInteger requests = new AtomicInteger();
    private HttpServer server;
    private SafeHttpClient http;
    private XrpcClient xrpc;
    private URI service;

    private record Reply(int status, String contentType, String body, Map<String, String> headers) {
    }

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/xrpc/", this::handle);
        server.start();
        service = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
        http = new SafeHttpClient(OutboundPolicy.builder().allowPlainHttp("127.0.0.1").allowAddress("127.0.0.1")
                .readTimeout(Duration.ofSeconds(2)).totalTimeout(Duration.ofSeconds(3)).build());
        xrpc = new XrpcClient(http, clock, 64 * 1024);
    }

    @AfterEach
    void stop() {
        server.stop(0);
        http.close();
    }

    @Test
    void createsASession() throws Exception {
        reply("com.atproto.server.createSession", 200, """
                {"did":"did:plc:abc123","handle":"alice.test","accessJwt":"access.jwt","refreshJwt":"refresh.jwt",
                 "email":"a@example.com","active":true}""");

        Session session = xrpc.createSession(service, "alice.test", "app-pass-word", "ABCDE-12345");

        assertThat(session.did()).isEqualTo("did:plc:abc123");
        assertThat(session.handle()).isEqualTo("alice.test");
        assertThat(session.accessJwt()).isEqualTo("access.jwt");
        assertThat(session.refreshJwt()).isEqualTo("refresh.jwt");
        assertThat(session.active()).isTrue();
        assertThat(session.toString()).doesNotContain("access.jwt").doesNotContain("refresh.jwt");
        assertThat(new ObjectMapper().readTree(lastRequest.get("body")))
                .isEqualTo(new ObjectMapper().readTree(
                        "{\"identifier\":\"alice.test\",\"password\":\"app-pass-word\",\"authFactorToken\":\"ABCDE-12345\"}"));
        assertThat(lastRequest).containsEntry("method", "POST");
    }

    @Test
    void reportsAnInactiveAccountSession() throws Exception {
        reply("com.atproto.server.createSession", 200, """
                {"did":"did:plc:abc123","handle":"alice.test","accessJwt":"a","refreshJwt":"r",
                 "active":false,"status":"deactivated"}""");

        Session session = xrpc.createSession(service, "alice.test", "pw");

        assertThat(session.active()).isFalse();
        assertThat(session.status()).contains("deactivated");
        assertThat(new ObjectMapper().readTree(lastRequest.get("body")).has("authFactorToken")).isFalse();
    }

    @Test
    void getsARecord() throws Exception {
        reply("com.atproto.repo.getRecord", 200, """
                {"uri":"at://did:plc:abc123/app.bsky.actor.profile/self","cid":"bafyrei",
                 "value":{"$type":"app.bsky.actor.profile","displayName":"Alice"}}""");

        RecordEntry record = xrpc.getRecord(service, "did:plc:abc123", "app.bsky.actor.profile", "self");

        assertThat(record.uri()).isEqualTo("at://did:plc:abc123/app.bsky.actor.profile/self");
        assertThat(record.cid()).contains("bafyrei");
        assertThat(record.value().get("displayName").asText()).isEqualTo("Alice");
        assertThat(lastRequest.get("query"))
                .isEqualTo("repo=did:plc:abc123&collection=app.bsky.actor.profile&rkey=self");
    }

    @Test
    void listsRecordsWithCursor() throws Exception {
        reply("com.atproto.repo.listRecords", 200, """
                {"cursor":"next-1","records":[
                  {"uri":"at://did:plc:abc123/social.waddle.x/1","cid":"c1","value":{"n":1}},
                  {"uri":"at://did:plc:abc123/social.waddle.x/2","cid":"c2","value":{"n":2}}]}""");

        RecordPage page = xrpc.listRecords(service, "did:plc:abc123", "social.waddle.x", 50, "a b&c");

        assertThat(page.records()).extracting(RecordEntry::uri).containsExactly(
                "at://did:plc:abc123/social.waddle.x/1", "at://did:plc:abc123/social.waddle.x/2");
        assertThat(page.cursor()).contains("next-1");
        assertThat(lastRequest.get("rawQuery")).endsWith("limit=50&cursor=a%20b%26c");
    }

    @Test
    void resolvesAHandle() throws Exception {
        reply("com.atproto.identity.resolveHandle", 200, "{\"did\":\"did:plc:abc123\"}");

        assertThat(xrpc.resolveHandle(service, "alice.test")).isEqualTo("did:plc:abc123");
        assertThat(lastRequest.get("query")).isEqualTo("handle=alice.test");
    }

    @ParameterizedTest(name = "{0} / HTTP {1} -> {2}, {3}")
    @CsvSource({
            "AuthenticationRequired, 401, AUTHENTICATION_REQUIRED, NOT_AUTHORIZED",
            "InvalidToken, 400, INVALID_TOKEN, NOT_AUTHORIZED",
            "ExpiredToken, 400, EXPIRED_TOKEN, NOT_AUTHORIZED",
            "AuthFactorTokenRequired, 401, AUTH_FACTOR_TOKEN_REQUIRED, XRPC_ERROR",
            "AccountTakedown, 401, ACCOUNT_TAKEDOWN, XRPC_ERROR",
            "AccountDeactivated, 401, ACCOUNT_DEACTIVATED, XRPC_ERROR",
            "InvalidRequest, 400, INVALID_REQUEST, XRPC_ERROR",
            "RecordNotFound, 400, RECORD_NOT_FOUND, NOT_FOUND",
            "SomethingNew, 400, OTHER, XRPC_ERROR",
            "SomethingNew, 401, OTHER, NOT_AUTHORIZED",
            "InternalServerError, 500, OTHER, HTTP_STATUS",
            "AuthenticationRequired, 503, AUTHENTICATION_REQUIRED, HTTP_STATUS",
    })
    void mapsXrpcErrors(String errorName, int status, XrpcError kind, Failure failure) {
        reply("com.atproto.server.createSession", status,
                "{\"error\":\"" + errorName + "\",\"message\":\"Told you\\nso\"}");

        XrpcException error = xrpcFailureOf(() -> xrpc.createSession(service, "alice.test", "wrong"));

        assertThat(error.kind()).isEqualTo(kind);
        assertThat(error.failure()).isEqualTo(failure);
        assertThat(error.errorName()).contains(errorName);
        assertThat(error.httpStatus()).isEqualTo(status);
        assertThat(error.getMessage()).contains("com.atproto.server.createSession").contains(errorName)
                .contains("HTTP " + status).contains("Told you so").doesNotContain("wrong");
    }

    @Test
    void mapsAnHtmlGatewayErrorToATemporaryHttpStatus() {
        replies.put("com.atproto.identity.resolveHandle", new Reply(502, "text/html", "<html>Bad gateway</html>", Map.of()));

        XrpcException error = xrpcFailureOf(() -> xrpc.resolveHandle(service, "alice.test"));

        assertThat(error.failure()).isEqualTo(Failure.HTTP_STATUS);
        assertThat(error.isTemporary()).isTrue();
        assertThat(error.errorName()).isEmpty();
    }

    @Test
    void pausesAMethodAfterARateLimitUntilTheResetWithoutCallingAgain() throws Exception {
        Instant reset = NOW.plusSeconds(300);
        replies.put("com.atproto.server.createSession", new Reply(429, "application/json",
                "{\"error\":\"RateLimitExceeded\",\"message\":\"Rate Limit Exceeded\"}",
                Map.of("ratelimit-limit", "30", "ratelimit-remaining", "0",
                        "ratelimit-reset", Long.toString(reset.getEpochSecond()))));
        reply("com.atproto.identity.resolveHandle", 200, "{\"did\":\"did:plc:abc123\"}");

        XrpcException first = xrpcFailureOf(() -> xrpc.createSession(service, "alice.test", "pw"));
        int afterFirst = requests.get();
        long started = System.nanoTime();
        XrpcException second = xrpcFailureOf(() -> xrpc.createSession(service, "alice.test", "pw"));
        long refusedInNanos = System.nanoTime() - started;
        String otherMethod = xrpc.resolveHandle(service, "alice.test");

        assertThat(first.failure()).isEqualTo(Failure.RATE_LIMITED);
        assertThat(first.kind()).isEqualTo(XrpcError.RATE_LIMIT_EXCEEDED);
        assertThat(first.retryAfter()).contains(reset);
        assertThat(second.failure()).isEqualTo(Failure.RATE_LIMITED);
        assertThat(second.retryAfter()).contains(reset);
        assertThat(second.getMessage()).contains("paused until " + reset).contains("not sent");
        assertThat(afterFirst).isEqualTo(1);
        assertThat(requests).hasValue(2);
        assertThat(Duration.ofNanos(refusedInNanos)).isLessThan(Duration.ofSeconds(1));
        assertThat(otherMethod).isEqualTo("did:plc:abc123");
        assertThat(xrpc.pausedUntil(service, "com.atproto.server.createSession")).contains(reset);
    }

    @Test
    void resumesAfterTheResetInstant() throws Exception {
        replies.put("com.atproto.server.createSession", new Reply(429, "application/json",
                "{\"error\":\"RateLimitExceeded\"}", Map.of("Retry-After", "120")));
        xrpcFailureOf(() -> xrpc.createSession(service, "alice.test", "pw"));
        reply("com.atproto.server.createSession", 200,
                "{\"did\":\"did:plc:abc123\",\"handle\":\"alice.test\",\"accessJwt\":\"a\",\"refreshJwt\":\"r\"}");

        clock.advance(Duration.ofSeconds(121));
        Session session = xrpc.createSession(service, "alice.test", "pw");

        assertThat(session.did()).isEqualTo("did:plc:abc123");
        assertThat(requests).hasValue(2);
    }

    @Test
    void capsAHostileRateLimitResetAtOneDay() {
        replies.put("com.atproto.server.createSession", new Reply(429, "application/json", "{}",
                Map.of("ratelimit-reset", "99999999999")));

        XrpcException error = xrpcFailureOf(() -> xrpc.createSession(service, "alice.test", "pw"));

        assertThat(error.retryAfter()).contains(NOW.plus(Duration.ofDays(1)));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"did\":\"did:plc:abc\"",
            "not json at all",
            "[\"did:plc:abc\"]",
            "{\"did\":42}",
            "{\"did\":\"not-a-did\"}",
            "{\"did\":\"did:plc:a\",\"did\":\"did:plc:b\"}",
            "{\"did\":\"did:plc:abc\"} trailing",
            ""})
    void refusesMalformedOrMistypedJson(String body) {
        reply("com.atproto.identity.resolveHandle", 200, body);

        AtprotoException failure = catchThrowableOfType(AtprotoException.class,
                () -> xrpc.resolveHandle(service, "alice.test"));

        assertThat(failure.failure()).isEqualTo(Failure.MALFORMED_DOCUMENT);
        assertThat(failure.getMessage()).contains("com.atproto.identity.resolveHandle");
    }

    @Test
    void refusesMistypedSessionFields() {
        reply("com.atproto.server.createSession", 200, """
                {"did":"did:plc:abc123","handle":"alice.test","accessJwt":"a","refreshJwt":"r","active":"yes"}""");

        AtprotoException failure = catchThrowableOfType(AtprotoException.class,
                () -> xrpc.createSession(service, "alice.test", "pw"));

        assertThat(failure.failure()).isEqualTo(Failure.MALFORMED_DOCUMENT);
        assertThat(failure.getMessage()).contains("'active'");
    }

    @Test
    void refusesRecordsWithoutAnObjectValue() {
        reply("com.atproto.repo.listRecords", 200, """
                {"records":[{"uri":"at://did:plc:abc123/x.y.z/1","cid":"c","value":"text"}]}""");

        AtprotoException failure = catchThrowableOfType(AtprotoException.class,
                () -> xrpc.listRecords(service, "did:plc:abc123", "x.y.z", 10, null));

        assertThat(failure.failure()).isEqualTo(Failure.MALFORMED_DOCUMENT);
        assertThat(failure.getMessage()).contains("'value'");
    }

    @Test
    void refusesAnswersLargerThanTheCap() {
        reply("com.atproto.repo.listRecords", 200, "{\"records\":[],\"pad\":\"" + "x".repeat(100_000) + "\"}");

        AtprotoException failure = catchThrowableOfType(AtprotoException.class,
                () -> xrpc.listRecords(service, "did:plc:abc123", "x.y.z", 10, null));

        assertThat(failure.failure()).isEqualTo(Failure.TOO_LARGE);
    }

    @Test
    void refusesSuccessfulAnswersThatAreNotJson() {
        replies.put("com.atproto.identity.resolveHandle", new Reply(200, "text/html", "<html/>", Map.of()));

        AtprotoException failure = catchThrowableOfType(AtprotoException.class,
                () -> xrpc.resolveHandle(service, "alice.test"));

        assertThat(failure.failure()).isEqualTo(Failure.MALFORMED_DOCUMENT);
        assertThat(failure.getMessage()).contains("text/html");
    }

    // --- helpers ---

    private void reply(String nsid, int status, String body) {
        replies.put(nsid, new Reply(status, "application/json", body, Map.of()));
    }

    private void handle(HttpExchange exchange) throws IOException {
        try {
            requests.incrementAndGet();
            String nsid = exchange.getRequestURI().getPath().substring("/xrpc/".length());
            lastRequest.put("method", exchange.getRequestMethod());
            lastRequest.put("query", String.valueOf(exchange.getRequestURI().getQuery()));
            lastRequest.put("rawQuery", String.valueOf(exchange.getRequestURI().getRawQuery()));
            lastRequest.put("body", new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            if (authorization != null) {
                lastRequest.put("authorization", authorization);
            }
            Reply reply = replies.getOrDefault(nsid, new Reply(501, "application/json",
                    "{\"error\":\"MethodNotImplemented\"}", Map.of()));
            byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", reply.contentType());
            reply.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
            exchange.sendResponseHeaders(reply.status(), bytes.length == 0 ? -1 : bytes.length);
            exchange.getResponseBody().write(bytes);
        } finally {
            exchange.close();
        }
    }

    private interface Call {
        void run() throws Exception;
    }

    private static XrpcException xrpcFailureOf(Call call) {
        XrpcException failure = catchThrowableOfType(XrpcException.class, call::run);
        assertThat(failure).as("expected an XrpcException").isNotNull();
        return failure;
    }

}
