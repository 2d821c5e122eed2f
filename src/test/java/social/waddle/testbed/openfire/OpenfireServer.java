package social.waddle.testbed.openfire;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Openfire in a JVM process of its own, with its own {@code openfireHome} under {@code target/openfire-bed/},
 * listening on free loopback ports, optionally with our plugin installed: the Openfire 5.x distribution named by
 * {@link OpenfireDistribution} (with its real admin console), or else Openfire 4.2.0 from Maven Central.
 *
 * <p>Only the JDK is used here (no Smack), so the {@code Sandbox} can run from the test classes alone.
 */
public final class OpenfireServer implements AutoCloseable {

    private static final Logger Log = LoggerFactory.getLogger(OpenfireServer.class);

    public static final String HOST = "127.0.0.1";
    public static final String ADMIN_USERNAME = "admin";
    /** Canonical plugin name: Openfire derives it from {@code waddle.jar}. */
    public static final String PLUGIN_NAME = "waddle";
    static final String HTTP_BIND_ENABLED = "httpbind.enabled";
    static final String PUBLIC_WEB_BASE_URL = "waddle.web.baseUrl";

    public static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    /** Openfire's plugin monitor looks every 5 s in development mode (every 20 s otherwise). */
    public static final Duration PLUGIN_TIMEOUT = Duration.ofSeconds(40);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);
    private static final Duration POLL_INTERVAL = Duration.ofMillis(100);
    private static final int LOG_TAIL_LINES = 150;

    /** Where Openfire keeps its data: gone with the process, or in files of the home (survives restarts). */
    public enum Database {
        IN_MEMORY,
        FILE
    }

    /**
     * How to set a server up. {@code preferredClientPort} 0 means any free port; otherwise that port is used
     * when free.
     */
    public record Options(String label, String domain, Database database, int preferredClientPort,
                          String adminPassword, boolean withPlugin, Map<String, String> properties) {

        public Options {
            properties = Map.copyOf(properties);
        }

        public static Options defaults() {
            return new Options("openfire", "openfire.test", Database.IN_MEMORY, 0, "admin-password", true, Map.of());
        }

        public Options label(String newLabel) {
            return new Options(newLabel, domain, database, preferredClientPort, adminPassword, withPlugin, properties);
        }

        public Options domain(String newDomain) {
            return new Options(label, newDomain, database, preferredClientPort, adminPassword, withPlugin, properties);
        }

        public Options database(Database newDatabase) {
            return new Options(label, domain, newDatabase, preferredClientPort, adminPassword, withPlugin, properties);
        }

        public Options preferredClientPort(int port) {
            return new Options(label, domain, database, port, adminPassword, withPlugin, properties);
        }

        /**
         * Turns HTTP binding on (Openfire's public web server: BOSH, WebSocket, the plugin's pages under
         * {@code /waddle}) and points the plugin's base URL at it on 127.0.0.1, which makes its OAuth client the
         * loopback development client.
         */
        public Options publicWeb() {
            return properties(Map.of(HTTP_BIND_ENABLED, "true"));
        }

        public Options withoutPlugin() {
            return new Options(label, domain, database, preferredClientPort, adminPassword, false, properties);
        }

        /**
         * Openfire properties (e.g. the plugin's {@code waddle.*} settings) written into {@code openfire.xml}, which
         * Openfire copies into its database on the first start.
         */
        public Options properties(Map<String, String> more) {
            Map<String, String> merged = new java.util.TreeMap<>(properties);
            merged.putAll(more);
            return new Options(label, domain, database, preferredClientPort, adminPassword, withPlugin, merged);
        }
    }

    private final Options options;
    private final Optional<OpenfireDistribution> distribution;
    private final OpenfireHome home;
    private final ServerLog log;
    private final int clientPort;
    private final int adminConsolePort;
    private final int httpBindPort;
    private Process process;
    private ServerLog.Mark startMark;
    private ServerLog.Mark pluginMark;
    private Duration lastStartDuration = Duration.ZERO;

    private OpenfireServer(Options options, Optional<OpenfireDistribution> distribution, OpenfireHome home,
                           int clientPort, int adminConsolePort, int httpBindPort) {
        this.httpBindPort = httpBindPort;
        this.options = options;
        this.distribution = distribution;
        this.home = home;
        this.log = new ServerLog(home.logDirectory().resolve("openfire.log"));
        this.clientPort = clientPort;
        this.adminConsolePort = adminConsolePort;
    }

    /** Prepares a fresh home (ports, configuration, plugin copy); does not start. */
    public static OpenfireServer create(Options options) {
        Optional<OpenfireDistribution> distribution = OpenfireDistribution.forTestBed();
        OpenfireHome home = OpenfireHome.createUnder(buildDirectory().resolve("openfire-bed"), options.label());
        List<Integer> ports = FreePorts.allocate(15);
        int clientPort = options.preferredClientPort() > 0 && FreePorts.isFree(options.preferredClientPort())
                ? options.preferredClientPort()
                : ports.get(0);
        Map<String, String> values = new HashMap<>();
        values.put("domain", options.domain());
        values.put("adminPassword", options.adminPassword());
        values.put("databaseUrl", databaseUrl(options.database(), home.directory()));
        values.put("clientPort", Integer.toString(clientPort));
        String[] otherPorts = {"clientSslPort", "serverPort", "serverSslPort", "componentPort", "componentSslPort",
                "multiplexPort", "multiplexSslPort", "adminConsolePort", "adminConsoleSecurePort", "httpBindPort",
                "httpBindSecurePort", "fileTransferProxyPort", "flashCrossDomainPort"};
        // HTTP binding (BOSH, WebSocket and the plugin's public pages) is off unless asked for: see publicWeb().
        Map<String, String> extra = new java.util.TreeMap<>(options.properties());
        values.put("httpBindEnabled", Optional.ofNullable(extra.remove(HTTP_BIND_ENABLED)).orElse("false"));
        for (int i = 0; i < otherPorts.length; i++) {
            values.put(otherPorts[i], Integer.toString(ports.get(i + 1)));
        }
        if ("true".equals(values.get("httpBindEnabled"))) {
            extra.putIfAbsent(PUBLIC_WEB_BASE_URL, "http://" + HOST + ":" + values.get("httpBindPort") + "/waddle");
        }
        values.put("extraProperties", OpenfireHome.propertiesAsXml(extra));
        distribution.ifPresentOrElse(five -> home.prepare(five, values), () -> home.prepare(values));
        OpenfireServer server = new OpenfireServer(options, distribution, home, clientPort,
                Integer.parseInt(values.get("adminConsolePort")), Integer.parseInt(values.get("httpBindPort")));
        if (options.withPlugin()) {
            home.installPlugin(pluginJar(), distribution.isEmpty());
        }
        return server;
    }

    /** {@link #create} then {@link #start}. */
    public static OpenfireServer start(Options options) {
        OpenfireServer server = create(options);
        try {
            return server.start();
        } catch (RuntimeException e) {
            server.stop();
            throw e;
        }
    }

    /**
     * Starts the process and returns once the client port accepts connections and, with the plugin installed,
     * Openfire reports it loaded. Fails (with the log) after {@link #START_TIMEOUT}.
     */
    public synchronized OpenfireServer start() {
        if (isRunning()) {
            return this;
        }
        Instant begin = Instant.now();
        startMark = log.mark();
        pluginMark = startMark;
        process = launch();
        Log.info("Openfire starting: pid {}, home {}", process.pid(), home.directory());
        awaitOrFail("the client port " + clientPort + " to accept connections", START_TIMEOUT,
                () -> FreePorts.accepts(HOST, clientPort));
        if (isPluginInstalled()) {
            waitForPluginLoaded();
        }
        lastStartDuration = Duration.between(begin, Instant.now());
        Log.info("Openfire {} up in {} ms on {}:{} (domain {}, pid {}, RSS {} kB)", openfireVersion(), lastStartDuration.toMillis(), HOST,
                clientPort, options.domain(), process.pid(), residentSetKilobytes().orElse(-1L));
        return this;
    }

    /** Stops the process (SIGTERM, then SIGKILL after a deadline). The home and its logs stay. */
    public synchronized void stop() {
        if (process == null) {
            return;
        }
        Process stopping = process;
        process = null;
        if (!stopping.isAlive()) {
            return;
        }
        stopping.destroy();
        try {
            if (!stopping.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                Log.warn("Openfire pid {} did not stop within {}; killing it", stopping.pid(), STOP_TIMEOUT);
                stopping.destroyForcibly();
                stopping.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            stopping.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        Log.info("Openfire pid {} stopped; logs in {}", stopping.pid(), home.logDirectory());
    }

    /** Kills the process without letting Openfire shut down, as a crash would. */
    public synchronized void kill() {
        if (process != null) {
            process.destroyForcibly();
            try {
                process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            process = null;
        }
    }

    /** Stops and starts the same home; data survives only with {@link Database#FILE}. */
    public synchronized OpenfireServer restart() {
        if (options.database() != Database.FILE) {
            throw new IllegalStateException("An in-memory Openfire loses its data on restart: use Database.FILE");
        }
        stop();
        return start();
    }

    @Override
    public void close() {
        stop();
    }

    /** Deletes {@code plugins/waddle.jar} and waits until Openfire has unloaded the plugin. */
    public synchronized void uninstallPlugin() {
        ServerLog.Mark before = log.mark();
        home.uninstallPlugin();
        if (isRunning()) {
            awaitOrFail("Openfire to unload plugin " + PLUGIN_NAME, PLUGIN_TIMEOUT,
                    () -> log.firstLineSince(before, "Successfully unloaded plugin '" + PLUGIN_NAME + "'").isPresent());
        }
    }

    /** Copies the plugin JAR (again) into {@code plugins/} and, when running, waits until it is loaded. */
    public synchronized void installPlugin() {
        pluginMark = log.mark();
        home.installPlugin(pluginJar(), distribution.isEmpty());
        if (isRunning()) {
            waitForPluginLoaded();
        }
    }

    /** Waits until Openfire reports our plugin loaded since the last start or install. */
    public void waitForPluginLoaded() {
        ServerLog.Mark since = pluginMark;
        String loaded = "Successfully loaded plugin '" + PLUGIN_NAME + "'";
        awaitOrFail("Openfire to load plugin " + PLUGIN_NAME, PLUGIN_TIMEOUT, () -> {
            Optional<String> failure = Stream.of(
                            "An exception occurred while loading plugin '" + PLUGIN_NAME + "'",
                            "Error while loading plugin '" + PLUGIN_NAME + "'",
                            "Ignoring plugin '" + PLUGIN_NAME + "'")
                    .map(fragment -> log.firstLineSince(since, fragment))
                    .flatMap(Optional::stream)
                    .findFirst();
            if (failure.isPresent()) {
                throw new IllegalStateException("Openfire did not load plugin " + PLUGIN_NAME + ": " + failure.get()
                        + System.lineSeparator() + diagnostics());
            }
            // Openfire 5.x names the version too: "Successfully loaded plugin 'waddle-0.1.0'."
            return log.firstLineSince(since, loaded).isPresent()
                    || log.firstLineSince(since, "Successfully loaded plugin '" + PLUGIN_NAME + "-").isPresent();
        });
    }

    public boolean isPluginInstalled() {
        return Files.exists(home.installedPluginJar());
    }

    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    public String domain() {
        return options.domain();
    }

    /** The Openfire version this server runs: the distribution's (5.x), or {@code 4.2.0}. */
    public String openfireVersion() {
        return distribution.map(OpenfireDistribution::version).orElse("4.2.0");
    }

    /** Whether this is an Openfire 5.x distribution (with its real admin console), not the 4.2.0 fallback. */
    public boolean isOpenfire5() {
        return distribution.isPresent();
    }

    public Optional<OpenfireDistribution> distribution() {
        return distribution;
    }

    /**
     * The real admin console ({@code http://127.0.0.1:<port>/}). Only Openfire 5.x distributions have one: the 4.2.0
     * fallback runs a stand-in admin plugin without a webapp.
     */
    public URI adminConsoleUri() {
        if (distribution.isEmpty()) {
            throw new IllegalStateException("The Openfire 4.2.0 fallback has no admin console: give the test bed an"
                    + " Openfire 5.x distribution (-D" + OpenfireDistribution.PROPERTY + ")");
        }
        return URI.create("http://" + HOST + ":" + adminConsolePort + "/");
    }

    /** The plain HTTP-bind port: Openfire's public web server when {@link Options#publicWeb()} is set. */
    public int httpBindPort() {
        return httpBindPort;
    }

    /** Where the plugin's public pages are ({@code http://127.0.0.1:<HTTP-bind port>/waddle}), without a trailing slash. */
    public URI publicWebUri() {
        return URI.create("http://" + HOST + ":" + httpBindPort + "/waddle");
    }

    public int adminConsolePort() {
        return adminConsolePort;
    }

    public String host() {
        return HOST;
    }

    public int clientPort() {
        return clientPort;
    }

    public String adminUsername() {
        return ADMIN_USERNAME;
    }

    public String adminPassword() {
        return options.adminPassword();
    }

    public Database database() {
        return options.database();
    }

    public Path home() {
        return home.directory();
    }

    public Path logDirectory() {
        return home.logDirectory();
    }

    public ServerLog log() {
        return log;
    }

    public synchronized long pid() {
        if (process == null) {
            throw new IllegalStateException("Openfire is not running");
        }
        return process.pid();
    }

    public Duration lastStartDuration() {
        return lastStartDuration;
    }

    /** Resident set size of the server process (Linux {@code /proc}); empty elsewhere or when stopped. */
    public synchronized Optional<Long> residentSetKilobytes() {
        if (process == null) {
            return Optional.empty();
        }
        Path status = Paths.get("/proc", Long.toString(process.pid()), "status");
        try (Stream<String> lines = Files.lines(status)) {
            return lines.filter(line -> line.startsWith("VmRSS:"))
                    .map(line -> Long.parseLong(line.replaceAll("\\D", "")))
                    .findFirst();
        } catch (IOException | UncheckedIOException e) {
            return Optional.empty();
        }
    }

    /** The end of Openfire's log and of the process output, for failure messages. */
    public String diagnostics() {
        String newline = System.lineSeparator();
        return "--- " + log.file() + " (last " + LOG_TAIL_LINES + " lines) ---" + newline
                + log.tail(LOG_TAIL_LINES) + newline
                + "--- " + stdoutFile() + " ---" + newline
                + ServerLog.tail(stdoutFile(), 40);
    }

    @Override
    public String toString() {
        return "Openfire " + openfireVersion() + " " + options.domain() + " at " + HOST + ":" + clientPort + " (home " + home.directory() + ")";
    }

    private Path stdoutFile() {
        return home.logDirectory().resolve("stdout.log");
    }

    /**
     * When true, servers start with the JVM's full JIT (C2) instead of C1 only: slower start-up, but hashing runs with
     * the JDK's SHA intrinsics as in production (benchmarks of password hashing).
     */
    public static final String FULL_JIT_PROPERTY = "waddle.bed.fullJit";

    private Process launch() {
        List<String> command = new ArrayList<>();
        command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx384m");
        command.add("-XX:+UseSerialGC");
        if (!Boolean.getBoolean(FULL_JIT_PROPERTY)) {
            command.add("-XX:TieredStopAtLevel=1");
        }
        command.add("-Djava.net.preferIPv4Stack=true");
        command.add("-Dfile.encoding=UTF-8");
        command.add("-DopenfireHome=" + home.directory());
        // Plugin monitor every 5 s instead of 20 s, so plugin (un)installs are noticed quickly.
        command.add("-DdevelopmentMode=true");
        if (distribution.isPresent()) {
            // As bin/openfire.sh runs it, with the bed's log configuration and parent watch.
            OpenfireDistribution five = distribution.get();
            command.add("-Dopenfire.lib.dir=" + five.lib());
            command.add("-Dlog4j.configurationFile=" + home.log4j2Configuration());
            command.add("-Dlog4j2.formatMsgNoLookups=true");
            command.add("-Djava.security.properties=" + home.directory().resolve("resources/security/java.security"));
            command.add("-cp");
            command.add(five.startupJar() + File.pathSeparator + home.launcherClasses());
            command.add(OpenfireStarterLauncher.class.getName());
        } else {
            command.add("--add-opens");
            command.add("java.base/java.lang=ALL-UNNAMED");
            command.add("-Dlog4j.configuration=" + home.log4jConfiguration().toUri());
            command.add("-cp");
            command.add(classPath());
            command.add(OpenfireLauncher.class.getName());
        }
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(home.directory().toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(stdoutFile().toFile()));
        try {
            return builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start " + command, e);
        }
    }

    /** The {@code lib/} this server runs: the distribution's, or the 4.2.0 fallback's. */
    public Path libDirectory() {
        return distribution.map(OpenfireDistribution::lib).orElseGet(OpenfireServer::openfireLib);
    }

    /** The Openfire 4.2.0 runtime JARs the fallback bed runs ({@code -Dwaddle.openfireLib}). */
    public static Path openfireLib() {
        return requiredPath("waddle.openfireLib", "openfire-4.2.0/lib");
    }

    private String classPath() {
        Path lib = openfireLib();
        try (Stream<Path> jars = Files.list(lib)) {
            List<String> entries = new ArrayList<>(jars.filter(jar -> jar.toString().endsWith(".jar"))
                    .map(Path::toString).sorted().toList());
            if (entries.stream().noneMatch(jar -> jar.contains("xmppserver-"))) {
                throw new IllegalStateException("No xmppserver JAR in " + lib + ": run mvn package first");
            }
            entries.add(home.launcherClasses().toString());
            return String.join(File.pathSeparator, entries);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list " + lib, e);
        }
    }

    private void awaitOrFail(String what, Duration timeout, BooleanSupplier condition) {
        Instant deadline = Instant.now().plus(timeout);
        while (!condition.getAsBoolean()) {
            if (process == null || !process.isAlive()) {
                throw new IllegalStateException("Openfire exited while waiting for " + what
                        + System.lineSeparator() + diagnostics());
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("Timed out after " + timeout.toSeconds() + " s waiting for " + what
                        + System.lineSeparator() + diagnostics());
            }
            LockSupport.parkNanos(POLL_INTERVAL.toNanos());
            if (Thread.currentThread().isInterrupted()) {
                throw new IllegalStateException("Interrupted while waiting for " + what);
            }
        }
    }

    private static String databaseUrl(Database database, Path home) {
        return switch (database) {
            case IN_MEMORY -> "jdbc:hsqldb:mem:openfire";
            // No lock file: a killed server's stale lock must not keep the restarted one out.
            case FILE -> "jdbc:hsqldb:file:" + home.resolve("embedded-db/openfire")
                    + ";hsqldb.lock_file=false;hsqldb.write_delay=false";
        };
    }

    static Path buildDirectory() {
        String configured = System.getProperty("waddle.buildDir");
        return (configured != null ? Paths.get(configured) : Paths.get("target")).toAbsolutePath();
    }

    static Path pluginJar() {
        Path jar = requiredPath("waddle.pluginJar", "waddle.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("No plugin JAR at " + jar + ": run mvn package first");
        }
        return jar;
    }

    private static Path requiredPath(String property, String defaultUnderBuildDirectory) {
        String configured = System.getProperty(property);
        return (configured != null ? Paths.get(configured) : buildDirectory().resolve(defaultUnderBuildDirectory)).toAbsolutePath();
    }
}
