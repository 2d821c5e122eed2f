package social.waddle.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

import social.waddle.testbed.atproto.AtprotoNetwork;
import social.waddle.testbed.atproto.TestAccount;
import social.waddle.testbed.openfire.OpenfireServer;
import social.waddle.testbed.openfire.XmppTestClient;

/**
 * Login throughput of ATProto accounts against Openfire's own accounts, on one real Openfire 4.2.0 with the plugin
 * and the local ATProto network (PLC + PDS). Every login is a full XMPP login from Smack: connect, SASL PLAIN, bind,
 * disconnect, one after the other. Local and ATProto logins alternate round by round (the side that goes first
 * alternates too), so drift in machine load hits both sides alike. Goals of issue "Log in with a Bluesky identity":
 * ATProto logins/s at least 0.9 times local logins/s, and no {@code createSession} call at the PDS over 1,000
 * re-logins.
 *
 * <p>Run (after or with {@code package}, since the server needs {@code target/waddle.jar}):
 *
 * <pre>
 * mvn -B -q -DskipTests package exec:exec@login-load
 * mvn -B -q exec:exec@login-load -Dlogin.args="--per-round 500 --rounds 5 --relogins 2000 --profile"
 * </pre>
 *
 * {@code --profile} records the server with Java Flight Recorder (through {@code jcmd}) during extra ATProto logins
 * and prints where its CPU samples fall.
 */
public final class LoginLoadDriver {

    static final String DOMAIN = "waddle.test";
    static final String LOCAL_USER = "localbench";
    static final int TOP_FRAMES = 25;
    /** Held so the level sticks: the server's post-login IQs racing our quick disconnects make Smack warn. */
    private static final java.util.logging.Logger SMACK_LOG = java.util.logging.Logger.getLogger("org.jivesoftware.smack");

    record Options(int perRound, int rounds, int relogins, int warmup, boolean profile) {

        static Options parse(String[] args) {
            Map<String, String> values = new HashMap<>();
            boolean profile = false;
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--profile" -> profile = true;
                    case "--per-round", "--rounds", "--relogins", "--warmup" -> {
                        if (i + 1 >= args.length) {
                            throw new IllegalArgumentException(args[i] + " needs a number");
                        }
                        values.put(args[i], args[++i]);
                    }
                    default -> {
                        if (!args[i].isBlank()) {
                            throw new IllegalArgumentException("unknown option " + args[i]
                                    + " (known: --per-round N --rounds N --relogins N --warmup N --profile)");
                        }
                    }
                }
            }
            return new Options(
                    Integer.parseInt(values.getOrDefault("--per-round", "200")),
                    Integer.parseInt(values.getOrDefault("--rounds", "3")),
                    Integer.parseInt(values.getOrDefault("--relogins", "1000")),
                    Integer.parseInt(values.getOrDefault("--warmup", "100")),
                    profile);
        }
    }

    /** One side's timings: the wall time of each round and the latency of each login. */
    static final class Side {
        final String label;
        final List<Long> roundNanos = new ArrayList<>();
        final List<Long> loginNanos = new ArrayList<>();

        Side(String label) {
            this.label = label;
        }

        long totalNanos() {
            return roundNanos.stream().mapToLong(Long::longValue).sum();
        }

        double loginsPerSecond() {
            return loginNanos.size() / (totalNanos() / 1e9);
        }

        double roundLoginsPerSecond(int round) {
            return (loginNanos.size() / (double) roundNanos.size()) / (roundNanos.get(round) / 1e9);
        }

        double percentileMillis(double percentile) {
            long[] sorted = loginNanos.stream().mapToLong(Long::longValue).sorted().toArray();
            int index = (int) Math.min(sorted.length - 1, Math.ceil(percentile / 100.0 * sorted.length) - 1);
            return sorted[Math.max(0, index)] / 1e6;
        }
    }

    private final Options options;
    private AtprotoNetwork network;
    private OpenfireServer server;
    private String localPassword;
    private TestAccount atproto;

    private LoginLoadDriver(Options options) {
        this.options = options;
    }

    public static void main(String[] args) {
        Options options = Options.parse(args);
        SMACK_LOG.setLevel(java.util.logging.Level.SEVERE);
        LoginLoadDriver driver = new LoginLoadDriver(options);
        try {
            driver.run();
        } finally {
            driver.stop();
        }
    }

    private void run() {
        System.out.printf("Login load: %d logins per side per round, %d rounds, %d ATProto re-logins; load %s%n",
                options.perRound(), options.rounds(), options.relogins(), loadAverage());
        network = AtprotoNetwork.start();
        server = OpenfireServer.start(OpenfireServer.Options.defaults().label("login-load").domain(DOMAIN)
                .properties(pluginSettings(network)));
        atproto = network.createAccount("bench");
        localPassword = "local-" + Long.toHexString(System.nanoTime());
        XmppTestClient.createLocalUser(server, LOCAL_USER, localPassword);

        // Warm-up: the first ATProto login fills the identity and credential caches (one createSession); the rest
        // let both JVMs compile the login paths before anything is timed.
        loginAtproto();
        for (int i = 0; i < options.warmup(); i++) {
            loginLocal();
            loginAtproto();
        }
        network.resetCounts();

        Side local = new Side("local (a)");
        Side remote = new Side("ATProto (b)");
        int atprotoLogins = 0;
        for (int round = 0; round < options.rounds(); round++) {
            boolean localFirst = round % 2 == 0;
            measure(localFirst ? local : remote, localFirst);
            measure(localFirst ? remote : local, !localFirst);
            atprotoLogins += options.perRound();
        }
        while (atprotoLogins < options.relogins()) {
            loginAtproto();
            atprotoLogins++;
        }
        Map<String, Integer> pdsCalls = network.xrpcCounts();
        report(local, remote, atprotoLogins, pdsCalls);

        if (options.profile()) {
            profileAtprotoLogins();
        }
    }

    private void measure(Side side, boolean localUser) {
        long roundStart = System.nanoTime();
        for (int i = 0; i < options.perRound(); i++) {
            long start = System.nanoTime();
            if (localUser) {
                loginLocal();
            } else {
                loginAtproto();
            }
            side.loginNanos.add(System.nanoTime() - start);
        }
        side.roundNanos.add(System.nanoTime() - roundStart);
    }

    private void loginLocal() {
        XmppTestClient.login(server, LOCAL_USER, localPassword).close();
    }

    private void loginAtproto() {
        XmppTestClient.login(server, atproto.handle(), atproto.appPassword()).close();
    }

    private void report(Side local, Side remote, int atprotoLogins, Map<String, Integer> pdsCalls) {
        System.out.println();
        System.out.printf("%-13s %7s %9s %10s %8s %8s %8s%n", "side", "logins", "seconds", "logins/s", "p50 ms",
                "p95 ms", "p99 ms");
        for (Side side : List.of(local, remote)) {
            System.out.printf(Locale.ROOT, "%-13s %7d %9.2f %10.1f %8.2f %8.2f %8.2f%n", side.label,
                    side.loginNanos.size(), side.totalNanos() / 1e9, side.loginsPerSecond(),
                    side.percentileMillis(50), side.percentileMillis(95), side.percentileMillis(99));
        }
        double ratio = remote.loginsPerSecond() / local.loginsPerSecond();
        String perRound = java.util.stream.IntStream.range(0, options.rounds())
                .mapToObj(round -> String.format(Locale.ROOT, "%.3f",
                        remote.roundLoginsPerSecond(round) / local.roundLoginsPerSecond(round)))
                .collect(Collectors.joining(" "));
        System.out.printf(Locale.ROOT, "ratio (b)/(a) %.3f  (goal >= 0.90: %s; per round: %s)%n", ratio,
                ratio >= 0.9 ? "met" : "MISSED", perRound);
        int createSessions = pdsCalls.getOrDefault(AtprotoNetwork.CREATE_SESSION, 0);
        System.out.printf("(c) PDS createSession calls over %d ATProto re-logins: %d  (goal 0: %s)%n", atprotoLogins,
                createSessions, createSessions == 0 ? "met" : "MISSED");
        System.out.printf("    all PDS XRPC calls in that time: %s%n", pdsCalls.isEmpty() ? "none" : pdsCalls);
        System.out.printf("load average at the end: %s%n", loadAverage());
    }

    /** JFR on the server while it serves ATProto logins; prints the hottest frames and the plugin's share. */
    private void profileAtprotoLogins() {
        Path recording = server.logDirectory().resolve("login-load.jfr");
        long pid = server.pid();
        jcmd(pid, "JFR.start", "name=login-load", "settings=profile");
        int logins = Math.max(options.perRound(), 300);
        for (int i = 0; i < logins; i++) {
            loginAtproto();
        }
        jcmd(pid, "JFR.stop", "name=login-load", "filename=" + recording);
        Map<String, Integer> selfSamples = new HashMap<>();
        Map<String, Integer> inclusiveSamples = new HashMap<>();
        int total = 0;
        try (RecordingFile file = new RecordingFile(recording)) {
            while (file.hasMoreEvents()) {
                RecordedEvent event = file.readEvent();
                if (!event.getEventType().getName().equals("jdk.ExecutionSample")) {
                    continue;
                }
                RecordedStackTrace stack = event.getStackTrace();
                if (stack == null || stack.getFrames().isEmpty()) {
                    continue;
                }
                total++;
                List<RecordedFrame> frames = stack.getFrames();
                selfSamples.merge(methodName(frames.get(0)), 1, Integer::sum);
                frames.stream().map(LoginLoadDriver::methodName).distinct()
                        .forEach(method -> inclusiveSamples.merge(method, 1, Integer::sum));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + recording, e);
        }
        System.out.printf("%nServer CPU samples during %d ATProto logins: %d (recording: %s)%n", logins, total, recording);
        printTop("hottest methods (self)", selfSamples, total, method -> true);
        printTop("login path (inclusive)", inclusiveSamples, total, method -> method.startsWith("social.waddle.")
                || method.startsWith("org.jivesoftware.openfire.auth.")
                || method.startsWith("org.jivesoftware.openfire.net.SASLAuthentication")
                || method.startsWith("com.sun.crypto.provider.PBKDF2")
                || method.startsWith("org.jivesoftware.database."));
    }

    private static void printTop(String title, Map<String, Integer> samples, int total,
                                 java.util.function.Predicate<String> shown) {
        System.out.println("  " + title + ":");
        samples.entrySet().stream()
                .filter(entry -> shown.test(entry.getKey()))
                .sorted(Map.Entry.<String, Integer>comparingByValue(Comparator.reverseOrder()))
                .limit(TOP_FRAMES)
                .forEach(entry -> System.out.printf(Locale.ROOT, "    %5.1f%%  %s%n",
                        100.0 * entry.getValue() / total, entry.getKey()));
    }

    private static String methodName(RecordedFrame frame) {
        return frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
    }

    private static void jcmd(long pid, String... command) {
        List<String> line = new ArrayList<>();
        line.add(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString());
        line.add(Long.toString(pid));
        line.addAll(Arrays.asList(command));
        try {
            Process process = new ProcessBuilder(line).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", line) + " failed: " + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + line, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + line, e);
        }
    }

    /** The plugin settings that point it at the local network instead of plc.directory and public DNS. */
    static Map<String, String> pluginSettings(AtprotoNetwork network) {
        return Map.of(
                "waddle.identity.plcDirectory", network.plcUrl().toString(),
                "waddle.identity.handleResolvers", "xrpc",
                "waddle.identity.resolveHandleService", network.pdsUrl().toString(),
                "waddle.http.plainHttpHosts", "localhost,127.0.0.1",
                "waddle.http.allowedPrivateAddresses", "127.0.0.1,::1");
    }

    static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return fields[0] + " " + fields[1] + " " + fields[2] + " (1/5/15 min, "
                    + Runtime.getRuntime().availableProcessors() + " cores)";
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private void stop() {
        if (server != null) {
            server.close();
        }
        if (network != null) {
            network.close();
        }
    }
}
