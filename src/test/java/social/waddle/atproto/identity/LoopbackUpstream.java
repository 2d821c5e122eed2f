package social.waddle.atproto.identity;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import social.waddle.atproto.syntax.Handle;

/**
 * One plain-HTTP server on 127.0.0.1 that plays every upstream of identity resolution: the PLC directory
 * ({@code /<did>}), handle web servers ({@code /handles/<handle>/.well-known/atproto-did}), an XRPC
 * {@code com.atproto.identity.resolveHandle} service and a {@code did:web} host ({@code /.well-known/did.json}).
 * It counts every request by path and query, and can hold all answers until released.
 */
public final class LoopbackUpstream implements AutoCloseable {

    /** Answers one request; the exchange is closed afterwards. */
    @FunctionalInterface
    public interface Route {
        void answer(HttpExchange exchange) throws IOException;
    }

    private static final String RESOLVE_HANDLE = "/xrpc/com.atproto.identity.resolveHandle";
    private static final Duration LONGEST_HOLD = Duration.ofSeconds(20);

    private final HttpServer server;
    private final ExecutorService executor;
    private final Map<String, Route> routes = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();
    private final AtomicInteger totalRequests = new AtomicInteger();
    private final Object arrivals = new Object();
    private final CountDownLatch closing = new CountDownLatch(1);
    private volatile CountDownLatch hold;

    private LoopbackUpstream(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    public static LoopbackUpstream start() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 128);
        ExecutorService executor = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "loopback-upstream");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        LoopbackUpstream upstream = new LoopbackUpstream(server, executor);
        server.createContext("/", upstream::dispatch);
        server.start();
        return upstream;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** {@code http://127.0.0.1:<port>}: the PLC directory and the resolveHandle service. */
    public URI baseUri() {
        return URI.create("http://127.0.0.1:" + port());
    }

    /** Where this server plays {@code https://<handle>/.well-known/atproto-did}. */
    public URI wellKnownUri(Handle handle) {
        return URI.create(baseUri() + wellKnownPath(handle.toString()));
    }

    public static String wellKnownPath(String handle) {
        return "/handles/" + handle + "/.well-known/atproto-did";
    }

    public static String resolveHandlePath(String handle) {
        return RESOLVE_HANDLE + "?handle=" + handle;
    }

    public LoopbackUpstream document(String did, String json) {
        return route("/" + did, exchange -> respond(exchange, 200, "application/json", json));
    }

    public LoopbackUpstream didWebDocument(String json) {
        return route("/.well-known/did.json", exchange -> respond(exchange, 200, "application/json", json));
    }

    public LoopbackUpstream wellKnown(String handle, String did) {
        return route(wellKnownPath(handle), exchange -> respond(exchange, 200, "text/plain; charset=utf-8", did + "\n"));
    }

    public LoopbackUpstream xrpcHandle(String handle, String did) {
        return route(resolveHandlePath(handle),
                exchange -> respond(exchange, 200, "application/json", "{\"did\":\"" + did + "\"}"));
    }

    /** Answers requests for {@code pathAndQuery} (e.g. {@code /did:plc:…}) with {@code route}. */
    public LoopbackUpstream route(String pathAndQuery, Route route) {
        routes.put(pathAndQuery, route);
        return this;
    }

    /** How many requests came for {@code pathAndQuery} so far. */
    public int requests(String pathAndQuery) {
        AtomicInteger count = requests.get(pathAndQuery);
        return count == null ? 0 : count.get();
    }

    public int totalRequests() {
        return totalRequests.get();
    }

    public void resetCounts() {
        requests.clear();
        totalRequests.set(0);
    }

    /** From now on requests are counted but not answered until {@link #releaseAnswers()}. */
    public void holdAnswers() {
        hold = new CountDownLatch(1);
    }

    public void releaseAnswers() {
        CountDownLatch current = hold;
        hold = null;
        if (current != null) {
            current.countDown();
        }
    }

    /** Waits until at least {@code count} requests for {@code pathAndQuery} arrived; false at the deadline. */
    public boolean awaitRequests(String pathAndQuery, int count, Duration deadline) throws InterruptedException {
        long end = System.nanoTime() + deadline.toNanos();
        synchronized (arrivals) {
            while (requests(pathAndQuery) < count) {
                long left = end - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(arrivals, left);
            }
            return true;
        }
    }

    /** Waits up to {@code pause} unless the server is closing; for routes that answer slowly on purpose. */
    public void pause(Duration pause) throws InterruptedException {
        closing.await(pause.toNanos(), TimeUnit.NANOSECONDS);
    }

    public static void respond(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private void dispatch(HttpExchange exchange) {
        try {
            String query = exchange.getRequestURI().getRawQuery();
            String key = exchange.getRequestURI().getRawPath() + (query == null ? "" : "?" + query);
            totalRequests.incrementAndGet();
            requests.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
            synchronized (arrivals) {
                arrivals.notifyAll();
            }
            CountDownLatch currentHold = hold;
            if (currentHold != null) {
                currentHold.await(LONGEST_HOLD.toMillis(), TimeUnit.MILLISECONDS);
            }
            Route route = routes.get(key);
            if (route != null) {
                route.answer(exchange);
            } else if (key.startsWith(RESOLVE_HANDLE)) {
                respond(exchange, 400, "application/json",
                        "{\"error\":\"InvalidRequest\",\"message\":\"Unable to resolve handle\"}");
            } else {
                respond(exchange, 404, "text/plain", "not found");
            }
        } catch (IOException clientWentAway) {
            // caps and timeouts make the client hang up on purpose
        } catch (InterruptedException stopping) {
            Thread.currentThread().interrupt();
        } finally {
            exchange.close();
        }
    }

    @Override
    public void close() {
        closing.countDown();
        releaseAnswers();
        server.stop(0);
        executor.shutdownNow();
    }
}
