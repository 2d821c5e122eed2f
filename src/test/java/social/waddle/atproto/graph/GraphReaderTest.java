package social.waddle.atproto.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
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

/** Every bad answer a PDS can give while a list is read: bounded, a clear error, never a partial list. */
class GraphReaderTest {

    private static final Did OWNER = did(0);
    private static final String RKEY = "3kmods";
    private static final String LIST = "at://" + OWNER + "/app.bsky.graph.list/" + RKEY;

    private HttpServer server;
    private SafeHttpClient http;
    private URI pds;
    private final AtomicInteger calls = new AtomicInteger();
    /** Answers listRecords: (cursor or "") → JSON body. */
    private volatile Function<String, String> pages = cursor -> "{\"records\":[]}";
    private volatile String latestCommit = "{\"cid\":\"bafycommit\",\"rev\":\"3kabcdefghij2\"}";
    private volatile String listRecord = listRecord("app.bsky.graph.list", "app.bsky.graph.defs#curatelist");

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(2));
        server.createContext("/xrpc/", this::handle);
        server.start();
        pds = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        http = new SafeHttpClient(OutboundPolicy.builder().allowPlainHttp("127.0.0.1").allowAddress("127.0.0.1")
                .readTimeout(Duration.ofSeconds(5)).totalTimeout(Duration.ofSeconds(10)).build());
    }

    @AfterEach
    void stop() {
        server.stop(0);
        http.close();
    }

    private void handle(HttpExchange exchange) throws IOException {
        calls.incrementAndGet();
        String path = exchange.getRequestURI().getPath();
        Map<String, String> params = new HashMap<>();
        String query = exchange.getRequestURI().getRawQuery();
        if (query != null) {
            for (String pair : query.split("&")) {
                String[] kv = pair.split("=", 2);
                params.put(kv[0], URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
            }
        }
        String body = path.endsWith("com.atproto.repo.getRecord") ? listRecord
                : path.endsWith("com.atproto.sync.getLatestCommit") ? latestCommit
                : pages.apply(params.getOrDefault("cursor", ""));
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private GraphReader reader(GraphReader.Limits limits) {
        XrpcClient xrpc = new XrpcClient(http, Clock.systemUTC(), 256 * 1024);
        HostPacer pacer = new HostPacer(Clock.systemUTC(), Duration.ZERO, Duration.ofSeconds(1), duration -> { });
        return new GraphReader(xrpc, did -> pds, pacer, limits, Clock.systemUTC());
    }

    private GraphReader reader() {
        return reader(GraphReader.Limits.defaults());
    }

    private static Did did(int n) {
        return parse(String.format("did:plc:%024d", n).replace('0', 'a').replace('1', 'b').replace('2', 'c')
                .replace('3', 'd').replace('4', 'e').replace('5', 'f').replace('6', 'g').replace('7', 'h')
                .replace('8', 'i').replace('9', 'j'));
    }

    private static Did parse(String did) {
        try {
            return Did.parse(did);
        } catch (AtprotoException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static String listRecord(String type, String purpose) {
        return "{\"uri\":\"" + LIST + "\",\"cid\":\"bafy\",\"value\":{\"$type\":\"" + type + "\",\"purpose\":\"" + purpose
                + "\",\"name\":\"Penguin people\",\"createdAt\":\"2026-01-01T00:00:00Z\"}}";
    }

    private static String item(int n, String subject, String list) {
        return "{\"uri\":\"at://" + OWNER + "/app.bsky.graph.listitem/k" + n + "\",\"cid\":\"bafy\",\"value\":{"
                + "\"$type\":\"app.bsky.graph.listitem\",\"subject\":\"" + subject + "\",\"list\":\"" + list + "\","
                + "\"createdAt\":\"2026-01-01T00:00:00Z\"}}";
    }

    /** {@code total} items of the list in pages of 100, cursors "p1", "p2"… */
    private static Function<String, String> itemPages(int total) {
        return cursor -> {
            int page = cursor.isEmpty() ? 0 : Integer.parseInt(cursor.substring(1));
            StringBuilder body = new StringBuilder("{\"records\":[");
            for (int i = page * 100; i < Math.min(total, page * 100 + 100); i++) {
                body.append(i == page * 100 ? "" : ",").append(item(i, did(i + 1).toString(), LIST));
            }
            body.append("]");
            if ((page + 1) * 100 < total) {
                body.append(",\"cursor\":\"p").append(page + 1).append("\"");
            }
            return body.append("}").toString();
        };
    }

    @Test
    void readsTenThousandItemsInPagesOfAHundred() throws Exception {
        pages = itemPages(10_000);
        long start = System.nanoTime();
        BlueskyList list = reader().readList(OWNER, RKEY);
        assertThat(list.people().people()).hasSize(10_000).contains(did(1), did(10_000));
        assertThat(list.people().calls()).isEqualTo(1 + 100);
        assertThat(calls.get()).isEqualTo(101);
        assertThat(list.name()).isEqualTo("Penguin people");
        assertThat(list.purpose()).isEqualTo(ListPurpose.CURATION);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));
    }

    @Test
    void keepsOnlyItemsOfThisListAndCountsItemsNamingNobodyUsable() throws Exception {
        pages = cursor -> "{\"records\":[" + item(1, did(1).toString(), LIST) + ","
                + item(2, did(2).toString(), "at://" + OWNER + "/app.bsky.graph.list/other") + ","
                + item(3, "not a did", LIST) + "," + item(4, "did:key:zQ3shunknown", LIST) + ","
                + item(5, "did:plc:short", LIST) + "," + item(6, did(1).toString(), LIST) + "]}";
        GraphPeople people = reader().readList(OWNER, RKEY).people();
        assertThat(people.people()).containsExactly(did(1));
        assertThat(people.ignored()).isEqualTo(3);
        assertThat(people.ignoredExamples()).hasSize(3).allSatisfy(reason -> assertThat(reason).contains("listitem/k"));
    }

    @Test
    void refusesARecordOfTheWrongTypeOrPurpose() {
        listRecord = listRecord("app.bsky.feed.post", "app.bsky.graph.defs#curatelist");
        assertThatThrownBy(() -> reader().readList(OWNER, RKEY)).isInstanceOf(AtprotoException.class)
                .hasMessageContaining("is not a list").hasMessageContaining("app.bsky.feed.post");
        listRecord = listRecord("app.bsky.graph.list", "app.bsky.graph.defs#whatever");
        assertThatThrownBy(() -> reader().readList(OWNER, RKEY)).hasMessageContaining("purpose");
    }

    @Test
    void stopsWhenCursorsLoop() {
        pages = cursor -> "{\"records\":[" + item(cursor.length(), did(cursor.length() + 1).toString(), LIST)
                + "],\"cursor\":\"" + (cursor.equals("b") ? "a" : cursor.equals("a") ? "b" : "a") + "\"}";
        assertThatThrownBy(() -> reader().readList(OWNER, RKEY)).isInstanceOf(AtprotoException.class)
                .hasMessageContaining("already given").hasMessageContaining("loop");
        assertThat(calls.get()).isLessThanOrEqualTo(5);
    }

    @Test
    void stopsAtThePageAndRecordCaps() {
        AtomicInteger next = new AtomicInteger();
        pages = cursor -> "{\"records\":[" + item(next.get(), did(next.get() + 1).toString(), LIST)
                + "],\"cursor\":\"c" + next.incrementAndGet() + "\"}";
        assertThatThrownBy(() -> reader(new GraphReader.Limits(1_000, 20, 100, Duration.ofMinutes(1)))
                .readList(OWNER, RKEY)).hasMessageContaining("more than 20 pages");
        pages = itemPages(1_000);
        assertThatThrownBy(() -> reader(new GraphReader.Limits(500, 1_000, 100, Duration.ofMinutes(1)))
                .readList(OWNER, RKEY)).satisfies(e -> assertThat(((AtprotoException) e).failure())
                        .isEqualTo(Failure.TOO_LARGE)).hasMessageContaining("more than 500 records");
    }

    @Test
    void refusesGarbage() {
        for (String garbage : new String[] {"not json", "[]", "{\"records\":{}}", "{\"records\":[{\"uri\":1}]}",
                "{\"records\":[],\"cursor\":5}", "{\"records\":[]} trailing"}) {
            pages = cursor -> garbage;
            assertThatThrownBy(() -> reader().readList(OWNER, RKEY)).as(garbage).isInstanceOf(AtprotoException.class);
        }
        pages = cursor -> "{\"records\":[],\"cursor\":\"" + "x".repeat(300 * 1024) + "\"}";
        assertThatThrownBy(() -> reader().readList(OWNER, RKEY)).isInstanceOf(AtprotoException.class)
                .satisfies(e -> assertThat(((AtprotoException) e).failure()).isEqualTo(Failure.TOO_LARGE));
        pages = cursor -> "{\"records\":[" + item(1, did(1).toString(), LIST) + "],\"cursor\":\"" + "y".repeat(2000) + "\"}";
        assertThatThrownBy(() -> reader().readList(OWNER, RKEY)).hasMessageContaining("cursor longer than");
    }

    @Test
    void readsBlocks() throws Exception {
        pages = cursor -> "{\"records\":[{\"uri\":\"at://" + OWNER + "/app.bsky.graph.block/b1\",\"value\":{"
                + "\"$type\":\"app.bsky.graph.block\",\"subject\":\"" + did(7) + "\",\"createdAt\":\"2026-01-01T00:00:00Z\"}},"
                + "{\"uri\":\"at://" + did(9) + "/app.bsky.graph.block/b2\",\"value\":{"
                + "\"$type\":\"app.bsky.graph.block\",\"subject\":\"" + did(8) + "\"}}]}";
        GraphPeople blocks = reader().readBlocks(OWNER);
        assertThat(blocks.people()).containsExactly(did(7));
        assertThat(blocks.ignored()).isEqualTo(1);
        assertThat(blocks.calls()).isEqualTo(1);
    }

    @Test
    void theLatestRevisionIsTheRevOfTheLatestCommit() throws Exception {
        assertThat(reader().latestRevision(OWNER)).isEqualTo("3kabcdefghij2");
        assertThat(calls).hasValue(1);
    }

    @Test
    void aLatestCommitWithoutAUsableRevIsRefused() {
        for (String answer : new String[] {"{\"cid\":\"bafy\"}", "{\"rev\":42}", "{\"rev\":\"\"}", "[]",
                "{\"rev\":\"" + "a".repeat(GraphReader.MAX_REVISION_LENGTH + 1) + "\"}"}) {
            latestCommit = answer;
            assertThatThrownBy(() -> reader().latestRevision(OWNER)).isInstanceOf(AtprotoException.class)
                    .hasMessageContaining("no usable 'rev'");
        }
    }
}
