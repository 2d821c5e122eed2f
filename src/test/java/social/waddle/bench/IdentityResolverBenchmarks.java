package social.waddle.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

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

import social.waddle.atproto.AtprotoException;
import social.waddle.atproto.http.HostResolver;
import social.waddle.atproto.http.OutboundPolicy;
import social.waddle.atproto.http.SafeHttpClient;
import social.waddle.atproto.identity.IdentityResolver;
import social.waddle.atproto.identity.IdentityResolver.HandleMethod;
import social.waddle.atproto.identity.LoopbackUpstream;
import social.waddle.atproto.identity.VerifiedIdentity;
import social.waddle.atproto.syntax.Did;
import social.waddle.atproto.syntax.Handle;
import social.waddle.atproto.xrpc.XrpcClient;

/**
 * {@link IdentityResolver} end to end against an in-process upstream on loopback (plain HTTP: resolveHandle and the
 * PLC directory). Run with the class path of {@link IdentityBenchmarks}:
 *
 * <pre>
 * mvn -B -q test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/test.classpath
 * java -cp target/test-classes:target/classes:$(cat target/test.classpath) social.waddle.bench.IdentityResolverBenchmarks
 * </pre>
 *
 * A cold round fails the benchmark unless the upstream saw exactly one resolveHandle and one document request.
 * The forked JVM gets {@code -Dsun.net.httpserver.nodelay=true}: without it the JDK's test HTTP server meets
 * Nagle's algorithm and delayed ACKs on loopback (about 40 ms per request), which would measure the fake, not us.
 */
public class IdentityResolverBenchmarks {

    static final int CONCURRENT_CALLERS = 64;
    static final String HANDLE = "alice.test";

    @State(Scope.Benchmark)
    public static class Upstream {
        LoopbackUpstream upstream;
        SafeHttpClient http;
        IdentityResolver resolver;
        Handle handle;
        Did did;
        ExecutorService pool;

        @Setup(Level.Trial)
        public void setUp() throws IOException, AtprotoException {
            upstream = LoopbackUpstream.start();
            upstream.xrpcHandle(HANDLE, IdentityBenchmarks.DID)
                    .document(IdentityBenchmarks.DID, new String(IdentityBenchmarks.CURRENT_SHAPE, StandardCharsets.UTF_8));
            http = new SafeHttpClient(OutboundPolicy.builder().allowPlainHttp("127.0.0.1").allowAddress("127.0.0.1")
                    .build(), HostResolver.system());
            IdentityResolver.Config config = new IdentityResolver.Config(upstream.baseUri(), List.of(HandleMethod.XRPC),
                    Optional.of(upstream.baseUri()), Duration.ofHours(1), Duration.ofMinutes(1), 10_000, Set.of("test"));
            resolver = new IdentityResolver(http, new XrpcClient(http), Optional.empty(), config, Clock.systemUTC());
            handle = Handle.parse(HANDLE);
            did = Did.parse(IdentityBenchmarks.DID);
            pool = Executors.newFixedThreadPool(CONCURRENT_CALLERS);
            resolver.resolveHandle(handle);
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            pool.shutdownNow();
            http.close();
            upstream.close();
        }
    }

    /** Per-iteration totals of the cold rounds. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class UpstreamCalls {
        public long upstreamRequests;
        public long callersServed;

        @Setup(Level.Iteration)
        public void reset() {
            upstreamRequests = 0;
            callersServed = 0;
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public VerifiedIdentity cachedResolveHandle(Upstream state) throws AtprotoException {
        return state.resolver.resolveHandle(state.handle);
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public VerifiedIdentity cachedResolveDid(Upstream state) throws AtprotoException {
        return state.resolver.resolveDid(state.did);
    }

    /**
     * One round: everything forgotten, then 64 callers resolve the same handle at once. Throughput is rounds per
     * second ({@code callersServed} per second is 64 times that).
     */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public int coldResolutionSixtyFourCallers(Upstream state, UpstreamCalls counters) throws Exception {
        state.resolver.invalidateAll();
        int before = state.upstream.totalRequests();
        CountDownLatch start = new CountDownLatch(1);
        List<Future<VerifiedIdentity>> results = new ArrayList<>(CONCURRENT_CALLERS);
        for (int i = 0; i < CONCURRENT_CALLERS; i++) {
            results.add(state.pool.submit(() -> {
                start.await();
                return state.resolver.resolveHandle(state.handle);
            }));
        }
        start.countDown();
        for (Future<VerifiedIdentity> result : results) {
            result.get();
        }
        int requests = state.upstream.totalRequests() - before;
        if (requests != 2) {
            throw new IllegalStateException("A cold round of " + CONCURRENT_CALLERS + " callers made " + requests
                    + " upstream requests; expected exactly 2 (one resolveHandle, one DID document)");
        }
        counters.upstreamRequests += requests;
        counters.callersServed += CONCURRENT_CALLERS;
        return requests;
    }

    public static void main(String[] args) throws Exception {
        CommandLineOptions commandLine = new CommandLineOptions(args);
        OptionsBuilder options = new OptionsBuilder();
        options.parent(commandLine);
        if (commandLine.getIncludes().isEmpty()) {
            options.include(IdentityResolverBenchmarks.class.getName() + ".*");
        }
        if (!commandLine.getForkCount().hasValue()) {
            options.forks(1);
        }
        if (!commandLine.getJvmArgsAppend().hasValue()) {
            options.jvmArgsAppend("-Dsun.net.httpserver.nodelay=true");
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
