package social.waddle.community;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import social.waddle.atproto.graph.GraphReader;
import social.waddle.atproto.graph.HostPacer;
import social.waddle.atproto.http.HostResolver;
import social.waddle.atproto.http.OutboundPolicy;
import social.waddle.atproto.http.SafeHttpClient;
import social.waddle.atproto.identity.IdentityResolver;
import social.waddle.atproto.syntax.Did;
import social.waddle.atproto.xrpc.XrpcClient;
import social.waddle.testbed.atproto.AtprotoNetwork;
import social.waddle.testbed.atproto.AtprotoNetworkExtension;
import social.waddle.testbed.atproto.TestAccount;

/**
 * A 5,000-person list on the real PDS, read through the real identity resolution and XRPC client and applied to a
 * Waddle on HSQLDB: the first sync resolves and adds everyone reading the list once, a re-sync with no change reads
 * only the repository's revision, resolves nobody and changes nothing. The 5,000 people are not registered in the local
 * PLC directory (5,000 signed genesis operations would be the test's own benchmark): a loopback directory in front of
 * it serves each of them a document shaped like the owner's, and passes every other request to the real one, so each
 * resolution is one HTTP round trip as against the PLC. Prints the figures
 * BENCHMARKS.md quotes (time and XRPC calls of each run).
 */
@ExtendWith(AtprotoNetworkExtension.class)
class ListSyncScaleIT {

    private static final Logger Log = LoggerFactory.getLogger(ListSyncScaleIT.class);
    private static final int PEOPLE = 5_000;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BASE32 = "abcdefghijklmnopqrstuvwxyz234567";

    @Test
    void syncsAFiveThousandPersonListAndReSyncsItWithoutChange(AtprotoNetwork network) throws Exception {
        TestAccount owner = network.createAccount("lister");
        String list = createList(network, owner);
        for (int start = 0; start < PEOPLE; start += 200) {
            ArrayNode writes = JSON.createArrayNode();
            for (int i = start; i < Math.min(PEOPLE, start + 200); i++) {
                ObjectNode value = JSON.createObjectNode().put("$type", "app.bsky.graph.listitem")
                        .put("subject", plc(i)).put("list", list).put("createdAt", Instant.now().toString());
                writes.addObject().put("$type", "com.atproto.repo.applyWrites#create")
                        .put("collection", "app.bsky.graph.listitem").set("value", value);
            }
            ObjectNode input = JSON.createObjectNode().put("repo", owner.did());
            input.set("writes", writes);
            network.xrpcPost("com.atproto.repo.applyWrites", input, owner.accessJwt());
        }

        try (PeopleDirectory plc = PeopleDirectory.start(network, owner);
             HsqldbWaddleDatabase database = HsqldbWaddleDatabase.create();
             SafeHttpClient http = new SafeHttpClient(OutboundPolicy.builder().allowPlainHttp("127.0.0.1")
                     .allowPlainHttp("localhost").allowAddress("127.0.0.1").build(), HostResolver.system())) {
            XrpcClient xrpc = new XrpcClient(http);
            IdentityResolver identities = new IdentityResolver(http, xrpc, Optional.empty(), new IdentityResolver.Config(
                    plc.url(), List.of(IdentityResolver.HandleMethod.XRPC), Optional.of(network.pdsUrl()),
                    Duration.ofMinutes(10), Duration.ofMinutes(1), 1000, Set.of("test")), Clock.systemUTC());
            WaddleService service = new WaddleService(new JdbcWaddleRepository(database.connections()), Clock.systemUTC());
            Did ownerDid = Did.parse(owner.did());
            WaddleSlug slug = new WaddleSlug("big-list");
            service.createWaddle(ownerDid, slug, "Big list", "", Visibility.PUBLIC);
            ListSync sync = new ListSync(service, new AtprotoListSource(() -> identities, () -> xrpc,
                    new HostPacer(Clock.systemUTC(), Duration.ZERO, Duration.ofMinutes(1), duration -> { }),
                    GraphReader.Limits::defaults, Clock.systemUTC()), Clock.systemUTC());

            network.resetCounts();
            long start = System.nanoTime();
            ListSync.Outcome first = sync.link(Actor.of(ownerDid), slug, list, SyncMode.ADD_ONLY);
            Duration firstTime = Duration.ofNanos(System.nanoTime() - start);
            Map<String, Integer> firstCalls = network.xrpcCounts();
            assertThat(first.error()).isEmpty();
            assertThat(service.members(slug)).hasSize(PEOPLE + 1);

            network.resetCounts();
            start = System.nanoTime();
            ListSync.Outcome again = sync.sync(slug, false);
            Duration againTime = Duration.ofNanos(System.nanoTime() - start);
            Map<String, Integer> againCalls = network.xrpcCounts();
            assertThat(again.plan().orElseThrow().isEmpty()).isTrue();
            assertThat(firstCalls).as("linking reads the list once").containsEntry("com.atproto.repo.getRecord", 1);
            assertThat(again.xrpcCalls()).as("an unchanged repository is not read again").isEqualTo(1);
            assertThat(first.didLookups()).isEqualTo(PEOPLE);
            assertThat(again.didLookups()).isZero();
            int peopleResolved = plc.peopleServed.get();
            assertThat(againCalls).doesNotContainKeys("com.atproto.repo.listRecords", "com.atproto.repo.getRecord");

            Log.info("BENCH list sync {} people: first sync {} ms, {} XRPC calls by the sync ({} counted by the PDS: {}), "
                    + "{} DID lookups ({} documents served); no-change re-sync {} ms, {} XRPC calls ({} counted by the "
                    + "PDS: {}), {} DID lookups", PEOPLE, firstTime.toMillis(), first.xrpcCalls() + 1, total(firstCalls),
                    firstCalls, first.didLookups(), peopleResolved, againTime.toMillis(), again.xrpcCalls(),
                    total(againCalls), againCalls, again.didLookups());
        }
    }

    private static int total(Map<String, Integer> counts) {
        return counts.values().stream().mapToInt(Integer::intValue).sum();
    }

    private static String createList(AtprotoNetwork network, TestAccount owner) {
        ObjectNode record = JSON.createObjectNode().put("$type", "app.bsky.graph.list")
                .put("purpose", "app.bsky.graph.defs#curatelist").put("name", "Five thousand")
                .put("createdAt", Instant.now().toString());
        ObjectNode input = JSON.createObjectNode().put("repo", owner.did()).put("collection", "app.bsky.graph.list");
        input.set("record", record);
        return network.xrpcPost("com.atproto.repo.createRecord", input, owner.accessJwt()).get("uri").asText();
    }

    /** A syntactically valid did:plc for person {@code n} (nobody's: the sync needs no resolution of members). */
    private static String plc(int n) {
        StringBuilder id = new StringBuilder();
        int value = n;
        for (int i = 0; i < 24; i++) {
            id.append(BASE32.charAt(value % 32));
            value /= 32;
        }
        return "did:plc:" + id;
    }

    /**
     * A loopback PLC directory: documents for the synthetic people (the owner's document with the owner's DID replaced
     * and no handle), every other request passed to the test bed's PLC.
     */
    private static final class PeopleDirectory implements AutoCloseable {
        private final HttpServer server;
        private final ExecutorService threads = Executors.newFixedThreadPool(2);
        final AtomicInteger peopleServed = new AtomicInteger();

        private PeopleDirectory(HttpServer server) {
            this.server = server;
        }

        static PeopleDirectory start(AtprotoNetwork network, TestAccount owner) throws Exception {
            // Without TCP_NODELAY the JDK server's separate header and body writes meet the client's delayed ACK:
            // 40 ms per document, the stub's cost rather than the sync's. Read once, when the JDK server first starts.
            System.setProperty("sun.net.httpserver.nodelay", "true");
            String template = JSON.writeValueAsString(network.didDocument(owner.did()));
            HttpClient upstream = HttpClient.newHttpClient();
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            PeopleDirectory directory = new PeopleDirectory(server);
            server.createContext("/", exchange -> {
                String path = exchange.getRequestURI().getRawPath();
                String did = URLDecoder.decode(path.substring(1), StandardCharsets.UTF_8);
                int status;
                byte[] body;
                if (did.startsWith("did:plc:") && !did.equals(owner.did())) {
                    ObjectNode document = (ObjectNode) JSON.readTree(template.replace(owner.did(), did));
                    document.putArray("alsoKnownAs");
                    body = JSON.writeValueAsBytes(document);
                    status = 200;
                    directory.peopleServed.incrementAndGet();
                } else {
                    try {
                        HttpResponse<byte[]> answer = upstream.send(HttpRequest.newBuilder(network.plcUrl()
                                .resolve(exchange.getRequestURI().getRawPath())).build(),
                                HttpResponse.BodyHandlers.ofByteArray());
                        status = answer.statusCode();
                        body = answer.body();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        status = 502;
                        body = new byte[0];
                    }
                }
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            });
            server.setExecutor(directory.threads);
            server.start();
            return directory;
        }

        URI url() {
            return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        }

        @Override
        public void close() {
            server.stop(0);
            threads.shutdownNow();
        }
    }
}
