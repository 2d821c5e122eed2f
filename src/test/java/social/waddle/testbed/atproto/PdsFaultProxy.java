package social.waddle.testbed.atproto;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A loopback HTTP front for the local network's PDS that misbehaves on request, for one DID's profile calls only.
 *
 * <p>Two listeners on 127.0.0.1: a PLC front that passes DID documents through from the real PLC directory with the
 * PDS endpoint replaced by the PDS front (so a plugin whose {@code waddle.identity.plcDirectory} is {@link #plcUrl()}
 * sends every PDS call of every account here), and the PDS front, which passes every request through to the real PDS
 * unless a {@link Fault} is set for the DID of a {@code com.atproto.repo.getRecord} of {@code app.bsky.actor.profile}
 * or a {@code com.atproto.sync.getBlob}. Logins ({@code createSession}) and everything else always pass through.
 */
public final class PdsFaultProxy implements AutoCloseable {

    /** What the PDS front does with one DID's profile calls. */
    public enum Fault {
        /** Passes them through. */
        NONE,
        /** Holds the profile record's answer for {@link #SLOW_DELAY}, then passes it through. */
        SLOW,
        /** Answers the profile record with HTTP 200, {@code application/json}, and bytes that are not JSON. */
        GARBAGE,
        /** Passes the record through with its avatar's {@code size} changed to {@link #TEN_MEGABYTES}. */
        HUGE_DECLARED_AVATAR,
        /** Answers the avatar blob with {@link #TEN_MEGABYTES} bytes that start like a PNG. */
        HUGE_AVATAR_BLOB
    }

    public static final Duration SLOW_DELAY = Duration.ofSeconds(30);
    public static final int TEN_MEGABYTES = 10 * 1024 * 1024;
    static final String PROFILE = "app.bsky.actor.profile";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> UNFORWARDED_HEADERS = Set.of("host", "connection", "content-length", "expect",
            "upgrade", "transfer-encoding", "keep-alive", "http2-settings");

    private final AtprotoNetwork network;
    private final HttpServer plc;
    private final HttpServer pds;
    private final ExecutorService threads = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "pds-fault-proxy");
        thread.setDaemon(true);
        return thread;
    });
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final Map<String, Fault> faults = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    private final CountDownLatch closing = new CountDownLatch(1);

    private PdsFaultProxy(AtprotoNetwork network) throws IOException {
        this.network = network;
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        this.plc = HttpServer.create(new InetSocketAddress(loopback, 0), 50);
        this.pds = HttpServer.create(new InetSocketAddress(loopback, 0), 50);
        plc.createContext("/", this::plcRequest);
        pds.createContext("/", this::pdsRequest);
        plc.setExecutor(threads);
        pds.setExecutor(threads);
        plc.start();
        pds.start();
    }

    public static PdsFaultProxy start(AtprotoNetwork network) {
        try {
            return new PdsFaultProxy(network);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the loopback PDS front", e);
        }
    }

    /** What to give the plugin as {@code waddle.identity.plcDirectory}. */
    public URI plcUrl() {
        return URI.create("http://127.0.0.1:" + plc.getAddress().getPort());
    }

    /** The PDS endpoint the DID documents name through {@link #plcUrl()}. */
    public URI pdsUrl() {
        return URI.create("http://127.0.0.1:" + pds.getAddress().getPort());
    }

    public void fault(String did, Fault fault) {
        faults.put(did, fault);
    }

    /** Requests of XRPC method {@code nsid} about {@code did} the PDS front received. */
    public int calls(String nsid, String did) {
        AtomicInteger count = calls.get(nsid + " " + did);
        return count == null ? 0 : count.get();
    }

    private void plcRequest(HttpExchange exchange) throws IOException {
        try (exchange) {
            HttpResponse<byte[]> answer = forward(exchange, network.plcUrl());
            byte[] body = answer.body();
            if (answer.statusCode() == 200) {
                body = new String(body, StandardCharsets.UTF_8)
                        .replace(network.pdsUrl().toString(), pdsUrl().toString())
                        .replace(network.pdsLoopbackUrl().toString(), pdsUrl().toString())
                        .getBytes(StandardCharsets.UTF_8);
            }
            reply(exchange, answer.statusCode(), answer.headers().map(), body);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void pdsRequest(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
            boolean profileRecord = path.equals("/xrpc/com.atproto.repo.getRecord") && PROFILE.equals(query.get("collection"));
            boolean blob = path.equals("/xrpc/com.atproto.sync.getBlob");
            String did = profileRecord ? query.getOrDefault("repo", "") : blob ? query.getOrDefault("did", "") : "";
            if (profileRecord || blob) {
                calls.computeIfAbsent(path.substring("/xrpc/".length()) + " " + did, key -> new AtomicInteger())
                        .incrementAndGet();
            }
            Fault fault = faults.getOrDefault(did, Fault.NONE);
            if (profileRecord && fault == Fault.SLOW) {
                // The delay under test, cut short when the proxy closes.
                closing.await(SLOW_DELAY.toMillis(), TimeUnit.MILLISECONDS);
            }
            if (profileRecord && fault == Fault.GARBAGE) {
                reply(exchange, 200, Map.of("Content-Type", List.of("application/json")),
                        "\u0000\u00ff<html>{\"uri\": [not json".getBytes(StandardCharsets.ISO_8859_1));
                return;
            }
            if (blob && (fault == Fault.HUGE_AVATAR_BLOB || fault == Fault.HUGE_DECLARED_AVATAR)) {
                byte[] huge = new byte[TEN_MEGABYTES];
                byte[] signature = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
                System.arraycopy(signature, 0, huge, 0, signature.length);
                reply(exchange, 200, Map.of("Content-Type", List.of("image/png")), huge);
                return;
            }
            HttpResponse<byte[]> answer = forward(exchange, network.pdsLoopbackUrl());
            byte[] body = answer.body();
            if (profileRecord && fault == Fault.HUGE_DECLARED_AVATAR && answer.statusCode() == 200) {
                ObjectNode record = (ObjectNode) JSON.readTree(body);
                JsonNode avatar = record.path("value").path("avatar");
                if (avatar instanceof ObjectNode avatarRef) {
                    avatarRef.put("size", TEN_MEGABYTES);
                }
                body = JSON.writeValueAsBytes(record);
            }
            reply(exchange, answer.statusCode(), answer.headers().map(), body);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private HttpResponse<byte[]> forward(HttpExchange exchange, URI target) throws IOException, InterruptedException {
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        URI uri = target.resolve(exchange.getRequestURI().getRawPath()
                + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery()));
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60))
                .method(exchange.getRequestMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        exchange.getRequestHeaders().forEach((name, values) -> {
            if (!UNFORWARDED_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                values.forEach(value -> request.header(name, value));
            }
        });
        return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static void reply(HttpExchange exchange, int status, Map<String, List<String>> headers, byte[] body)
            throws IOException {
        headers.forEach((name, values) -> {
            if (!UNFORWARDED_HEADERS.contains(name.toLowerCase(Locale.ROOT)) && !name.startsWith(":")) {
                exchange.getResponseHeaders().put(name, values);
            }
        });
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        } catch (IOException e) {
            // The client gave up (its cap or timeout): what it does then is what the test looks at.
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> values = new HashMap<>();
        if (raw == null) {
            return values;
        }
        for (String pair : raw.split("&")) {
            int equals = pair.indexOf('=');
            if (equals > 0) {
                values.put(URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
            }
        }
        return values;
    }

    @Override
    public void close() {
        closing.countDown();
        plc.stop(0);
        pds.stop(0);
        threads.shutdownNow();
    }
}
