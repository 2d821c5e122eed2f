package social.waddle.atproto.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;

import social.waddle.atproto.AtprotoException;
import social.waddle.atproto.AtprotoException.Failure;

class SafeHttpClientTest {

    private static final Duration FAST_ENOUGH = Duration.ofSeconds(5);

    private final List<AutoCloseable> cleanup = new ArrayList<>();
    private HttpServer server;
    private URI base;
    private SafeHttpClient client;

    @BeforeEach
    void startServer() throws IOException {
        server = startHttpServer("127.0.0.1");
        base = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        client = clientFor(loopbackPolicy().build());
    }

    @AfterEach
    void stopEverything() throws Exception {
        server.stop(0);
        for (AutoCloseable closeable : cleanup) {
            closeable.close();
        }
    }

    @Test
    void getsJsonWithUserAgentAndAcceptHeaders() throws Exception {
        Map<String, String> seen = new ConcurrentHashMap<>();
        route(server, "/doc", exchange -> {
            seen.put("ua", exchange.getRequestHeaders().getFirst("User-Agent"));
            seen.put("accept", exchange.getRequestHeaders().getFirst("Accept"));
            respond(exchange, 200, "application/json; charset=utf-8", "{\"ok\":true}");
        });

        SafeHttpResponse response = client.send(SafeHttpRequest.get(base.resolve("/doc")).accepting("application/json"));

        assertThat(response.status()).isEqualTo(200);
        assertThat(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo("{\"ok\":true}");
        assertThat(response.finalUri()).isEqualTo(base.resolve("/doc"));
        assertThat(response.mediaType()).contains("application/json");
        assertThat(seen).containsEntry("accept", "application/json");
        assertThat(seen.get("ua")).startsWith("Waddle-Openfire/");
    }

    @Test
    void postsJsonWithCallerHeaders() throws Exception {
        Map<String, String> seen = new ConcurrentHashMap<>();
        route(server, "/xrpc/x.y.z", exchange -> {
            seen.put("body", new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            seen.put("type", exchange.getRequestHeaders().getFirst("Content-Type"));
            seen.put("auth", exchange.getRequestHeaders().getFirst("Authorization"));
            seen.put("method", exchange.getRequestMethod());
            respond(exchange, 200, "application/json", "{}");
        });

        client.send(SafeHttpRequest.postJson(base.resolve("/xrpc/x.y.z"), "{\"a\":1}".getBytes(StandardCharsets.UTF_8))
                .withHeader("Authorization", "Bearer secret"));

        assertThat(seen).containsEntry("body", "{\"a\":1}").containsEntry("type", "application/json")
                .containsEntry("auth", "Bearer secret").containsEntry("method", "POST");
    }

    @Test
    void refusesUnexpectedContentTypeOnSuccess() {
        route(server, "/doc", exchange -> respond(exchange, 200, "text/html", "<html>hi</html>"));

        AtprotoException failure = failureOf(() -> client.send(
                SafeHttpRequest.get(base.resolve("/doc")).accepting("application/json", "text/plain")));

        assertThat(failure.failure()).isEqualTo(Failure.MALFORMED_DOCUMENT);
        assertThat(failure.getMessage()).contains("text/html").contains("127.0.0.1");
    }

    @Test
    void returnsErrorStatusesWhateverTheirContentType() throws Exception {
        route(server, "/doc", exchange -> respond(exchange, 502, "text/html", "<html>bad gateway</html>"));

        SafeHttpResponse response = client.send(SafeHttpRequest.get(base.resolve("/doc")).accepting("application/json"));

        assertThat(response.status()).isEqualTo(502);
    }

    @Test
    void refusesAnnouncedOversizedBodyWithoutReadingIt() {
        long fiftyMegabytes = 50L * 1024 * 1024;
        AtomicLong written = new AtomicLong();
        route(server, "/big", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, fiftyMegabytes);
            writeUntilRefused(exchange.getResponseBody(), fiftyMegabytes, written);
        });

        AtprotoException failure = timedFailureOf(() -> client.send(SafeHttpRequest.get(base.resolve("/big"))
                .withMaxResponseBytes(64 * 1024).describedAs("DID document")));

        assertThat(failure.failure()).isEqualTo(Failure.TOO_LARGE);
        assertThat(failure.getMessage()).contains("DID document").contains("65536").contains("52428800");
    }

    @Test
    void stopsReadingAStreamedFiftyMegabyteBodyAtTheCap() throws Exception {
        long fiftyMegabytes = 50L * 1024 * 1024;
        AtomicLong written = new AtomicLong();
        CountDownLatch serverDone = new CountDownLatch(1);
        route(server, "/big", exchange -> {
            try {
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, 0);
                writeUntilRefused(exchange.getResponseBody(), fiftyMegabytes, written);
            } finally {
                serverDone.countDown();
            }
        });

        AtprotoException failure = timedFailureOf(() -> client.send(SafeHttpRequest.get(base.resolve("/big"))
                .withMaxResponseBytes(64 * 1024)));

        assertThat(failure.failure()).isEqualTo(Failure.TOO_LARGE);
        assertThat(failure.getMessage()).contains("65536");
        assertThat(serverDone.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(written.get()).isLessThan(fiftyMegabytes);
    }

    @Test
    void slowDripBodyHitsTheTotalTimeout() throws Exception {
        ServerSocket socketServer = rawServer();
        ScheduledExecutorService drip = Executors.newSingleThreadScheduledExecutor();
        cleanup.add(drip::shutdownNow);
        acceptOnce(socketServer, socket -> {
            OutputStream out = socket.getOutputStream();
            out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            drip.scheduleAtFixedRate(() -> {
                try {
                    out.write(' ');
                    out.flush();
                } catch (IOException closed) {
                    drip.shutdown();
                }
            }, 0, 200, TimeUnit.MILLISECONDS);
        });
        SafeHttpClient dripClient = clientFor(loopbackPolicy().readTimeout(Duration.ofSeconds(1))
                .totalTimeout(Duration.ofSeconds(2)).build());

        long started = System.nanoTime();
        AtprotoException failure = failureOf(() -> dripClient.send(
                SafeHttpRequest.get(URI.create("http://127.0.0.1:" + socketServer.getLocalPort() + "/slow"))));

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isBetween(Duration.ofMillis(1500), FAST_ENOUGH);
        assertThat(failure.failure()).isEqualTo(Failure.TIMEOUT);
        assertThat(failure.getMessage()).contains("total timeout of 2 s");
    }

    @Test
    void silentServerHitsTheReadTimeout() throws Exception {
        ServerSocket socketServer = rawServer();
        acceptOnce(socketServer, socket -> socket.getInputStream().read());
        SafeHttpClient silentClient = clientFor(loopbackPolicy().readTimeout(Duration.ofSeconds(1)).build());

        AtprotoException failure = timedFailureOf(() -> silentClient.send(
                SafeHttpRequest.get(URI.create("http://127.0.0.1:" + socketServer.getLocalPort() + "/"))));

        assertThat(failure.failure()).isEqualTo(Failure.TIMEOUT);
    }

    @Test
    void garbageResponseFailsAsNetwork() throws Exception {
        ServerSocket socketServer = rawServer();
        acceptOnce(socketServer, socket -> {
            socket.getOutputStream().write("\u0000\u0001garbage\r\n\r\nmore".getBytes(StandardCharsets.ISO_8859_1));
            socket.close();
        });

        AtprotoException failure = timedFailureOf(() -> client.send(
                SafeHttpRequest.get(URI.create("http://127.0.0.1:" + socketServer.getLocalPort() + "/"))));

        assertThat(failure.failure()).isEqualTo(Failure.NETWORK);
    }

    @Test
    void refusedConnectionFailsAsNetwork() throws Exception {
        int closedPort;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            closedPort = probe.getLocalPort();
        }

        AtprotoException failure = timedFailureOf(() -> client.send(
                SafeHttpRequest.get(URI.create("http://127.0.0.1:" + closedPort + "/"))));

        assertThat(failure.failure()).isEqualTo(Failure.NETWORK);
        assertThat(failure.getMessage()).contains("127.0.0.1:" + closedPort).doesNotContain("null")
                .contains("server is running");
    }

    @Test
    void followsSameOriginRedirectKeepingAuthorization() throws Exception {
        Map<String, String> seen = new ConcurrentHashMap<>();
        route(server, "/a", exchange -> redirect(exchange, 302, "/b"));
        route(server, "/b", exchange -> {
            seen.put("auth", String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
            respond(exchange, 200, "text/plain", "did:plc:abc");
        });

        SafeHttpResponse response = client.send(SafeHttpRequest.get(base.resolve("/a"))
                .withHeader("Authorization", "Bearer t").accepting("text/plain"));

        assertThat(response.finalUri()).isEqualTo(base.resolve("/b"));
        assertThat(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo("did:plc:abc");
        assertThat(seen).containsEntry("auth", "Bearer t");
    }

    @Test
    void dropsAuthorizationWhenARedirectLeavesTheOrigin() throws Exception {
        HttpServer other = startHttpServer("127.0.0.1");
        cleanup.add(() -> other.stop(0));
        Map<String, String> seen = new ConcurrentHashMap<>();
        route(other, "/b", exchange -> {
            seen.put("auth", String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
            respond(exchange, 200, "text/plain", "ok");
        });
        route(server, "/a", exchange -> redirect(exchange, 307,
                "http://127.0.0.1:" + other.getAddress().getPort() + "/b"));

        client.send(SafeHttpRequest.get(base.resolve("/a")).withHeader("Authorization", "Bearer t"));

        assertThat(seen).containsEntry("auth", "null");
    }

    @Test
    void givesUpOnRedirectLoopsBeyondTheCap() {
        AtomicInteger hits = new AtomicInteger();
        route(server, "/loop", exchange -> {
            hits.incrementAndGet();
            redirect(exchange, 302, "/loop");
        });

        AtprotoException failure = timedFailureOf(() -> client.send(SafeHttpRequest.get(base.resolve("/loop"))));

        assertThat(failure.failure()).isEqualTo(Failure.HTTP_STATUS);
        assertThat(failure.getMessage()).contains("3 redirects");
        assertThat(hits).hasValue(4);
    }

    @Test
    void refusesRedirectToLoopbackThatIsNotAllowlisted() throws Exception {
        HttpServer elsewhere = startHttpServer("127.0.0.2");
        cleanup.add(() -> elsewhere.stop(0));
        route(elsewhere, "/a", exchange -> redirect(exchange, 302, "http://127.0.0.1/admin"));
        SafeHttpClient strictClient = clientFor(OutboundPolicy.builder().allowPlainHttp("127.0.0.1")
                .allowPlainHttp("127.0.0.2").allowAddress("127.0.0.2").build());

        AtprotoException failure = timedFailureOf(() -> strictClient.send(SafeHttpRequest.get(
                URI.create("http://127.0.0.2:" + elsewhere.getAddress().getPort() + "/a"))));

        assertThat(failure.failure()).isEqualTo(Failure.FORBIDDEN_ADDRESS);
        assertThat(failure.getMessage()).contains("127.0.0.1").contains("loopback").contains("allowed outbound addresses");
    }

    @Test
    void refusesRedirectToTheMetadataServiceWhenNotAllowlisted() {
        route(server, "/a", exchange -> redirect(exchange, 302, "http://169.254.169.254/latest/meta-data/"));
        SafeHttpClient metadataHttpClient = clientFor(loopbackPolicy().allowPlainHttp("169.254.169.254").build());

        AtprotoException failure = timedFailureOf(() -> metadataHttpClient.send(SafeHttpRequest.get(base.resolve("/a"))));

        assertThat(failure.failure()).isEqualTo(Failure.FORBIDDEN_ADDRESS);
        assertThat(failure.getMessage()).contains("169.254.169.254").contains("cloud metadata");
    }

    @Test
    void refusesRedirectToTheMetadataHostName() {
        route(server, "/a", exchange -> redirect(exchange, 302, "https://metadata.google.internal/computeMetadata/v1/"));

        AtprotoException failure = timedFailureOf(() -> client.send(SafeHttpRequest.get(base.resolve("/a"))));

        assertThat(failure.failure()).isEqualTo(Failure.FORBIDDEN_ADDRESS);
        assertThat(failure.getMessage()).contains("metadata.google.internal");
    }

    @Test
    void refusesHttpsToHttpDowngrade() throws Exception {
        SelfSignedTls tls = SelfSignedTls.create();
        cleanup.add(tls);
        HttpServer plain = server;
        route(plain, "/target", exchange -> respond(exchange, 200, "text/plain", "should not be reached"));
        tls.route("/start", exchange -> redirect(exchange, 302, base.resolve("/target").toString()));
        route(tls.server(), "/ok", exchange -> respond(exchange, 200, "application/json", "{}"));
        // Generous timeouts: the first TLS handshake of a JVM can take seconds on a loaded machine, and the test is
        // about where the redirect leads, not about time.
        SafeHttpClient tlsClient = new SafeHttpClient(loopbackPolicy().connectTimeout(Duration.ofSeconds(10))
                .readTimeout(Duration.ofSeconds(20)).totalTimeout(Duration.ofSeconds(30)).build(), HostResolver.system(),
                tls.clientContext());
        cleanup.add(tlsClient);

        SafeHttpResponse direct = tlsClient.send(SafeHttpRequest.get(tls.uri("/ok")).accepting("application/json"));
        AtprotoException failure = failureOf(() -> tlsClient.send(SafeHttpRequest.get(tls.uri("/start"))));

        assertThat(direct.status()).isEqualTo(200);
        assertThat(failure.failure()).isEqualTo(Failure.FORBIDDEN_ADDRESS);
        assertThat(failure.getMessage()).contains("from https to http");
    }

    @Test
    void refusesPlainHttpToHostsNotConfiguredForIt() {
        AtomicBoolean resolved = new AtomicBoolean();
        SafeHttpClient strictClient = clientFor(OutboundPolicy.defaults(), host -> {
            resolved.set(true);
            throw new UnknownHostException(host);
        });

        AtprotoException failure = timedFailureOf(() -> strictClient.send(
                SafeHttpRequest.get(URI.create("http://pds.example.com/xrpc/_health"))));

        assertThat(failure.failure()).isEqualTo(Failure.FORBIDDEN_ADDRESS);
        assertThat(failure.getMessage()).contains("pds.example.com:80").contains("plain-http hosts");
        assertThat(resolved).isFalse();
    }

    @Test
    void refusesUnsupportedSchemes() {
        AtprotoException failure = timedFailureOf(() -> client.send(SafeHttpRequest.get(URI.create("ftp://127.0.0.1/x"))));

        assertThat(failure.failure()).isEqualTo(Failure.FORBIDDEN_ADDRESS);
    }

    @Test
    void refusesAHostThatResolvesToAPrivateAddress() {
        SafeHttpClient resolvingClient = clientFor(OutboundPolicy.defaults(),
                host -> host.equals("handle.example") ? List.of(InetAddress.getByName("10.0.0.5")) : List.of());

        AtprotoException failure = timedFailureOf(() -> resolvingClient.send(
                SafeHttpRequest.get(URI.create("https://handle.example/.well-known/atproto-did"))));

        assertThat(failure.failure()).isEqualTo(Failure.FORBIDDEN_ADDRESS);
        assertThat(failure.getMessage()).contains("handle.example").contains("10.0.0.5").contains("private network");
    }

    @Test
    void refusesAHostWhenAnyOfItsAddressesIsForbidden() {
        SafeHttpClient resolvingClient = clientFor(OutboundPolicy.defaults(), host -> List.of(
                InetAddress.getByName("93.184.216.34"), InetAddress.getByName("fd00:ec2::254")));

        AtprotoException failure = timedFailureOf(() -> resolvingClient.send(
                SafeHttpRequest.get(URI.create("https://rebind.example/"))));

        assertThat(failure.failure()).isEqualTo(Failure.FORBIDDEN_ADDRESS);
        assertThat(failure.getMessage()).contains("fd00:ec2:0:0:0:0:0:254").contains("cloud metadata");
    }

    @Test
    void refusesIpv4MappedLiteralOfTheMetadataService() {
        AtprotoException failure = timedFailureOf(() -> client.send(
                SafeHttpRequest.get(URI.create("https://[::ffff:169.254.169.254]/latest/"))));

        assertThat(failure.failure()).isEqualTo(Failure.FORBIDDEN_ADDRESS);
    }

    @Test
    void boundsAHangingHostLookupByTheTotalTimeout() {
        CountDownLatch never = new CountDownLatch(1);
        cleanup.add(never::countDown);
        SafeHttpClient hangingClient = clientFor(loopbackPolicy().totalTimeout(Duration.ofSeconds(1)).build(), host -> {
            try {
                never.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new UnknownHostException(host);
        });

        AtprotoException failure = timedFailureOf(() -> hangingClient.send(
                SafeHttpRequest.get(URI.create("https://slow-dns.example/"))));

        assertThat(failure.failure()).isEqualTo(Failure.TIMEOUT);
        assertThat(failure.getMessage()).contains("slow-dns.example");
    }

    // --- helpers ---

    private static OutboundPolicy.Builder loopbackPolicy() {
        return OutboundPolicy.builder().allowPlainHttp("127.0.0.1").allowAddress("127.0.0.1")
                .connectTimeout(Duration.ofSeconds(1)).readTimeout(Duration.ofSeconds(2))
                .totalTimeout(Duration.ofSeconds(3));
    }

    private SafeHttpClient clientFor(OutboundPolicy policy) {
        return clientFor(policy, HostResolver.system());
    }

    private SafeHttpClient clientFor(OutboundPolicy policy, HostResolver resolver) {
        SafeHttpClient created = new SafeHttpClient(policy, resolver);
        cleanup.add(created);
        return created;
    }

    static HttpServer startHttpServer(String bindAddress) throws IOException {
        HttpServer created = HttpServer.create(new InetSocketAddress(InetAddress.getByName(bindAddress), 0), 0);
        ExecutorService executor = Executors.newCachedThreadPool();
        created.setExecutor(executor);
        created.start();
        return created;
    }

    static void route(HttpServer target, String path, HttpHandler handler) {
        target.createContext(path, exchange -> {
            try {
                handler.handle(exchange);
            } catch (IOException clientWentAway) {
                // the client may close early on purpose (caps, timeouts)
            } finally {
                exchange.close();
            }
        });
    }

    static void respond(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private static void redirect(HttpExchange exchange, int status, String location) throws IOException {
        exchange.getResponseHeaders().add("Location", location);
        exchange.sendResponseHeaders(status, -1);
    }

    private static void writeUntilRefused(OutputStream out, long total, AtomicLong written) throws IOException {
        byte[] chunk = new byte[64 * 1024];
        while (written.get() < total) {
            out.write(chunk);
            written.addAndGet(chunk.length);
        }
    }

    private ServerSocket rawServer() throws IOException {
        ServerSocket socketServer = new ServerSocket(0, 10, InetAddress.getByName("127.0.0.1"));
        cleanup.add(socketServer);
        return socketServer;
    }

    private interface SocketHandler {
        void handle(Socket socket) throws IOException;
    }

    private void acceptOnce(ServerSocket socketServer, SocketHandler handler) {
        Thread acceptor = new Thread(() -> {
            try {
                Socket socket = socketServer.accept();
                cleanup.add(socket);
                InputStream in = socket.getInputStream();
                readRequestHead(in);
                handler.handle(socket);
            } catch (IOException ignored) {
                // server closed at the end of the test
            }
        }, "test-raw-server");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    private static void readRequestHead(InputStream in) throws IOException {
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        int next;
        while (matched < 4 && (next = in.read()) != -1) {
            matched = next == end[matched] ? matched + 1 : (next == '\r' ? 1 : 0);
        }
    }

    private interface Call {
        void run() throws Exception;
    }

    private static AtprotoException failureOf(Call call) {
        return catchThrowableOfType(AtprotoException.class, call::run);
    }

    private static AtprotoException timedFailureOf(Call call) {
        long started = System.nanoTime();
        AtprotoException failure = failureOf(call);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(FAST_ENOUGH);
        assertThat(failure).as("expected an AtprotoException").isNotNull();
        return failure;
    }
}
