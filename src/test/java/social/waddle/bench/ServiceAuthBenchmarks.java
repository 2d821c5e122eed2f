package social.waddle.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Base64;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

import com.nimbusds.jose.crypto.impl.ECDSA;

import social.waddle.login.CredentialCache;
import social.waddle.login.CredentialStore;
import social.waddle.login.InMemoryCredentialStore;
import social.waddle.login.ReplayCache;
import social.waddle.login.ServiceAuthPolicy;
import social.waddle.login.ServiceAuthVerifier;
import social.waddle.login.SigningKeyLookup;
import social.waddle.login.TestTokens;
import social.waddle.login.VerifiedServiceAuth;

/**
 * Service-auth verification through {@link ServiceAuthVerifier} against the bare BouncyCastle ES256K verification
 * of the same signature (goal: at most 1.5 times the bare cost), and the warm re-login path
 * {@link CredentialCache#matches}. The verifier here uses a replay cache that accepts every jti, so one token can
 * be verified over and over. Run: {@code mvn -B -q test-compile exec:exec@service-auth-bench} (JMH options may
 * follow as {@code -Dbench.args="..."}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ServiceAuthBenchmarks {

    private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");
    private static final String APP_PASSWORD = "abcd-efgh-ijkl-mnop";

    private String token;
    private ServiceAuthVerifier verifier;
    private SigningKeyLookup keys;

    private byte[] signingInput;
    private BigInteger r;
    private BigInteger s;
    private ECPublicKeyParameters lightweightKey;
    private byte[] derSignature;
    private KeyPair keyPair;

    private CredentialStore credentialStore;
    private CredentialCache credentialCache;

    @Setup
    public void setUp() throws Exception {
        keyPair = TestTokens.secp256k1();
        token = TestTokens.signedEc(keyPair, TestTokens.header("ES256K"), TestTokens.claims(NOW));
        final ReplayCache acceptsEveryJti = (issuer, jti, keepUntil) -> { };
        final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        verifier = new ServiceAuthVerifier(ServiceAuthPolicy.strict(TestTokens.SERVICE_DID,
                Set.of(TestTokens.LOGIN_LXM)), acceptsEveryJti, clock);
        keys = did -> keyPair.getPublic();

        final int lastDot = token.lastIndexOf('.');
        signingInput = token.substring(0, lastDot).getBytes(StandardCharsets.US_ASCII);
        final byte[] signature = Base64.getUrlDecoder().decode(token.substring(lastDot + 1));
        r = new BigInteger(1, Arrays.copyOfRange(signature, 0, 32));
        s = new BigInteger(1, Arrays.copyOfRange(signature, 32, 64));
        derSignature = ECDSA.transcodeSignatureToDER(signature);
        final X9ECParameters curve = CustomNamedCurves.getByName("secp256k1");
        final ECDomainParameters domain = new ECDomainParameters(curve.getCurve(), curve.getG(), curve.getN(),
                curve.getH());
        final java.security.spec.ECPoint w = ((ECPublicKey) keyPair.getPublic()).getW();
        lightweightKey = new ECPublicKeyParameters(curve.getCurve().createPoint(w.getAffineX(), w.getAffineY()),
                domain);

        credentialStore = new InMemoryCredentialStore(16);
        credentialCache = new CredentialCache(credentialStore, clock, Duration.ofMinutes(15),
                CredentialCache.DEFAULT_ITERATIONS);
        credentialCache.remember("did:plc:alice", APP_PASSWORD);

        if (!rawLightweightEs256k() || !rawJcaEs256k() || verifyServiceAuth() == null
                || !credentialCacheMatches() || !credentialCacheFirstMatch()) {
            throw new IllegalStateException("benchmark fixtures do not verify");
        }
    }

    @Benchmark
    public VerifiedServiceAuth verifyServiceAuth() throws Exception {
        return verifier.verify(token, TestTokens.USER_DID, keys);
    }

    @Benchmark
    public boolean rawLightweightEs256k() {
        final SHA256Digest sha256 = new SHA256Digest();
        sha256.update(signingInput, 0, signingInput.length);
        final byte[] digest = new byte[32];
        sha256.doFinal(digest, 0);
        final ECDSASigner ecdsa = new ECDSASigner();
        ecdsa.init(false, lightweightKey);
        return ecdsa.verifySignature(digest, r, s);
    }

    @Benchmark
    public boolean rawJcaEs256k() throws Exception {
        final Signature ecdsa = Signature.getInstance("SHA256withECDSA", TestTokens.BC);
        ecdsa.initVerify(keyPair.getPublic());
        ecdsa.update(signingInput);
        return ecdsa.verify(derSignature);
    }

    @Benchmark
    public boolean credentialCacheMatches() {
        return credentialCache.matches("did:plc:alice", APP_PASSWORD);
    }

    /** The first re-login a cache sees for a stored entry (after a restart or on another node): the PBKDF2 check. */
    @Benchmark
    public boolean credentialCacheFirstMatch() {
        return new CredentialCache(credentialStore, Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofMinutes(15),
                CredentialCache.DEFAULT_ITERATIONS).matches("did:plc:alice", APP_PASSWORD);
    }

    public static void main(String[] args) throws Exception {
        new Runner(new OptionsBuilder()
                .parent(new CommandLineOptions(args))
                .include(ServiceAuthBenchmarks.class.getName())
                .forks(1)
                .warmupIterations(3)
                .warmupTime(TimeValue.seconds(2))
                .measurementIterations(5)
                .measurementTime(TimeValue.seconds(2))
                .build()).run();
        printInterleavedCpuRatio();
    }

    /**
     * JMH runs one benchmark after the other, so on a shared, busy machine load changes skew the ratio. This
     * cross-check alternates short batches of each operation in one thread and compares the thread's CPU time.
     */
    private static void printInterleavedCpuRatio() throws Exception {
        final ServiceAuthBenchmarks fixtures = new ServiceAuthBenchmarks();
        fixtures.setUp();
        final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        final int rounds = 60;
        final int batch = 200;
        long verifierNanos = 0;
        long lightweightNanos = 0;
        long jcaNanos = 0;
        for (int round = 0; round < rounds; round++) {
            final boolean measured = round >= rounds / 3;
            long start = threads.getCurrentThreadCpuTime();
            for (int i = 0; i < batch; i++) {
                fixtures.verifyServiceAuth();
            }
            long end = threads.getCurrentThreadCpuTime();
            verifierNanos += measured ? end - start : 0;
            start = end;
            for (int i = 0; i < batch; i++) {
                fixtures.rawLightweightEs256k();
            }
            end = threads.getCurrentThreadCpuTime();
            lightweightNanos += measured ? end - start : 0;
            start = end;
            for (int i = 0; i < batch; i++) {
                fixtures.rawJcaEs256k();
            }
            end = threads.getCurrentThreadCpuTime();
            jcaNanos += measured ? end - start : 0;
        }
        final double operations = (double) (rounds - rounds / 3) * batch;
        System.out.printf("Interleaved CPU time per operation: verifyServiceAuth %.1f us, rawLightweightEs256k %.1f us,"
                + " rawJcaEs256k %.1f us%nverifyServiceAuth / rawLightweightEs256k = %.2f (goal <= 1.5),"
                + " verifyServiceAuth / rawJcaEs256k = %.2f%n",
                verifierNanos / operations / 1000, lightweightNanos / operations / 1000, jcaNanos / operations / 1000,
                (double) verifierNanos / lightweightNanos, (double) verifierNanos / jcaNanos);
    }
}
