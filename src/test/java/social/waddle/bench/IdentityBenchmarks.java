package social.waddle.bench;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.math.ec.ECCurve;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import social.waddle.atproto.AtprotoException;
import social.waddle.atproto.concurrent.ResolutionCache;
import social.waddle.atproto.crypto.Multibase;
import social.waddle.atproto.crypto.Multicodec;
import social.waddle.atproto.crypto.AtprotoPublicKey;
import social.waddle.atproto.crypto.PublicKeys;
import social.waddle.atproto.identity.DidDocument;
import social.waddle.atproto.identity.DidDocumentParser;
import social.waddle.atproto.syntax.Did;

/**
 * Identity-core micro benchmarks. Run all (1 fork, short iterations) with:
 *
 * <pre>
 * mvn -B -q test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/test.classpath
 * java -cp target/test-classes:target/classes:$(cat target/test.classpath) social.waddle.bench.IdentityBenchmarks
 * </pre>
 *
 * Any JMH command-line option may follow (e.g. {@code -f 2 -i 10 cachedLookup}).
 */
public class IdentityBenchmarks {

    static final String DID = "did:plc:ewvi7nxzyoun6zhxrhs64oiz";
    static final String MULTIKEY = "zQ3shXjHeiBuRCKmM36cuYnm7YEMzhGnCmCyW92sRJ9pribSF";
    static final String LEGACY_MULTIBASE = "zQYEBzXeuTM9UR3rfvNag6L3RNAs5pQZyYPsomTsgQhsxLdEgCrPTLgFna8yqCnxPpNT7DBk6Ym3dgPKNu86vt9GR";
    static final int CONCURRENT_CALLERS = 64;

    static final byte[] CURRENT_SHAPE = ("{\"@context\":[\"https://www.w3.org/ns/did/v1\",\"https://w3id.org/security/multikey/v1\"],"
            + "\"id\":\"" + DID + "\",\"alsoKnownAs\":[\"at://alice.test\"],"
            + "\"verificationMethod\":[{\"id\":\"" + DID + "#atproto\",\"type\":\"Multikey\",\"controller\":\"" + DID
            + "\",\"publicKeyMultibase\":\"" + MULTIKEY + "\"}],"
            + "\"service\":[{\"id\":\"#atproto_pds\",\"type\":\"AtprotoPersonalDataServer\",\"serviceEndpoint\":\"https://pds.example.com\"}]}")
            .getBytes(StandardCharsets.UTF_8);

    static final byte[] LEGACY_SHAPE = ("{\"@context\":[\"https://www.w3.org/ns/did/v1\"],\"id\":\"" + DID + "\","
            + "\"alsoKnownAs\":[\"at://alice.test\"],"
            + "\"verificationMethod\":[{\"id\":\"#atproto\",\"type\":\"EcdsaSecp256k1VerificationKey2019\",\"controller\":\"" + DID
            + "\",\"publicKeyMultibase\":\"" + LEGACY_MULTIBASE + "\"}],"
            + "\"service\":[{\"id\":\"#atproto_pds\",\"type\":\"AtprotoPersonalDataServer\",\"serviceEndpoint\":\"https://pds.example.com\"}]}")
            .getBytes(StandardCharsets.UTF_8);

    @State(Scope.Benchmark)
    public static class Documents {
        Did did;

        @Setup
        public void setUp() throws AtprotoException {
            did = Did.parse(DID);
        }
    }

    /** What the baselines work on: the same document bytes, the key's raw point, a plain map holding the document. */
    @State(Scope.Benchmark)
    public static class Baselines {
        final ObjectMapper json = new ObjectMapper();
        ECCurve secp256k1;
        byte[] compressedPoint;
        Did did;
        ConcurrentHashMap<Did, DidDocument> map;

        @Setup
        public void setUp() throws AtprotoException {
            secp256k1 = CustomNamedCurves.getByName("secp256k1").getCurve();
            compressedPoint = Multicodec.read(Multibase.decodeBase58btc(MULTIKEY)).payload();
            did = Did.parse(DID);
            map = new ConcurrentHashMap<>();
            map.put(did, DidDocumentParser.parse(CURRENT_SHAPE, did));
        }
    }

    @State(Scope.Benchmark)
    public static class WarmCache {
        Did did;
        ResolutionCache<Did, DidDocument> cache;
        ResolutionCache.Loader<Did, DidDocument> loader;

        @Setup
        public void setUp() throws AtprotoException {
            did = Did.parse(DID);
            cache = ResolutionCache.builder().positiveTtl(Duration.ofHours(1)).build();
            loader = key -> DidDocumentParser.parse(CURRENT_SHAPE, key);
            cache.get(did, loader);
        }
    }

    @State(Scope.Benchmark)
    public static class Callers {
        Did did;
        ExecutorService pool;

        @Setup(Level.Trial)
        public void setUp() throws AtprotoException {
            did = Did.parse(DID);
            pool = Executors.newFixedThreadPool(CONCURRENT_CALLERS);
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            pool.shutdownNow();
        }
    }

    /** Per-iteration totals: how many loader calls the concurrent rounds caused, and how many callers were served. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class LoaderCalls {
        public long loaderCalls;
        public long callersServed;

        @Setup(Level.Iteration)
        public void reset() {
            loaderCalls = 0;
            callersServed = 0;
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public DidDocument parseCurrentShape(Documents documents) throws AtprotoException {
        return DidDocumentParser.parse(CURRENT_SHAPE, documents.did);
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public DidDocument parseLegacyShape(Documents documents) throws AtprotoException {
        return DidDocumentParser.parse(LEGACY_SHAPE, documents.did);
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public AtprotoPublicKey decodeMultikey() throws AtprotoException {
        return PublicKeys.fromMultikey(MULTIKEY);
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public DidDocument cachedLookup(WarmCache warm) throws AtprotoException {
        return warm.cache.get(warm.did, warm.loader);
    }

    /** Baseline of the parsers: Jackson's tree of the same bytes, no validation. */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public JsonNode baselineJacksonTree(Baselines baselines) throws java.io.IOException {
        return baselines.json.readTree(CURRENT_SHAPE);
    }

    /** Baseline of {@link #decodeMultikey}: BouncyCastle decompressing the same secp256k1 point. */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public Object baselineDecodePoint(Baselines baselines) {
        return baselines.secp256k1.decodePoint(baselines.compressedPoint);
    }

    /** Baseline of {@link #cachedLookup}: a plain concurrent map lookup. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public DidDocument baselineMapGet(Baselines baselines) {
        return baselines.map.get(baselines.did);
    }

    /** One round: a cold cache, 64 threads asking for the same DID at once; ideally one loader call per round. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public int concurrentResolutionOneKey(Callers callers, LoaderCalls counters) throws Exception {
        ResolutionCache<Did, DidDocument> cache = ResolutionCache.builder().positiveTtl(Duration.ofHours(1)).build();
        AtomicInteger loads = new AtomicInteger();
        ResolutionCache.Loader<Did, DidDocument> loader = key -> {
            loads.incrementAndGet();
            return DidDocumentParser.parse(CURRENT_SHAPE, key);
        };
        CountDownLatch start = new CountDownLatch(1);
        List<Future<DidDocument>> results = new ArrayList<>(CONCURRENT_CALLERS);
        for (int i = 0; i < CONCURRENT_CALLERS; i++) {
            results.add(callers.pool.submit(() -> {
                start.await();
                return cache.get(callers.did, loader);
            }));
        }
        start.countDown();
        for (Future<DidDocument> result : results) {
            result.get();
        }
        counters.loaderCalls += loads.get();
        counters.callersServed += CONCURRENT_CALLERS;
        return loads.get();
    }

    public static void main(String[] args) throws Exception {
        CommandLineOptions commandLine = new CommandLineOptions(args);
        OptionsBuilder options = new OptionsBuilder();
        options.parent(commandLine);
        if (commandLine.getIncludes().isEmpty()) {
            options.include(IdentityBenchmarks.class.getName() + ".*");
        }
        if (!commandLine.getForkCount().hasValue()) {
            options.forks(1);
        }
        if (!commandLine.getWarmupIterations().hasValue()) {
            options.warmupIterations(2).warmupTime(TimeValue.seconds(1));
        }
        if (!commandLine.getMeasurementIterations().hasValue()) {
            options.measurementIterations(3).measurementTime(TimeValue.seconds(2));
        }
        new Runner(options.build()).run();
    }
}
