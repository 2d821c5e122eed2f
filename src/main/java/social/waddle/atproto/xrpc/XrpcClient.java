package social.waddle.atproto.xrpc;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import social.waddle.atproto.AtprotoException;
import social.waddle.atproto.AtprotoException.Failure;
import social.waddle.atproto.http.SafeHttpClient;
import social.waddle.atproto.http.SafeHttpRequest;
import social.waddle.atproto.http.SafeHttpResponse;

/**
 * Typed XRPC calls over {@link SafeHttpClient}: sessions, records and handle resolution. Error responses become
 * {@link XrpcException}s; after a rate limit (HTTP 429) further calls of the same method to the same host are
 * refused locally, without a network round trip, until the reset instant the server named.
 *
 * @see <a href="https://atproto.com/specs/xrpc">XRPC</a>
 */
public final class XrpcClient {

    private static final Logger Log = LoggerFactory.getLogger(XrpcClient.class);

    public static final long DEFAULT_MAX_RESPONSE_BYTES = 1024 * 1024;
    /** Pause after a 429 that names no reset instant. */
    static final Duration DEFAULT_RATE_LIMIT_PAUSE = Duration.ofSeconds(60);
    /** A hostile or broken server cannot pause a method for longer than this. */
    static final Duration MAX_RATE_LIMIT_PAUSE = Duration.ofDays(1);
    private static final int MAX_REMOTE_MESSAGE_CHARS = 300;

    private final SafeHttpClient http;
    private final Clock clock;
    private final long maxResponseBytes;
    private final ObjectMapper mapper;
    private final ConcurrentMap<String, Instant> pausedUntil = new ConcurrentHashMap<>();

    public XrpcClient(SafeHttpClient http) {
        this(http, Clock.systemUTC(), DEFAULT_MAX_RESPONSE_BYTES);
    }

    public XrpcClient(SafeHttpClient http, Clock clock, long maxResponseBytes) {
        this.http = Objects.requireNonNull(http);
        this.clock = Objects.requireNonNull(clock);
        this.maxResponseBytes = maxResponseBytes;
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(100).build())
                .build();
        this.mapper = new ObjectMapper(factory)
                .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    /** {@code com.atproto.server.createSession} with the account password or an app password. */
    public Session createSession(URI service, String identifier, String password) throws AtprotoException {
        return createSession(service, identifier, password, null);
    }

    /**
     * {@code com.atproto.server.createSession}; {@code authFactorToken} is the e-mailed sign-in code, or
     * {@code null}.
     */
    public Session createSession(URI service, String identifier, String password, String authFactorToken)
            throws AtprotoException {
        String nsid = "com.atproto.server.createSession";
        ObjectNode input = mapper.createObjectNode()
                .put("identifier", Objects.requireNonNull(identifier))
                .put("password", Objects.requireNonNull(password));
        if (authFactorToken != null) {
            input.put("authFactorToken", authFactorToken);
        }
        JsonNode output = object(procedure(service, nsid, input, null), service, nsid);
        return new Session(
                did(output, service, nsid),
                text(output, "handle", service, nsid),
                text(output, "accessJwt", service, nsid),
                text(output, "refreshJwt", service, nsid),
                optionalBoolean(output, "active", service, nsid).orElse(true),
                optionalText(output, "status", service, nsid));
    }

    /** {@code com.atproto.repo.getRecord}. */
    public RecordEntry getRecord(URI service, String repo, String collection, String rkey) throws AtprotoException {
        String nsid = "com.atproto.repo.getRecord";
        Map<String, String> params = new LinkedHashMap<>();
        params.put("repo", repo);
        params.put("collection", collection);
        params.put("rkey", rkey);
        return record(object(query(service, nsid, params, null), service, nsid), service, nsid);
    }

    /** {@code com.atproto.repo.listRecords}; {@code cursor} is {@code null} for the first page. */
    public RecordPage listRecords(URI service, String repo, String collection, int limit, String cursor)
            throws AtprotoException {
        if (limit < 1 || limit > 100) {
            throw new IllegalArgumentException("listRecords takes a limit of 1..100, got " + limit + ".");
        }
        String nsid = "com.atproto.repo.listRecords";
        Map<String, String> params = new LinkedHashMap<>();
        params.put("repo", repo);
        params.put("collection", collection);
        params.put("limit", Integer.toString(limit));
        if (cursor != null) {
            params.put("cursor", cursor);
        }
        JsonNode output = object(query(service, nsid, params, null), service, nsid);
        JsonNode records = output.get("records");
        if (records == null || !records.isArray()) {
            throw malformed(service, nsid, "field 'records' must be an array");
        }
        List<RecordEntry> entries = new ArrayList<>();
        for (JsonNode record : records) {
            entries.add(record(object(record, service, nsid), service, nsid));
        }
        return new RecordPage(entries, optionalText(output, "cursor", service, nsid));
    }

    /** {@code com.atproto.identity.resolveHandle}: the DID the service says the handle belongs to (unverified). */
    public String resolveHandle(URI service, String handle) throws AtprotoException {
        String nsid = "com.atproto.identity.resolveHandle";
        return did(object(query(service, nsid, Map.of("handle", handle), null), service, nsid), service, nsid);
    }

    /**
     * {@code com.atproto.sync.getBlob}: the blob's bytes as the PDS serves them, at most {@code maxBytes} (more fails
     * with {@code TOO_LARGE} while reading, without buffering the rest). The media type is the PDS's claim, not checked.
     */
    public Blob getBlob(URI service, String did, String cid, long maxBytes) throws AtprotoException {
        String nsid = "com.atproto.sync.getBlob";
        String key = rateLimitKey(service, nsid);
        refuseWhilePaused(service, nsid, key);
        SafeHttpResponse response = http.send(SafeHttpRequest.get(endpoint(service, nsid,
                        "?did=" + encode(did) + "&cid=" + encode(cid)))
                .withMaxResponseBytes(maxBytes)
                .describedAs(nsid + " response"));
        if (response.isSuccess()) {
            return new Blob(response.body(), response.mediaType());
        }
        throw error(response, service, nsid, key);
    }

    /** The bytes of a blob and the media type its server named. */
    public record Blob(byte[] bytes, Optional<String> mediaType) {

        public Blob {
            bytes = bytes.clone();
        }

        @Override
        public byte[] bytes() {
            return bytes.clone();
        }
    }

    /**
     * A query (HTTP GET) returning its JSON output ({@link MissingNode} if empty).
     *
     * @param authorization the full {@code Authorization} header value, or {@code null}
     */
    public JsonNode query(URI service, String nsid, Map<String, String> params, String authorization)
            throws AtprotoException {
        StringBuilder query = new StringBuilder();
        params.forEach((name, value) -> query.append(query.length() == 0 ? '?' : '&')
                .append(encode(name)).append('=').append(encode(Objects.requireNonNull(value, name))));
        SafeHttpRequest request = SafeHttpRequest.get(endpoint(service, nsid, query.toString()));
        return call(service, nsid, authorization == null ? request : request.withHeader("Authorization", authorization));
    }

    /**
     * A procedure (HTTP POST with JSON input) returning its JSON output ({@link MissingNode} if empty).
     *
     * @param authorization the full {@code Authorization} header value, or {@code null}
     */
    public JsonNode procedure(URI service, String nsid, JsonNode input, String authorization) throws AtprotoException {
        byte[] body;
        try {
            body = mapper.writeValueAsBytes(input);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("XRPC input cannot be written as JSON", e);
        }
        SafeHttpRequest request = SafeHttpRequest.postJson(endpoint(service, nsid, ""), body);
        return call(service, nsid, authorization == null ? request : request.withHeader("Authorization", authorization));
    }

    /** When calls of {@code nsid} to this service may resume after a rate limit, if they are paused now. */
    public Optional<Instant> pausedUntil(URI service, String nsid) {
        Instant until = pausedUntil.get(rateLimitKey(service, nsid));
        return until != null && clock.instant().isBefore(until) ? Optional.of(until) : Optional.empty();
    }

    private JsonNode call(URI service, String nsid, SafeHttpRequest request) throws AtprotoException {
        String key = rateLimitKey(service, nsid);
        refuseWhilePaused(service, nsid, key);
        SafeHttpResponse response = http.send(request
                .withMaxResponseBytes(maxResponseBytes)
                .accepting("application/json")
                .describedAs(nsid + " response"));
        if (response.isSuccess()) {
            return parse(response.body(), service, nsid);
        }
        throw error(response, service, nsid, key);
    }

    private void refuseWhilePaused(URI service, String nsid, String key) throws XrpcException {
        Instant until = pausedUntil.get(key);
        if (until != null) {
            if (clock.instant().isBefore(until)) {
                throw new XrpcException(Failure.RATE_LIMITED, XrpcError.RATE_LIMIT_EXCEEDED, null, 429, until,
                        hostOf(service) + " rate-limited " + nsid + " earlier; calls to it are paused until " + until
                                + " (not sent).");
            }
            pausedUntil.remove(key, until);
        }
    }

    private XrpcException error(SafeHttpResponse response, URI service, String nsid, String key) {
        int status = response.status();
        String errorName = null;
        String remoteMessage = null;
        try {
            JsonNode body = mapper.readTree(response.body());
            if (body != null && body.isObject()) {
                errorName = body.path("error").isTextual() ? body.get("error").asText() : null;
                remoteMessage = body.path("message").isTextual() ? body.get("message").asText() : null;
            }
        } catch (IOException e) {
            Log.debug("{} answered {} {} with a non-JSON body", hostOf(service), nsid, status);
        }
        XrpcError kind = status == 429 ? XrpcError.RATE_LIMIT_EXCEEDED : XrpcError.fromWireName(errorName);
        String description = hostOf(service) + " refused " + nsid + ": " + (errorName == null ? "" : errorName + " ")
                + "(HTTP " + status + ")" + (remoteMessage == null ? "" : ": " + sanitize(remoteMessage));
        if (kind == XrpcError.RATE_LIMIT_EXCEEDED) {
            Instant resetAt = rateLimitReset(response);
            pausedUntil.merge(key, resetAt, (old, fresh) -> fresh.isAfter(old) ? fresh : old);
            Log.info("{} rate-limited {}; pausing those calls until {}", hostOf(service), nsid, resetAt);
            return new XrpcException(Failure.RATE_LIMITED, kind, errorName, status, resetAt,
                    description + "; calls to it are paused until " + resetAt + ".");
        }
        Failure failure;
        if (status >= 500) {
            failure = Failure.HTTP_STATUS;
        } else if (kind != XrpcError.OTHER) {
            failure = kind.failure();
        } else if (status == 401) {
            failure = Failure.NOT_AUTHORIZED;
        } else if (status >= 400) {
            failure = Failure.XRPC_ERROR;
        } else {
            failure = Failure.HTTP_STATUS;
        }
        return new XrpcException(failure, kind, errorName, status, null, description);
    }

    private Instant rateLimitReset(SafeHttpResponse response) {
        Instant now = clock.instant();
        Instant reset = response.headers().firstValue("ratelimit-reset")
                .flatMap(XrpcClient::epochSeconds)
                .or(() -> response.headers().firstValue("retry-after").flatMap(value -> retryAfter(value, now)))
                .orElse(now.plus(DEFAULT_RATE_LIMIT_PAUSE));
        Instant latest = now.plus(MAX_RATE_LIMIT_PAUSE);
        return reset.isAfter(latest) ? latest : reset;
    }

    private static Optional<Instant> epochSeconds(String value) {
        try {
            return Optional.of(Instant.ofEpochSecond(Long.parseLong(value.trim())));
        } catch (NumberFormatException | DateTimeException e) {
            return Optional.empty();
        }
    }

    private static Optional<Instant> retryAfter(String value, Instant now) {
        String trimmed = value.trim();
        try {
            if (trimmed.matches("\\d{1,9}")) {
                return Optional.of(now.plusSeconds(Long.parseLong(trimmed)));
            }
            return Optional.of(ZonedDateTime.parse(trimmed, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
        } catch (DateTimeException e) {
            return Optional.empty();
        }
    }

    private JsonNode parse(byte[] body, URI service, String nsid) throws AtprotoException {
        if (body.length == 0) {
            return MissingNode.getInstance();
        }
        try {
            return mapper.readTree(body);
        } catch (JsonProcessingException e) {
            JsonLocation location = e.getLocation();
            throw new AtprotoException(Failure.MALFORMED_DOCUMENT, hostOf(service) + " answered " + nsid
                    + " with invalid JSON" + (location == null ? "" : " (line " + location.getLineNr() + ", column "
                    + location.getColumnNr() + ")") + ".");
        } catch (IOException e) {
            throw new AtprotoException(Failure.MALFORMED_DOCUMENT, hostOf(service) + " answered " + nsid
                    + " with an unreadable body.", e);
        }
    }

    private RecordEntry record(JsonNode record, URI service, String nsid) throws AtprotoException {
        String uri = text(record, "uri", service, nsid);
        if (!uri.startsWith("at://")) {
            throw malformed(service, nsid, "field 'uri' must be an at:// URI");
        }
        JsonNode value = record.get("value");
        if (value == null || !value.isObject()) {
            throw malformed(service, nsid, "field 'value' must be an object");
        }
        return new RecordEntry(uri, optionalText(record, "cid", service, nsid), value);
    }

    private JsonNode object(JsonNode node, URI service, String nsid) throws AtprotoException {
        if (node == null || !node.isObject()) {
            throw malformed(service, nsid, "expected a JSON object");
        }
        return node;
    }

    private String did(JsonNode object, URI service, String nsid) throws AtprotoException {
        String did = text(object, "did", service, nsid);
        if (!did.startsWith("did:")) {
            throw malformed(service, nsid, "field 'did' must be a DID (did:…)");
        }
        return did;
    }

    private String text(JsonNode object, String field, URI service, String nsid) throws AtprotoException {
        JsonNode value = object.get(field);
        if (value == null || !value.isTextual() || value.asText().isEmpty()) {
            throw malformed(service, nsid, "field '" + field + "' must be a non-empty string");
        }
        return value.asText();
    }

    private Optional<String> optionalText(JsonNode object, String field, URI service, String nsid)
            throws AtprotoException {
        JsonNode value = object.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isTextual()) {
            throw malformed(service, nsid, "field '" + field + "' must be a string");
        }
        return Optional.of(value.asText());
    }

    private Optional<Boolean> optionalBoolean(JsonNode object, String field, URI service, String nsid)
            throws AtprotoException {
        JsonNode value = object.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isBoolean()) {
            throw malformed(service, nsid, "field '" + field + "' must be true or false");
        }
        return Optional.of(value.asBoolean());
    }

    private static AtprotoException malformed(URI service, String nsid, String problem) {
        return new AtprotoException(Failure.MALFORMED_DOCUMENT,
                hostOf(service) + " answered " + nsid + " with a malformed response: " + problem + ".");
    }

    private static URI endpoint(URI service, String nsid, String query) {
        String base = service.toString();
        while (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        if (!nsid.matches("[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)+")) {
            throw new IllegalArgumentException("Not an NSID: " + nsid);
        }
        return URI.create(base + "/xrpc/" + nsid + query);
    }

    private static String rateLimitKey(URI service, String nsid) {
        return hostOf(service) + " " + nsid;
    }

    private static String hostOf(URI service) {
        String host = service.getHost() == null ? String.valueOf(service) : service.getHost();
        return service.getPort() == -1 ? host : host + ":" + service.getPort();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String sanitize(String remote) {
        String printable = remote.replaceAll("[\\p{Cntrl}]", " ");
        return printable.length() > MAX_REMOTE_MESSAGE_CHARS
                ? printable.substring(0, MAX_REMOTE_MESSAGE_CHARS) + "…" : printable;
    }
}
