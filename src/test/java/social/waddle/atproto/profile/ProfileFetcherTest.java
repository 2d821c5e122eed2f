package social.waddle.atproto.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import social.waddle.atproto.AtprotoException;
import social.waddle.atproto.AtprotoException.Failure;
import social.waddle.atproto.http.OutboundPolicy;
import social.waddle.atproto.http.SafeHttpClient;
import social.waddle.atproto.syntax.Did;
import social.waddle.atproto.xrpc.XrpcClient;

/** Every bad input the profile fetch may meet, against a loopback PDS stand-in. */
class ProfileFetcherTest {

    private static final Did DID = did("did:plc:abcdefghijklmnopqrstuvwx");
    private static final String CID = "bafkreibme22gw2h7y2h7tg2fhqotaqjucnbc24deqo72b6mkl2egezxhvy";
    private static final long MAX_AVATAR = 64 * 1024;
    /** A 2×3 PNG header (signature, IHDR) and a little more: enough for the type and dimensions. */
    static final byte[] PNG = png(2, 3);

    private final Map<String, byte[]> bodies = new ConcurrentHashMap<>();
    private final Map<String, Integer> statuses = new ConcurrentHashMap<>();
    private final Map<String, String> types = new ConcurrentHashMap<>();
    private final AtomicInteger blobCalls = new AtomicInteger();
    private final CountDownLatch release = new CountDownLatch(1);
    private volatile boolean slow;
    private HttpServer server;
    private SafeHttpClient http;
    private URI pds;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/xrpc/", this::handle);
        server.start();
        pds = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        http = new SafeHttpClient(OutboundPolicy.builder().allowPlainHttp("127.0.0.1").allowAddress("127.0.0.1")
                .readTimeout(Duration.ofMillis(500)).totalTimeout(Duration.ofMillis(800)).build());
    }

    @AfterEach
    void stop() {
        release.countDown();
        server.stop(0);
        http.close();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String nsid = exchange.getRequestURI().getPath().substring("/xrpc/".length());
        if (nsid.equals("com.atproto.sync.getBlob")) {
            blobCalls.incrementAndGet();
        }
        if (slow) {
            try {
                release.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        byte[] body = bodies.getOrDefault(nsid, "{\"error\":\"NotFound\"}".getBytes(StandardCharsets.UTF_8));
        exchange.getResponseHeaders().add("Content-Type", types.getOrDefault(nsid, "application/json"));
        try {
            exchange.sendResponseHeaders(statuses.getOrDefault(nsid, 404), body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        } catch (IOException e) {
            // The client gave up (a cap or a timeout): nothing to answer.
        }
    }

    private void record(String value) {
        reply("com.atproto.repo.getRecord", 200, "application/json", ("{\"uri\":\"at://" + DID
                + "/app.bsky.actor.profile/self\",\"cid\":\"bafyreirecord\",\"value\":" + value + "}")
                .getBytes(StandardCharsets.UTF_8));
    }

    private void reply(String nsid, int status, String type, byte[] body) {
        statuses.put(nsid, status);
        types.put(nsid, type);
        bodies.put(nsid, body);
    }

    private static String avatarRef(String mimeType, long size) {
        return "{\"$type\":\"blob\",\"ref\":{\"$link\":\"" + CID + "\"},\"mimeType\":\"" + mimeType + "\",\"size\":" + size + "}";
    }

    private ProfileFetcher fetcher() {
        return fetcher(new PdsCallBudget(100, Duration.ofMinutes(1), 10, Clock.systemUTC()));
    }

    private ProfileFetcher fetcher(PdsCallBudget budget) {
        return new ProfileFetcher(new XrpcClient(http), budget, MAX_AVATAR);
    }

    @Test
    void readsNameDescriptionAndAnAvatarCheckedByItsBytes() throws Exception {
        record("{\"$type\":\"app.bsky.actor.profile\",\"displayName\":\"Alice \\u202eecilA\",\"description\":\"Hi\\nthere\","
                + "\"avatar\":" + avatarRef("image/png", PNG.length) + "}");
        reply("com.atproto.sync.getBlob", 200, "image/png", PNG);

        BlueskyProfile profile = fetcher().fetch(DID, pds);

        assertThat(profile.displayName()).contains("Alice ecilA");
        assertThat(profile.description()).contains("Hi\nthere");
        assertThat(profile.avatar()).hasValueSatisfying(avatar -> {
            assertThat(avatar.type()).isEqualTo(ImageType.PNG);
            assertThat(avatar.bytes()).isEqualTo(PNG);
            assertThat(avatar.sha1()).isEqualTo(Avatar.sha1Hex(PNG)).hasSize(40);
            assertThat(avatar.width()).contains(2);
            assertThat(avatar.height()).contains(3);
        });
        assertThat(profile.problems()).isEmpty();
    }

    @Test
    void aTenMegabyteAvatarIsLeftOutWithoutDownloadingIt() throws Exception {
        record("{\"displayName\":\"Big\",\"avatar\":" + avatarRef("image/jpeg", 10_000_000) + "}");

        BlueskyProfile profile = fetcher().fetch(DID, pds);

        assertThat(profile.displayName()).contains("Big");
        assertThat(profile.avatar()).isEmpty();
        assertThat(profile.problems()).singleElement().asString().contains("10000000 bytes", "limit of " + MAX_AVATAR);
        assertThat(blobCalls).hasValue(0);
    }

    @Test
    void anAvatarLargerThanItsRecordSaysIsCutOffWhileReading() throws Exception {
        record("{\"avatar\":" + avatarRef("image/png", 1000) + "}");
        byte[] big = new byte[(int) MAX_AVATAR * 4];
        System.arraycopy(PNG, 0, big, 0, PNG.length);
        reply("com.atproto.sync.getBlob", 200, "image/png", big);

        BlueskyProfile profile = fetcher().fetch(DID, pds);

        assertThat(profile.avatar()).isEmpty();
        assertThat(profile.problems()).singleElement().asString().contains("larger than the limit");
    }

    @Test
    void aBlobThatIsNotAnImageIsLeftOutWhateverItClaims() throws Exception {
        record("{\"displayName\":\"Eve\",\"avatar\":" + avatarRef("image/png", 40) + "}");
        reply("com.atproto.sync.getBlob", 200, "image/png", "<html><script>alert(1)</script></html>".getBytes(StandardCharsets.UTF_8));

        BlueskyProfile profile = fetcher().fetch(DID, pds);

        assertThat(profile.displayName()).contains("Eve");
        assertThat(profile.avatar()).isEmpty();
        assertThat(profile.problems()).singleElement().asString().contains("not a PNG, JPEG, GIF or WebP image");
    }

    @Test
    void anAvatarDeclaredAsAnotherTypeIsNotDownloaded() throws Exception {
        record("{\"avatar\":" + avatarRef("text/html", 40) + "}");

        BlueskyProfile profile = fetcher().fetch(DID, pds);

        assertThat(profile.avatar()).isEmpty();
        assertThat(profile.problems()).singleElement().asString().contains("not an image type");
        assertThat(blobCalls).hasValue(0);
    }

    @Test
    void aMissingRecordIsAnEmptyProfile() throws Exception {
        reply("com.atproto.repo.getRecord", 400, "application/json",
                "{\"error\":\"RecordNotFound\",\"message\":\"Could not locate record\"}".getBytes(StandardCharsets.UTF_8));

        assertThat(fetcher().fetch(DID, pds)).isEqualTo(BlueskyProfile.none());
    }

    @Test
    void malformedFieldsAreLeftOutAndTheRestKept() throws Exception {
        record("{\"displayName\":42,\"description\":\"ok\",\"avatar\":\"not a blob\"}");

        BlueskyProfile profile = fetcher().fetch(DID, pds);

        assertThat(profile.displayName()).isEmpty();
        assertThat(profile.description()).contains("ok");
        assertThat(profile.avatar()).isEmpty();
        assertThat(profile.problems()).hasSize(2);
    }

    @Test
    void aRecordOfAnotherTypeOrAnotherRepoFailsTheFetch() {
        record("{\"$type\":\"app.bsky.feed.post\",\"text\":\"hi\"}");
        assertThat(catchThrowableOfType(AtprotoException.class, () -> fetcher().fetch(DID, pds)).failure())
                .isEqualTo(Failure.MALFORMED_DOCUMENT);

        reply("com.atproto.repo.getRecord", 200, "application/json",
                "{\"uri\":\"at://did:plc:someoneelse/app.bsky.actor.profile/self\",\"value\":{}}".getBytes(StandardCharsets.UTF_8));
        assertThat(catchThrowableOfType(AtprotoException.class, () -> fetcher().fetch(DID, pds)))
                .hasMessageContaining("another record");
    }

    @Test
    void garbageFailsTheFetchWithAClearMessage() {
        reply("com.atproto.repo.getRecord", 200, "application/json", new byte[] {0, 1, 2, '{', '"'});

        AtprotoException failure = catchThrowableOfType(AtprotoException.class, () -> fetcher().fetch(DID, pds));

        assertThat(failure.failure()).isEqualTo(Failure.MALFORMED_DOCUMENT);
        assertThat(failure).hasMessageContaining("invalid JSON");
    }

    @Test
    void aSlowPdsFailsTheFetchWithinTheTimeout() {
        record("{\"displayName\":\"Slow\"}");
        slow = true;
        long started = System.nanoTime();

        AtprotoException failure = catchThrowableOfType(AtprotoException.class, () -> fetcher().fetch(DID, pds));

        assertThat(failure.isTemporary()).isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
    }

    @Test
    void aPdsErrorFailsTheFetch() {
        reply("com.atproto.repo.getRecord", 502, "text/html", "<h1>Bad gateway</h1>".getBytes(StandardCharsets.UTF_8));

        AtprotoException failure = catchThrowableOfType(AtprotoException.class, () -> fetcher().fetch(DID, pds));

        assertThat(failure.isTemporary()).isTrue();
        assertThat(failure).hasMessageContaining("502");
    }

    @Test
    void callsBeyondThePerPdsBudgetAreNotSent() throws Exception {
        record("{\"displayName\":\"A\"}");
        Clock fixed = Clock.fixed(Instant.parse("2026-12-01T00:00:00Z"), ZoneOffset.UTC);
        ProfileFetcher fetcher = fetcher(new PdsCallBudget(2, Duration.ofMinutes(1), 10, fixed));
        fetcher.fetch(DID, pds);
        fetcher.fetch(DID, pds);

        AtprotoException failure = catchThrowableOfType(AtprotoException.class, () -> fetcher.fetch(DID, pds));

        assertThat(failure.failure()).isEqualTo(Failure.RATE_LIMITED);
        assertThat(failure).hasMessageContaining("budget of 2 per 60 s");
    }

    @Test
    void imageTypesAreKnownByTheirBytes() {
        assertThat(ImageType.of(PNG)).contains(ImageType.PNG);
        assertThat(ImageType.of(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, 0})).contains(ImageType.JPEG);
        assertThat(ImageType.of("GIF89a....".getBytes(StandardCharsets.US_ASCII))).contains(ImageType.GIF);
        assertThat(ImageType.of("RIFF1234WEBPVP8 ".getBytes(StandardCharsets.US_ASCII))).contains(ImageType.WEBP);
        assertThat(ImageType.of("<svg xmlns=".getBytes(StandardCharsets.US_ASCII))).isEmpty();
        assertThat(ImageType.of(new byte[0])).isEmpty();
    }

    private static Did did(String text) {
        try {
            return Did.parse(text);
        } catch (AtprotoException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] png(int width, int height) {
        byte[] bytes = new byte[33];
        byte[] head = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R'};
        System.arraycopy(head, 0, bytes, 0, head.length);
        bytes[19] = (byte) width;
        bytes[23] = (byte) height;
        return bytes;
    }
}
