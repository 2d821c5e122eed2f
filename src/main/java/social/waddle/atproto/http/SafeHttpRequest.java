package social.waddle.atproto.http;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One outbound call: method, URI, caller headers (e.g. {@code Authorization}, never logged), optional body (JSON, or
 * an HTML form for OAuth endpoints),
 * the largest body the caller will accept and the content types it accepts for a successful (2xx) answer.
 * Immutable; the {@code with…} methods return copies.
 */
public final class SafeHttpRequest {

    /** Default response cap when the caller names none. */
    public static final long DEFAULT_MAX_BYTES = 1024 * 1024;

    private final String method;
    private final URI uri;
    private final Map<String, String> headers;
    private final byte[] jsonBody;
    private final String bodyContentType;
    private final long maxResponseBytes;
    private final Set<String> acceptedContentTypes;
    private final String purpose;

    private SafeHttpRequest(String method, URI uri, Map<String, String> headers, byte[] jsonBody,
                            long maxResponseBytes, Set<String> acceptedContentTypes, String purpose) {
        this(method, uri, headers, jsonBody, "application/json", maxResponseBytes, acceptedContentTypes, purpose);
    }

    private SafeHttpRequest(String method, URI uri, Map<String, String> headers, byte[] jsonBody, String bodyContentType,
                            long maxResponseBytes, Set<String> acceptedContentTypes, String purpose) {
        this.method = method;
        this.uri = Objects.requireNonNull(uri, "uri");
        this.headers = Map.copyOf(headers);
        this.jsonBody = jsonBody;
        this.bodyContentType = Objects.requireNonNull(bodyContentType);
        this.maxResponseBytes = maxResponseBytes;
        this.acceptedContentTypes = Set.copyOf(acceptedContentTypes);
        this.purpose = purpose;
    }

    public static SafeHttpRequest get(URI uri) {
        return new SafeHttpRequest("GET", uri, Map.of(), null, DEFAULT_MAX_BYTES, Set.of(), "response");
    }

    public static SafeHttpRequest postJson(URI uri, byte[] json) {
        return new SafeHttpRequest("POST", uri, Map.of(), json.clone(), DEFAULT_MAX_BYTES,
                Set.of(), "response");
    }

    /** A POST of {@code application/x-www-form-urlencoded} data (already encoded), as OAuth endpoints take. */
    public static SafeHttpRequest postForm(URI uri, String encodedForm) {
        return new SafeHttpRequest("POST", uri, Map.of(), encodedForm.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                "application/x-www-form-urlencoded", DEFAULT_MAX_BYTES, Set.of(), "response");
    }

    /** Adds a request header; its value is sent but never logged nor put in an error message. */
    public SafeHttpRequest withHeader(String name, String value) {
        Map<String, String> copy = new LinkedHashMap<>(headers);
        copy.put(Objects.requireNonNull(name), Objects.requireNonNull(value));
        return new SafeHttpRequest(method, uri, copy, jsonBody, bodyContentType, maxResponseBytes, acceptedContentTypes,
                purpose);
    }

    /** The largest response body read; more fails with {@code TOO_LARGE} while reading, without buffering it. */
    public SafeHttpRequest withMaxResponseBytes(long maxBytes) {
        if (maxBytes < 0) {
            throw new IllegalArgumentException("The response cap must not be negative.");
        }
        return new SafeHttpRequest(method, uri, headers, jsonBody, bodyContentType, maxBytes, acceptedContentTypes,
                purpose);
    }

    /** Media types ({@code application/json}) a 2xx answer may have; none means any. Parameters are ignored. */
    public SafeHttpRequest accepting(String... mediaTypes) {
        Set<String> types = new LinkedHashSet<>();
        for (String type : mediaTypes) {
            types.add(type.trim().toLowerCase(Locale.ROOT));
        }
        return new SafeHttpRequest(method, uri, headers, jsonBody, bodyContentType, maxResponseBytes, types, purpose);
    }

    /** Names what is fetched ("DID document") in error messages. */
    public SafeHttpRequest describedAs(String what) {
        return new SafeHttpRequest(method, uri, headers, jsonBody, bodyContentType, maxResponseBytes,
                acceptedContentTypes, Objects.requireNonNull(what));
    }

    public String method() {
        return method;
    }

    public URI uri() {
        return uri;
    }

    public Map<String, String> headers() {
        return headers;
    }

    public Optional<byte[]> jsonBody() {
        return Optional.ofNullable(jsonBody).map(byte[]::clone);
    }

    public long maxResponseBytes() {
        return maxResponseBytes;
    }

    public Set<String> acceptedContentTypes() {
        return acceptedContentTypes;
    }

    public String purpose() {
        return purpose;
    }

    SafeHttpRequest redirectedTo(URI target, boolean keepSensitiveHeaders, boolean switchToGet) {
        Map<String, String> kept = new LinkedHashMap<>();
        headers.forEach((name, value) -> {
            if (keepSensitiveHeaders || !isSensitive(name)) {
                kept.put(name, value);
            }
        });
        return new SafeHttpRequest(switchToGet ? "GET" : method, target, kept, switchToGet ? null : jsonBody,
                bodyContentType, maxResponseBytes, acceptedContentTypes, purpose);
    }

    byte[] rawBody() {
        return jsonBody;
    }

    /** The media type of the body ({@code application/json} unless built by {@link #postForm}). */
    public String bodyContentType() {
        return bodyContentType;
    }

    static boolean isSensitive(String headerName) {
        String name = headerName.toLowerCase(Locale.ROOT);
        return name.equals("authorization") || name.equals("cookie") || name.equals("dpop")
                || name.equals("proxy-authorization");
    }

    /** Method and URI only: headers and body may hold secrets. */
    @Override
    public String toString() {
        return method + " " + uri;
    }
}
