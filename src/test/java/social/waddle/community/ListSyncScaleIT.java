package social.waddle.community;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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
 * Waddle on HSQLDB: the first sync adds everyone reading the list once, a re-sync with no change reads only the
 * repository's revision and changes nothing. Prints the figures
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

        try (HsqldbWaddleDatabase database = HsqldbWaddleDatabase.create();
             SafeHttpClient http = new SafeHttpClient(OutboundPolicy.builder().allowPlainHttp("127.0.0.1")
                     .allowPlainHttp("localhost").allowAddress("127.0.0.1").build(), HostResolver.system())) {
            XrpcClient xrpc = new XrpcClient(http);
            IdentityResolver identities = new IdentityResolver(http, xrpc, Optional.empty(), new IdentityResolver.Config(
                    network.plcUrl(), List.of(IdentityResolver.HandleMethod.XRPC), Optional.of(network.pdsUrl()),
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
            assertThat(againCalls).doesNotContainKeys("com.atproto.repo.listRecords", "com.atproto.repo.getRecord");

            Log.info("BENCH list sync {} people: first sync {} ms, {} XRPC calls by the sync ({} counted by the PDS: {}); "
                    + "no-change re-sync {} ms, {} XRPC calls ({} counted by the PDS: {})", PEOPLE, firstTime.toMillis(),
                    first.xrpcCalls() + 1, total(firstCalls), firstCalls, againTime.toMillis(), again.xrpcCalls(),
                    total(againCalls), againCalls);
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
}
