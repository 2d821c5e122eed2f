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

import social.waddle.testbed.Await;
import social.waddle.testbed.atproto.AtprotoNetwork;
import social.waddle.testbed.atproto.TestAccount;
import social.waddle.testbed.openfire.OpenfireConsoleClient;
import social.waddle.testbed.openfire.OpenfireServer;
import social.waddle.testbed.openfire.ServerLog;
import social.waddle.testbed.openfire.XmppTestClient;
import social.waddle.testbed.web.DevicePasswordsOverHttp;

/**
 * Login throughput of ATProto accounts against Openfire's own accounts, on one real Openfire 4.2.0 with the plugin
 * and the local ATProto network (PLC + PDS). Every login is a full XMPP login from Smack: connect, SASL PLAIN, bind,
 * disconnect, one after the other. Local and ATProto logins take turns in blocks ({@code --block}, 10) within each
 * round, and the side that opens a round alternates, so drift in machine load hits both sides alike. Besides wall
 * time, the Openfire process's own CPU time is charged to the side whose block ran, which a busy machine disturbs
 * far less. Goals of issue "Log in with a Bluesky identity":
 * ATProto logins/s at least 0.9 times local logins/s, and no {@code createSession} call at the PDS over 1,000
 * re-logins.
 *
 * <p>Run (after or with {@code package}, since the server needs {@code target/waddle.jar}):
 *
 * <pre>
 * mvn -B -q -DskipTests package exec:exec@login-load
 * mvn -B -q exec:exec@login-load -Dlogin.args="--per-round 500 --rounds 5 --relogins 2000 --profile"
 * mvn -B -q exec:exec@login-load -Dlogin.args="--devices"

 * </pre>
 *
 * {@code --profile} records the server with Java Flight Recorder (through {@code jcmd}) during 300 more logins of
 * each kind and prints where its CPU samples fall.
 *
 * <p>{@code --compare profile-sync} compares warm ATProto re-logins with Bluesky profile sync off and on instead (see
 * {@link ProfileSyncComparison}; Openfire 5.x only):
 *
 * <pre>
 * mvn -B -q -DskipTests package exec:exec@login-load -Dopenfire.distribution=.../openfire-5.1.1.tar.gz -Dlogin.args="--compare profile-sync"
 * </pre>
 */
public final class LoginLoadDriver {

    static final String DOMAIN = "waddle.test";
    static final String LOCAL_USER = "localbench";
    static final int TOP_FRAMES = 25;
    /** Held so the level sticks: the server's post-login IQs racing our quick disconnects make Smack warn. */
    private static final java.util.logging.Logger SMACK_LOG = java.util.logging.Logger.getLogger("org.jivesoftware");

    record Options(int perRound, int rounds, int block, int relogins, int warmup, boolean profile, boolean devices,
            String compare) {

        static Options parse(String[] args) {
            Map<String, String> values = new HashMap<>();
            boolean profile = false;
            boolean devices = false;
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--profile" -> profile = true;
                    case "--devices" -> devices = true;
                    case "--full-jit" -> System.setProperty(OpenfireServer.FULL_JIT_PROPERTY, "true");
                    case "--per-round", "--rounds", "--block", "--relogins", "--warmup", "--compare" -> {
                        if (i + 1 >= args.length) {
                            throw new IllegalArgumentException(args[i] + " needs a number");
                        }
                        values.put(args[i], args[++i]);
                    }
                    default -> {
                        if (!args[i].isBlank()) {
                            throw new IllegalArgumentException("unknown option " + args[i]
                                    + " (known: --per-round N --rounds N --block N --relogins N --warmup N --profile"
                                    + " --devices --full-jit --compare local|profile-sync)");
                        }
                    }
                }
            }
            return new Options(
                    Integer.parseInt(values.getOrDefault("--per-round", "200")),
                    Integer.parseInt(values.getOrDefault("--rounds", "3")),
                    Integer.parseInt(values.getOrDefault("--block", "10")),
                    Integer.parseInt(values.getOrDefault("--relogins", "1000")),
                    Integer.parseInt(values.getOrDefault("--warmup", "100")),
                    profile, devices,
                    compare(values.getOrDefault("--compare", "local")));
        }

        private static String compare(String value) {
            if (!value.equals("local") && !value.equals("profile-sync")) {
                throw new IllegalArgumentException("--compare is local or profile-sync");
            }
            return value;
        }
    }

    /** One side's figures: wall time per round, latency per login, and the server's CPU time spent meanwhile. */
    static final class Side {
        final String label;
        final long[] roundNanos;
        final List<Long> loginNanos = new ArrayList<>();
        final Runnable login;
        long serverCpuNanos;

        Side(String label, int rounds, Runnable login) {
            this.label = label;
            this.roundNanos = new long[rounds];
            this.login = login;
        }

        long totalNanos() {
            return Arrays.stream(roundNanos).sum();
        }

        double loginsPerSecond() {
            return loginNanos.size() / (totalNanos() / 1e9);
        }

        double roundLoginsPerSecond(int round, int perRound) {
            return perRound / (roundNanos[round] / 1e9);
        }

        double serverCpuMillisPerLogin() {
            return serverCpuNanos / 1e6 / loginNanos.size();
        }

        double percentileMillis(double percentile) {
            long[] sorted = loginNanos.stream().mapToLong(Long::longValue).sorted().toArray();
            int index = (int) Math.min(sorted.length - 1, Math.ceil(percentile / 100.0 * sorted.length) - 1);
            return sorted[Math.max(0, index)] / 1e6;
        }
    }

    private final Options options;
    private final long clockTicksPerSecond = clockTicksPerSecond();
    private AtprotoNetwork network;
    private OpenfireServer server;
    private String localPassword;
    private TestAccount atproto;
    private String devicePassword;

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
        if (options.compare().equals("profile-sync")) {
            new ProfileSyncComparison().run();
            return;
        }
        System.out.printf("Login load: %d logins per side per round in blocks of %d, %d rounds, %d ATProto re-logins; "
                + "server JIT %s; load %s%n", options.perRound(), options.block(), options.rounds(), options.relogins(),
                Boolean.getBoolean(OpenfireServer.FULL_JIT_PROPERTY) ? "C1+C2 (full)" : "C1 only", loadAverage());
        network = AtprotoNetwork.start();
        OpenfireServer.Options serverOptions = OpenfireServer.Options.defaults().label("login-load").domain(DOMAIN)
                .properties(pluginSettings(network));
        server = OpenfireServer.start(options.devices() ? serverOptions.publicWeb() : serverOptions);
        atproto = network.createAccount("bench");
        if (options.devices()) {
            // Created on the public pages after Sign in with Bluesky, as a person does (HTTP, no browser).
            try {
                devicePassword = DevicePasswordsOverHttp.signIn(server, atproto).create("Benchmark phone");
            } catch (Exception e) {
                throw new IllegalStateException("Could not create a device password on the public pages", e);
            }
        }
        localPassword = "local-" + Long.toHexString(System.nanoTime());
        XmppTestClient.createLocalUser(server, LOCAL_USER, localPassword);

        // Warm-up: the first ATProto login fills the identity and credential caches (one createSession); the rest
        // let both JVMs compile the login paths before anything is timed.
        loginAtproto();
        for (int i = 0; i < options.warmup(); i++) {
            loginLocal();
            loginAtproto();
            if (options.devices()) {
                loginDevice();
            }
        }
        network.resetCounts();

        Side local = new Side("local (a)", options.rounds(), this::loginLocal);
        Side remote = new Side("ATProto (b)", options.rounds(), this::loginAtproto);
        List<Side> sides = new ArrayList<>(List.of(local, remote));
        Side device = null;
        if (options.devices()) {
            device = new Side("device (c)", options.rounds(), this::loginDevice);
            sides.add(device);
        }
        int atprotoLogins = 0;
        for (int round = 0; round < options.rounds(); round++) {
            // Within a round the sides take turns in blocks, and which side opens the round rotates.
            for (int done = 0; done < options.perRound(); done += options.block()) {
                int count = Math.min(options.block(), options.perRound() - done);
                for (int turn = 0; turn < sides.size(); turn++) {
                    measure(sides.get((round + turn) % sides.size()), round, count);
                }
            }
            atprotoLogins += options.perRound();
        }
        while (atprotoLogins < options.relogins()) {
            loginAtproto();
            atprotoLogins++;
        }
        Map<String, Integer> pdsCalls = network.xrpcCounts();
        report(local, remote, atprotoLogins, pdsCalls);
        if (device != null) {
            reportDevices(local, remote, device, pdsCalls);
        }

        if (options.profile()) {
            profile("local", this::loginLocal);
            profile("ATProto", this::loginAtproto);
        }
    }

    private void measure(Side side, int round, int count) {
        long cpuBefore = serverCpuNanos();
        long blockStart = System.nanoTime();
        for (int i = 0; i < count; i++) {
            long start = System.nanoTime();
            side.login.run();
            side.loginNanos.add(System.nanoTime() - start);
        }
        side.roundNanos[round] += System.nanoTime() - blockStart;
        side.serverCpuNanos += serverCpuNanos() - cpuBefore;
    }

    /** User plus system CPU time of the Openfire process so far, from {@code /proc/<pid>/stat}; 0 elsewhere. */
    private long serverCpuNanos() {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(server.pid()), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
            return ticks * (1_000_000_000L / clockTicksPerSecond);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    private void loginLocal() {
        XmppTestClient.login(server, LOCAL_USER, localPassword).close();
    }

    private void loginAtproto() {
        XmppTestClient.login(server, atproto.handle(), atproto.appPassword()).close();
    }

    private void loginDevice() {
        XmppTestClient.login(server, atproto.handle(), devicePassword).close();
    }

    /** Device-password logins (c) against warm app-password logins (b) and local logins (a), same rounds. */
    private void reportDevices(Side local, Side remote, Side device, Map<String, Integer> pdsCalls) {
        System.out.printf(Locale.ROOT, "%-13s %7d %9.2f %10.1f %8.2f %8.2f %8.2f %15.2f%n", device.label,
                device.loginNanos.size(), device.totalNanos() / 1e9, device.loginsPerSecond(),
                device.percentileMillis(50), device.percentileMillis(95), device.percentileMillis(99),
                device.serverCpuMillisPerLogin());
        String perRound = java.util.stream.IntStream.range(0, options.rounds())
                .mapToObj(round -> String.format(Locale.ROOT, "%.3f/%.3f",
                        device.roundLoginsPerSecond(round, options.perRound())
                                / remote.roundLoginsPerSecond(round, options.perRound()),
                        device.roundLoginsPerSecond(round, options.perRound())
                                / local.roundLoginsPerSecond(round, options.perRound())))
                .collect(Collectors.joining(" "));
        System.out.printf(Locale.ROOT, "ratio (c)/(b) logins/s %.3f; (c)/(a) %.3f  (per round (c)/(b)/(c)/(a): %s)%n",
                device.loginsPerSecond() / remote.loginsPerSecond(), device.loginsPerSecond() / local.loginsPerSecond(),
                perRound);
        System.out.printf(Locale.ROOT, "server CPU ms per login (a) %.2f : (b) %.2f : (c) %.2f; p50 ms (a) %.2f : (b) %.2f : (c) %.2f%n",
                local.serverCpuMillisPerLogin(), remote.serverCpuMillisPerLogin(), device.serverCpuMillisPerLogin(),
                local.percentileMillis(50), remote.percentileMillis(50), device.percentileMillis(50));
        System.out.printf("PDS createSession calls during the timed rounds: %d (device logins never call the PDS)%n",
                pdsCalls.getOrDefault(AtprotoNetwork.CREATE_SESSION, 0));
    }

    private void report(Side local, Side remote, int atprotoLogins, Map<String, Integer> pdsCalls) {
        System.out.println();
        System.out.printf("%-13s %7s %9s %10s %8s %8s %8s %15s%n", "side", "logins", "seconds", "logins/s", "p50 ms",
                "p95 ms", "p99 ms", "server CPU ms");
        for (Side side : List.of(local, remote)) {
            System.out.printf(Locale.ROOT, "%-13s %7d %9.2f %10.1f %8.2f %8.2f %8.2f %15.2f%n", side.label,
                    side.loginNanos.size(), side.totalNanos() / 1e9, side.loginsPerSecond(),
                    side.percentileMillis(50), side.percentileMillis(95), side.percentileMillis(99),
                    side.serverCpuMillisPerLogin());
        }
        double ratio = remote.loginsPerSecond() / local.loginsPerSecond();
        String perRound = java.util.stream.IntStream.range(0, options.rounds())
                .mapToObj(round -> String.format(Locale.ROOT, "%.3f",
                        remote.roundLoginsPerSecond(round, options.perRound())
                                / local.roundLoginsPerSecond(round, options.perRound())))
                .collect(Collectors.joining(" "));
        System.out.printf(Locale.ROOT, "ratio (b)/(a) logins/s %.3f  (goal >= 0.90: %s; per round: %s)%n", ratio,
                ratio >= 0.9 ? "met" : "MISSED", perRound);
        System.out.printf(Locale.ROOT, "ratio (a)/(b) of p50 latency %.3f; of server CPU per login %.3f%n",
                local.percentileMillis(50) / remote.percentileMillis(50),
                local.serverCpuMillisPerLogin() / remote.serverCpuMillisPerLogin());
        int createSessions = pdsCalls.getOrDefault(AtprotoNetwork.CREATE_SESSION, 0);
        System.out.printf("(c) PDS createSession calls over %d ATProto re-logins: %d  (goal 0: %s)%n", atprotoLogins,
                createSessions, createSessions == 0 ? "met" : "MISSED");
        System.out.printf("    all PDS XRPC calls in that time: %s%n", pdsCalls.isEmpty() ? "none" : pdsCalls);
        System.out.printf("load average at the end: %s%n", loadAverage());
    }

    private static long clockTicksPerSecond() {
        try {
            Process getconf = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            String output = new String(getconf.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
            getconf.waitFor(10, TimeUnit.SECONDS);
            return Long.parseLong(output);
        } catch (IOException | RuntimeException e) {
            return 100;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 100;
        }
    }

    /** JFR on the server while it serves one side's logins; prints the hottest frames and the login path's share. */
    private void profile(String side, Runnable login) {
        Path recording = server.logDirectory().resolve("login-load-" + side + ".jfr");
        long pid = server.pid();
        jcmd(pid, "JFR.start", "name=login-load", "settings=profile");
        int logins = Math.max(options.perRound(), 300);
        for (int i = 0; i < logins; i++) {
            login.run();
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
        System.out.printf("%nServer CPU samples during %d %s logins: %d (recording: %s)%n", logins, side, total,
                recording);
        printTop("hottest methods (self)", selfSamples, total, method -> true);
        printTop("login path (inclusive)", inclusiveSamples, total, method -> method.startsWith("social.waddle.")
                || method.startsWith("org.jivesoftware.openfire.auth.")
                || method.startsWith("org.jivesoftware.openfire.net.SASLAuthentication")
                || method.startsWith("com.sun.crypto.provider.")
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

    /**
     * {@code --compare profile-sync}: warm ATProto re-logins of one account whose Bluesky profile (name and avatar, set
     * on the PDS with its own XRPC) was published at its first login, with {@code waddle.profile.sync.enabled} off (a)
     * and on (b). The setting is flipped before each block through the real admin console (the Waddle settings page,
     * a POST with its CSRF token, as an admin does; it takes effect live), outside the timed blocks; the side that opens
     * a round alternates. Goals of issue "Bluesky profiles": (b)/(a) logins/s at least 0.95, and no profile call at the
     * PDS ({@code getRecord}, {@code getBlob}) over 1,000 re-logins with sync on within the refresh interval (24 h).
     * Needs Openfire 5.x ({@code -Dopenfire.distribution}) for its console.
     */
    private final class ProfileSyncComparison {

        private static final String SETTINGS_PAGE = "plugins/waddle/waddle-settings";
        private static final String SYNC_KEY = "waddle.profile.sync.enabled";
        private OpenfireConsoleClient console;
        private Boolean syncEnabled;

        void run() {
            System.out.printf("Profile sync on/off: %d re-logins per side per round in blocks of %d, %d rounds, %d re-logins"
                    + " with sync on; load %s%n", options.perRound(), options.block(), options.rounds(), options.relogins(),
                    loadAverage());
            network = AtprotoNetwork.start();
            server = OpenfireServer.start(OpenfireServer.Options.defaults().label("profile-sync-load").domain(DOMAIN)
                    .properties(pluginSettings(network)));
            if (!server.isOpenfire5()) {
                throw new IllegalStateException("--compare profile-sync flips the setting in the admin console of Openfire 5.x;"
                        + " pass -Dopenfire.distribution=<openfire-5.x.tar.gz>");
            }
            atproto = network.createAccount("bench");
            setProfile(atproto);
            try {
                console = OpenfireConsoleClient.login(server);
            } catch (Exception e) {
                throw new IllegalStateException("cannot log in to the admin console", e);
            }
            setSync(true);
            ServerLog.Mark beforeFirstLogin = server.log().mark();
            loginAtproto();
            Await.until("the first login's profile to be published", java.time.Duration.ofSeconds(60),
                    () -> server.log().firstLineSince(beforeFirstLogin, "published: name 'Bench Profile'").isPresent());
            for (int done = 0; done < options.warmup(); done += options.block()) {
                for (boolean enabled : new boolean[] {false, true}) {
                    setSync(enabled);
                    for (int i = 0; i < options.block(); i++) {
                        loginAtproto();
                    }
                }
            }
            network.resetCounts();

            Side off = new Side("sync off (a)", options.rounds(), LoginLoadDriver.this::loginAtproto);
            Side on = new Side("sync on (b)", options.rounds(), LoginLoadDriver.this::loginAtproto);
            for (int round = 0; round < options.rounds(); round++) {
                boolean offFirst = round % 2 == 0;
                for (int done = 0; done < options.perRound(); done += options.block()) {
                    int count = Math.min(options.block(), options.perRound() - done);
                    block(offFirst ? off : on, !offFirst, round, count);
                    block(offFirst ? on : off, offFirst, round, count);
                }
            }
            setSync(true);
            int onLogins = on.loginNanos.size();
            while (onLogins < options.relogins()) {
                loginAtproto();
                onLogins++;
            }
            Map<String, Integer> pdsCalls = network.xrpcCounts();
            report(off, on, onLogins, pdsCalls);
        }

        private void block(Side side, boolean enabled, int round, int count) {
            setSync(enabled);
            long cpuBefore = serverCpuNanos();
            long blockStart = System.nanoTime();
            for (int i = 0; i < count; i++) {
                long start = System.nanoTime();
                loginAtproto();
                side.loginNanos.add(System.nanoTime() - start);
            }
            side.roundNanos[round] += System.nanoTime() - blockStart;
            side.serverCpuNanos += serverCpuNanos() - cpuBefore;
        }

        /** The Waddle settings page's form, saved with the one checkbox changed; checked the first time each way. */
        private void setSync(boolean enabled) {
            if (syncEnabled != null && syncEnabled == enabled) {
                return;
            }
            try {
                String csrf = console.get(SETTINGS_PAGE).csrfField();
                OpenfireConsoleClient.Response saved = console.postForm(SETTINGS_PAGE, "csrf", csrf, "action", "save",
                        SYNC_KEY, String.valueOf(enabled));
                if (saved.status() != 303) {
                    throw new IllegalStateException("the settings page did not save " + SYNC_KEY + "=" + enabled + ": HTTP "
                            + saved.status() + "\n" + saved.body());
                }
                if (syncEnabled == null || syncEnabled) {
                    String page = console.get(SETTINGS_PAGE).body();
                    if (!page.contains("Saved 1 changed setting(s).")
                            && !page.contains("Nothing to save: every value was already in effect.")) {
                        throw new IllegalStateException("the console did not confirm " + SYNC_KEY + "=" + enabled);
                    }
                }
                syncEnabled = enabled;
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException("cannot set " + SYNC_KEY + " in the console", e);
            }
        }

        private void setProfile(TestAccount account) {
            try {
                java.awt.image.BufferedImage image = new java.awt.image.BufferedImage(64, 64,
                        java.awt.image.BufferedImage.TYPE_INT_RGB);
                java.io.ByteArrayOutputStream png = new java.io.ByteArrayOutputStream();
                javax.imageio.ImageIO.write(image, "png", png);
                java.net.http.HttpClient http = java.net.http.HttpClient.newBuilder()
                        .version(java.net.http.HttpClient.Version.HTTP_1_1).build();
                java.net.http.HttpResponse<String> uploaded = http.send(java.net.http.HttpRequest.newBuilder(
                                network.pdsLoopbackUrl().resolve("/xrpc/com.atproto.repo.uploadBlob"))
                        .header("Content-Type", "image/png").header("Authorization", "Bearer " + account.accessJwt())
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(png.toByteArray())).build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString());
                com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
                com.fasterxml.jackson.databind.node.ObjectNode record = json.createObjectNode()
                        .put("$type", "app.bsky.actor.profile").put("displayName", "Bench Profile");
                record.set("avatar", json.readTree(uploaded.body()).path("blob"));
                com.fasterxml.jackson.databind.node.ObjectNode put = json.createObjectNode().put("repo", account.did())
                        .put("collection", "app.bsky.actor.profile").put("rkey", "self");
                put.set("record", record);
                network.xrpcPost("com.atproto.repo.putRecord", put, account.accessJwt());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        private void report(Side off, Side on, int onLogins, Map<String, Integer> pdsCalls) {
            System.out.println();
            System.out.printf("%-13s %7s %9s %10s %8s %8s %8s %15s%n", "side", "logins", "seconds", "logins/s", "p50 ms",
                    "p95 ms", "p99 ms", "server CPU ms");
            for (Side side : List.of(off, on)) {
                System.out.printf(Locale.ROOT, "%-13s %7d %9.2f %10.1f %8.2f %8.2f %8.2f %15.2f%n", side.label,
                        side.loginNanos.size(), side.totalNanos() / 1e9, side.loginsPerSecond(),
                        side.percentileMillis(50), side.percentileMillis(95), side.percentileMillis(99),
                        side.serverCpuMillisPerLogin());
            }
            double ratio = on.loginsPerSecond() / off.loginsPerSecond();
            String perRound = java.util.stream.IntStream.range(0, options.rounds())
                    .mapToObj(round -> String.format(Locale.ROOT, "%.3f", on.roundLoginsPerSecond(round, options.perRound())
                            / off.roundLoginsPerSecond(round, options.perRound())))
                    .collect(Collectors.joining(" "));
            System.out.printf(Locale.ROOT, "ratio (b)/(a) logins/s %.3f  (goal >= 0.95: %s; per round: %s)%n", ratio,
                    ratio >= 0.95 ? "met" : "MISSED", perRound);
            System.out.printf(Locale.ROOT, "ratio (a)/(b) of p50 latency %.3f; of server CPU per login %.3f%n",
                    off.percentileMillis(50) / on.percentileMillis(50),
                    off.serverCpuMillisPerLogin() / on.serverCpuMillisPerLogin());
            int profileCalls = pdsCalls.getOrDefault("com.atproto.repo.getRecord", 0)
                    + pdsCalls.getOrDefault("com.atproto.sync.getBlob", 0);
            System.out.printf("(c) PDS profile calls (getRecord + getBlob) over %d re-logins with sync on (and %d with it off): %d"
                    + "  (goal 0: %s)%n", onLogins, off.loginNanos.size(), profileCalls, profileCalls == 0 ? "met" : "MISSED");
            System.out.printf("    all PDS XRPC calls in that time: %s%n", pdsCalls.isEmpty() ? "none" : pdsCalls);
            System.out.printf("load average at the end: %s%n", loadAverage());
        }
    }

    /** The plugin settings that point it at the local network instead of plc.directory and public DNS. */
    static Map<String, String> pluginSettings(AtprotoNetwork network) {
        return Map.of(
                "waddle.identity.plcDirectory", network.plcUrl().toString(),
                "waddle.identity.handleResolvers", "xrpc",
                "waddle.identity.resolveHandleService", network.pdsUrl().toString(),
                "waddle.identity.allowedReservedTlds", "test",
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
