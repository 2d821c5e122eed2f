package social.waddle.atproto.http;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import social.waddle.atproto.AtprotoException;
import social.waddle.atproto.AtprotoException.Failure;

/**
 * The only way the ATProto core talks HTTP: HTTPS only (plain http to configured development hosts), never to
 * private, loopback, link-local, metadata or otherwise special addresses unless allowlisted, redirects followed
 * here (never by {@link HttpClient}) with scheme and address re-checked on every hop and no https-to-http
 * downgrade, connect/read/total timeouts (the total bounds slow-drip bodies too), and a response-size cap enforced
 * while reading. Caller headers such as {@code Authorization} are sent but never logged, and dropped when a
 * redirect leaves the origin. Connections are always direct: system proxy settings are ignored, because a proxy
 * would resolve names itself and bypass the address check.
 *
 * <p><b>DNS rebinding (residual risk).</b> The host is resolved once and <em>every</em> address it resolves to
 * must pass the check. {@code java.net.http} on Java 17 cannot be told which address to connect to: it has no
 * per-client resolver (the Java 18+ {@code InetAddressResolverProvider} is JVM-wide), a URI with the checked
 * IP literal would break TLS server-name indication, certificate host-name verification and virtual hosting
 * ({@code Host} is a restricted header), and it exposes neither the socket nor the peer address, so re-checking
 * the address after connecting is impossible too. What we do instead: with the default
 * {@link HostResolver#system() system resolver} our lookup and the client's own go through the same JVM address
 * cache ({@code networkaddress.cache.ttl}, 30 s by default), so the client connects to the addresses we checked
 * unless the cache entry expires in the few milliseconds between the two lookups, or the admin set that TTL to 0.
 * An attacker controlling a handle's DNS could win that race only rarely; admins who need more should keep the
 * JVM DNS cache enabled or put an egress firewall in front of Openfire.
 */
public final class SafeHttpClient implements AutoCloseable {

    private static final Logger Log = LoggerFactory.getLogger(SafeHttpClient.class);

    private static final Set<Integer> REDIRECT_STATUSES = Set.of(301, 302, 303, 307, 308);

    private final OutboundPolicy policy;
    private final HostResolver resolver;
    private final ExecutorService executor;
    private final HttpClient client;

    public SafeHttpClient(OutboundPolicy policy) {
        this(policy, HostResolver.system(), null);
    }

    public SafeHttpClient(OutboundPolicy policy, HostResolver resolver) {
        this(policy, resolver, null);
    }

    /** @param sslContext trust for HTTPS, or {@code null} for the JVM's default trust store */
    public SafeHttpClient(OutboundPolicy policy, HostResolver resolver, SSLContext sslContext) {
        this.policy = Objects.requireNonNull(policy);
        this.resolver = Objects.requireNonNull(resolver);
        this.executor = Executors.newCachedThreadPool(daemonThreads());
        HttpClient.Builder builder = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .proxy(HttpClient.Builder.NO_PROXY)
                .connectTimeout(policy.connectTimeout())
                .executor(executor);
        if (sslContext != null) {
            builder.sslContext(sslContext);
        }
        this.client = builder.build();
    }

    public OutboundPolicy policy() {
        return policy;
    }

    /**
     * Sends the request, following at most {@link OutboundPolicy#maxRedirects()} redirects, and returns the final
     * response whatever its status. A 2xx answer must have one of the request's accepted content types.
     *
     * @throws AtprotoException {@code FORBIDDEN_ADDRESS}, {@code TOO_LARGE}, {@code TIMEOUT}, {@code NETWORK},
     *                          {@code MALFORMED_DOCUMENT} (content type) or {@code HTTP_STATUS} (too many redirects)
     */
    public SafeHttpResponse send(SafeHttpRequest request) throws AtprotoException {
        long deadline = System.nanoTime() + policy.totalTimeout().toNanos();
        SafeHttpRequest current = request;
        for (int redirects = 0; ; redirects++) {
            URI uri = current.uri();
            checkDestination(uri, deadline);
            HttpResponse<byte[]> response = exchange(current, deadline);
            int status = response.statusCode();
            Optional<String> location = response.headers().firstValue("location");
            if (!REDIRECT_STATUSES.contains(status) || location.isEmpty()) {
                Log.debug("{} {} answered {} ({} bytes)", current.method(), uri, status, response.body().length);
                return new SafeHttpResponse(status, response.headers(), response.body(), uri);
            }
            if (redirects >= policy.maxRedirects()) {
                throw new AtprotoException(Failure.HTTP_STATUS, "Gave up on " + request.purpose() + " from "
                        + authority(request.uri()) + " after " + policy.maxRedirects()
                        + " redirects (the limit); the last one pointed to " + location.get() + ".");
            }
            URI target = redirectTarget(uri, location.get());
            if (isHttps(uri) && !isHttps(target)) {
                throw new AtprotoException(Failure.FORBIDDEN_ADDRESS, authority(uri) + " redirected the "
                        + request.purpose() + " from https to " + target.getScheme() + " (" + target
                        + "); downgrades from HTTPS are refused.");
            }
            Log.debug("{} {} redirected ({}) to {}", current.method(), uri, status, target);
            boolean switchToGet = status == 303 || (status <= 302 && current.method().equals("POST"));
            current = current.redirectedTo(target, sameOrigin(uri, target), switchToGet);
        }
    }

    /** Stops the threads this client owns; in-flight calls fail. */
    @Override
    public void close() {
        executor.shutdownNow();
        if (client instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                Log.debug("Closing the HTTP client failed", e);
            }
        }
    }

    private void checkDestination(URI uri, long deadline) throws AtprotoException {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        String host = uri.getHost();
        if (!uri.isAbsolute() || host == null || host.isEmpty()) {
            throw new AtprotoException(Failure.MALFORMED_DOCUMENT,
                    "'" + uri + "' is not an absolute URL with a usable host name.");
        }
        if (uri.getRawUserInfo() != null) {
            throw new AtprotoException(Failure.FORBIDDEN_ADDRESS,
                    "Refusing " + scheme + "://" + host + "/…: URLs carrying user info (user:password@) are not allowed.");
        }
        int port = effectivePort(uri);
        String bareHost = OutboundPolicy.normalizeHost(host);
        if (scheme.equals("http")) {
            if (!policy.allowsPlainHttp(bareHost, port)) {
                throw new AtprotoException(Failure.FORBIDDEN_ADDRESS, "Refusing plain http to " + bareHost + ":" + port
                        + ": outbound calls must use HTTPS. For a development server, add '" + bareHost + ":" + port
                        + "' to the plain-http hosts.");
            }
        } else if (!scheme.equals("https")) {
            throw new AtprotoException(Failure.FORBIDDEN_ADDRESS, "Refusing URL scheme '" + scheme + "' for "
                    + bareHost + ": only https (and plain http to configured development hosts) is allowed.");
        }
        if (SpecialAddresses.isMetadataHostName(bareHost)) {
            throw new AtprotoException(Failure.FORBIDDEN_ADDRESS,
                    "Refusing to connect to " + bareHost + ": it names a cloud metadata service.");
        }
        List<InetAddress> addresses = resolve(bareHost, deadline);
        for (InetAddress address : addresses) {
            if (policy.isAllowlisted(address)) {
                continue;
            }
            Optional<String> reason = SpecialAddresses.forbiddenReason(address);
            if (reason.isPresent()) {
                String literal = address.getHostAddress();
                throw new AtprotoException(Failure.FORBIDDEN_ADDRESS, "Refusing to connect to " + bareHost
                        + ": it resolves to " + literal + ", which is " + reason.get() + ". If " + bareHost
                        + " is a service you trust on your own network, add " + literal
                        + " (or its CIDR block) to the allowed outbound addresses.");
            }
        }
    }

    private List<InetAddress> resolve(String host, long deadline) throws AtprotoException {
        if (isIpLiteral(host)) {
            try {
                return List.of(InetAddress.getAllByName(host));
            } catch (UnknownHostException e) {
                throw new AtprotoException(Failure.MALFORMED_DOCUMENT, "'" + host + "' is not a valid IP address.", e);
            }
        }
        Future<List<InetAddress>> lookup;
        try {
            lookup = executor.submit(() -> resolver.resolve(host));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            throw new AtprotoException(Failure.NETWORK, "The outbound HTTP client is closed.", e);
        }
        try {
            List<InetAddress> addresses = lookup.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (addresses == null || addresses.isEmpty()) {
                throw new AtprotoException(Failure.NETWORK, "Could not resolve host " + host + ": no addresses.");
            }
            return addresses;
        } catch (TimeoutException e) {
            lookup.cancel(true);
            throw new AtprotoException(Failure.TIMEOUT, "Resolving host " + host + " did not finish within the total timeout of "
                    + seconds(policy.totalTimeout()) + ".", e);
        } catch (ExecutionException e) {
            throw new AtprotoException(Failure.NETWORK, "Could not resolve host " + host
                    + " (no such host, or the DNS server failed): " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            lookup.cancel(true);
            Thread.currentThread().interrupt();
            throw new AtprotoException(Failure.NETWORK, "Interrupted while resolving host " + host + ".", e);
        }
    }

    /** Literals are parsed, never looked up, so they skip the pluggable resolver. */
    private static boolean isIpLiteral(String host) {
        if (host.contains(":")) {
            return true;
        }
        if (!host.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
            return false;
        }
        for (String octet : host.split("\\.")) {
            if (Integer.parseInt(octet) > 255) {
                return false;
            }
        }
        return true;
    }

    private HttpResponse<byte[]> exchange(SafeHttpRequest request, long deadline) throws AtprotoException {
        URI uri = request.uri();
        long totalLeft = deadline - System.nanoTime();
        if (totalLeft <= 0) {
            throw totalTimeout(request);
        }
        long readNanos = policy.readTimeout().toNanos();
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri)
                .timeout(Duration.ofNanos(Math.min(readNanos, totalLeft)))
                .header("User-Agent", policy.userAgent());
        if (!isHttps(uri)) {
            builder.version(HttpClient.Version.HTTP_1_1);
        }
        if (!request.acceptedContentTypes().isEmpty()) {
            builder.header("Accept", String.join(", ", request.acceptedContentTypes()));
        }
        request.headers().forEach(builder::header);
        byte[] body = request.rawBody();
        if (body != null) {
            builder.header("Content-Type", request.bodyContentType()).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        } else {
            builder.method(request.method(), HttpRequest.BodyPublishers.noBody());
        }

        AtomicReference<LimitedBodySubscriber> activeBody = new AtomicReference<>();
        HttpResponse.BodyHandler<byte[]> handler = info -> {
            LimitedBodySubscriber subscriber = bodySubscriberFor(request, info);
            activeBody.set(subscriber);
            return subscriber;
        };
        long started = System.nanoTime();
        CompletableFuture<HttpResponse<byte[]>> pending;
        try {
            pending = client.sendAsync(builder.build(), handler);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            throw new AtprotoException(Failure.NETWORK, "The outbound HTTP client is closed.", e);
        }
        try {
            while (true) {
                long now = System.nanoTime();
                LimitedBodySubscriber bodyReader = activeBody.get();
                long idleSince = bodyReader == null ? started : bodyReader.lastProgressNanos();
                long idleLeft = idleSince + readNanos - now;
                long left = deadline - now;
                if (left <= 0) {
                    abort(pending, activeBody);
                    throw totalTimeout(request);
                }
                if (idleLeft <= 0) {
                    abort(pending, activeBody);
                    throw new AtprotoException(Failure.TIMEOUT, authority(uri) + " sent nothing for "
                            + seconds(policy.readTimeout()) + " while answering the " + request.purpose()
                            + " request (read timeout).");
                }
                try {
                    return pending.get(Math.min(left, idleLeft), TimeUnit.NANOSECONDS);
                } catch (TimeoutException e) {
                    // loop: re-evaluate the idle and total deadlines
                }
            }
        } catch (ExecutionException | CancellationException e) {
            abort(pending, activeBody);
            throw translate(e instanceof ExecutionException ? e.getCause() : e, request);
        } catch (InterruptedException e) {
            abort(pending, activeBody);
            Thread.currentThread().interrupt();
            throw new AtprotoException(Failure.NETWORK, "Interrupted while calling " + authority(uri) + ".", e);
        }
    }

    private LimitedBodySubscriber bodySubscriberFor(SafeHttpRequest request, HttpResponse.ResponseInfo info) {
        int status = info.statusCode();
        if (REDIRECT_STATUSES.contains(status) && info.headers().firstValue("location").isPresent()) {
            return LimitedBodySubscriber.discarding();
        }
        long declared = info.headers().firstValueAsLong("content-length").orElse(-1);
        if (declared > request.maxResponseBytes()) {
            return LimitedBodySubscriber.refusing(tooLarge(request, declared, "announces"));
        }
        if (status >= 200 && status < 300 && !request.acceptedContentTypes().isEmpty()) {
            Optional<String> mediaType = info.headers().firstValue("content-type").map(SafeHttpResponse::baseMediaType);
            if (mediaType.isEmpty() || !request.acceptedContentTypes().contains(mediaType.get())) {
                return LimitedBodySubscriber.refusing(new AtprotoException(Failure.MALFORMED_DOCUMENT,
                        authority(request.uri()) + " answered the " + request.purpose() + " request with content type '"
                                + mediaType.orElse("(none)") + "'; expected one of " + request.acceptedContentTypes() + "."));
            }
        }
        return LimitedBodySubscriber.capped(request.maxResponseBytes(), count -> tooLarge(request, count, "sent at least"));
    }

    private static AtprotoException tooLarge(SafeHttpRequest request, long bytes, String verb) {
        return new AtprotoException(Failure.TOO_LARGE, "The " + request.purpose() + " from " + authority(request.uri())
                + " " + verb + " " + bytes + " bytes, more than the limit of " + request.maxResponseBytes()
                + " bytes; it was not read further.");
    }

    private AtprotoException totalTimeout(SafeHttpRequest request) {
        return new AtprotoException(Failure.TIMEOUT, "The " + request.purpose() + " request to "
                + authority(request.uri()) + " did not complete within the total timeout of "
                + seconds(policy.totalTimeout()) + ".");
    }

    private AtprotoException translate(Throwable failure, SafeHttpRequest request) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException
                || (cause instanceof IOException && cause.getCause() instanceof AtprotoException))
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        String where = authority(request.uri());
        if (cause instanceof AtprotoException atproto) {
            return atproto;
        }
        if (cause instanceof HttpConnectTimeoutException) {
            return new AtprotoException(Failure.TIMEOUT, "Could not connect to " + where + " within the connect timeout of "
                    + seconds(policy.connectTimeout()) + ".", cause);
        }
        if (cause instanceof HttpTimeoutException) {
            return new AtprotoException(Failure.TIMEOUT, where + " sent no response within the read timeout of "
                    + seconds(policy.readTimeout()) + ".", cause);
        }
        if (cause instanceof SSLException) {
            return new AtprotoException(Failure.NETWORK, "TLS with " + where + " failed (" + reason(cause)
                    + "); check that it presents a valid certificate trusted by Java.", cause);
        }
        if (cause instanceof ConnectException) {
            // The JDK's client reports a refused connection without a message.
            String reason = cause.getMessage() == null ? "connection refused: nothing listens there" : cause.getMessage();
            return new AtprotoException(Failure.NETWORK, "Could not connect to " + where + " (" + reason
                    + "); check that the server is running and reachable from this one.", cause);
        }
        if (cause instanceof CancellationException) {
            return new AtprotoException(Failure.NETWORK, "The call to " + where + " was cancelled.", cause);
        }
        return new AtprotoException(Failure.NETWORK, "Talking to " + where + " failed: " + cause, cause);
    }

    private static void abort(CompletableFuture<?> pending, AtomicReference<LimitedBodySubscriber> activeBody) {
        LimitedBodySubscriber body = activeBody.get();
        if (body != null) {
            body.cancel();
        }
        pending.cancel(true);
    }

    private static URI redirectTarget(URI from, String location) throws AtprotoException {
        try {
            URI target = from.resolve(new URI(location.trim()));
            return target.normalize();
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new AtprotoException(Failure.MALFORMED_DOCUMENT,
                    authority(from) + " redirected to an invalid URL: '" + location + "'.", e);
        }
    }

    private static boolean sameOrigin(URI a, URI b) {
        return Objects.equals(lower(a.getScheme()), lower(b.getScheme()))
                && Objects.equals(lower(a.getHost()), lower(b.getHost()))
                && effectivePort(a) == effectivePort(b);
    }

    private static String lower(String text) {
        return text == null ? null : text.toLowerCase(Locale.ROOT);
    }

    private static boolean isHttps(URI uri) {
        return "https".equalsIgnoreCase(uri.getScheme());
    }

    private static int effectivePort(URI uri) {
        if (uri.getPort() != -1) {
            return uri.getPort();
        }
        return isHttps(uri) ? 443 : 80;
    }

    static String authority(URI uri) {
        return uri.getHost() == null ? String.valueOf(uri) : uri.getHost() + ":" + effectivePort(uri);
    }

    private static String reason(Throwable cause) {
        return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    }

    private static String seconds(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + " s" : duration.toMillis() + " ms";
    }

    private static ThreadFactory daemonThreads() {
        AtomicInteger counter = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, "waddle-http-" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
