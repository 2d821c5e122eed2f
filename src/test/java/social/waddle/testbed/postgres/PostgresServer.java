package social.waddle.testbed.postgres;

import com.sun.security.auth.module.UnixSystem;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A throw-away PostgreSQL server: {@code initdb} into a temporary directory under {@code target/postgres}, then
 * {@code postgres} listening only on 127.0.0.1 (a free port) and on a unix socket inside that directory, with
 * durability switched off for speed. Stopped with {@code pg_ctl stop -m immediate}, after which its data directory
 * is deleted; the server log stays next to it.
 *
 * <p>Uses the newest major version under {@code /usr/lib/postgresql} (Debian's layout), or the {@code bin} directory
 * named by {@value #BIN_DIRECTORY_PROPERTY}. PostgreSQL refuses to run as root, so when the JVM is root the server
 * programs run as the {@value #SYSTEM_USER} system user the Debian package creates (via {@code setpriv}), and the
 * temporary directory is handed to that user.
 *
 * <p>Clients authenticate with {@code trust} (pg_hba.conf allows only the unix socket and 127.0.0.1/32): the driver
 * Openfire 4.2.0 brings (42.1.4) predates SCRAM, PostgreSQL 15's default, and this server holds nothing worth a
 * password. The role still has {@link #PASSWORD} so clients may send it.
 */
public final class PostgresServer implements AutoCloseable {

    private static final Logger Log = LoggerFactory.getLogger(PostgresServer.class);

    public static final String BIN_DIRECTORY_PROPERTY = "waddle.postgresBin";
    public static final String BUILD_DIRECTORY_PROPERTY = "waddle.buildDir";
    public static final String USER = "waddle";
    public static final String PASSWORD = "waddle";
    /** The database {@link #start()} creates; tests that need isolation ask for {@link #createDatabase()}. */
    public static final String DATABASE = "waddle";

    static final Path DEBIAN_INSTALL_ROOT = Path.of("/usr/lib/postgresql");
    static final String SYSTEM_USER = "postgres";
    static final String INSTALL_HINT = "apt-get install postgresql";

    private static final Duration INITDB_DEADLINE = Duration.ofMinutes(2);
    private static final Duration READY_DEADLINE = Duration.ofSeconds(60);
    private static final Duration STOP_DEADLINE = Duration.ofSeconds(20);
    private static final Duration POLL_INTERVAL = Duration.ofMillis(50);
    private static final int START_ATTEMPTS = 3;
    /** Linux's {@code sun_path} holds 108 bytes; PostgreSQL appends {@code /.s.PGSQL.<port>.lock}. */
    private static final int SOCKET_DIRECTORY_MAX_LENGTH = 80;
    private static final int LOG_TAIL_LINES = 60;

    private final Path binDirectory;
    private final List<String> runAs;
    private final Path runDirectory;
    private final Path dataDirectory;
    private final Path socketDirectory;
    private final Path serverLog;
    private final Process process;
    private final int port;
    private final Duration startupTime;
    private final String serverVersion;
    private final AtomicInteger databaseCount = new AtomicInteger();
    private final Thread killOnJvmExit;
    private boolean closed;

    private PostgresServer(Path binDirectory, List<String> runAs, Path runDirectory, Path dataDirectory,
                           Path socketDirectory, Path serverLog, Process process, int port, Duration startupTime,
                           String serverVersion) {
        this.binDirectory = binDirectory;
        this.runAs = runAs;
        this.runDirectory = runDirectory;
        this.dataDirectory = dataDirectory;
        this.socketDirectory = socketDirectory;
        this.serverLog = serverLog;
        this.process = process;
        this.port = port;
        this.startupTime = startupTime;
        this.serverVersion = serverVersion;
        this.killOnJvmExit = new Thread(process::destroyForcibly, "postgres-kill-" + process.pid());
        Runtime.getRuntime().addShutdownHook(killOnJvmExit);
    }

    /** Creates a cluster, starts the server, waits until it takes connections and creates {@link #DATABASE}. */
    public static PostgresServer start() {
        long started = System.nanoTime();
        Path binDirectory = binDirectory();
        Optional<UserPrincipal> systemUser = systemUserWhenRoot();
        List<String> runAs = systemUser.isPresent()
                ? List.of("setpriv", "--reuid=" + SYSTEM_USER, "--regid=" + SYSTEM_USER, "--init-groups", "--")
                : List.of();
        try {
            Path runDirectory = Files.createTempDirectory(baseDirectory(systemUser.isPresent()), "run-");
            Path dataDirectory = privateDirectory(runDirectory.resolve("data"));
            Path socketDirectory = runDirectory.resolve("socket");
            if (socketDirectory.toString().length() > SOCKET_DIRECTORY_MAX_LENGTH) {
                socketDirectory = Files.createTempDirectory("waddle-pg-");
            } else {
                privateDirectory(socketDirectory);
            }
            for (Path directory : List.of(runDirectory, dataDirectory, socketDirectory)) {
                if (systemUser.isPresent()) {
                    handOver(directory, systemUser.get());
                }
            }
            initdb(binDirectory, runAs, runDirectory, dataDirectory);
            Files.writeString(dataDirectory.resolve("pg_hba.conf"), """
                    # Throw-away test server: nobody but this machine's own loopback and socket.
                    local all all trust
                    host  all all 127.0.0.1/32 trust
                    """, StandardCharsets.UTF_8);
            Path serverLog = runDirectory.resolve("postgres.log");
            IllegalStateException lastFailure = null;
            for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
                int port = freePort();
                Process process = launch(binDirectory, runAs, runDirectory, dataDirectory, socketDirectory, serverLog,
                        port);
                try {
                    String version = awaitReady(process, port, serverLog);
                    PostgresServer server = new PostgresServer(binDirectory, runAs, runDirectory, dataDirectory,
                            socketDirectory, serverLog, process, port, Duration.ofNanos(System.nanoTime() - started),
                            version);
                    server.createDatabase(DATABASE);
                    Log.info("PostgreSQL {} ready in {} ms on 127.0.0.1:{} (pid {}, data {}, log {})", version,
                            server.startupTime.toMillis(), port, process.pid(), dataDirectory, serverLog);
                    return server;
                } catch (PortTakenException e) {
                    Log.warn("PostgreSQL could not bind port {} (attempt {} of {}); trying another", port, attempt,
                            START_ATTEMPTS);
                    lastFailure = e;
                } catch (RuntimeException e) {
                    process.destroyForcibly();
                    throw e;
                }
            }
            throw lastFailure;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start PostgreSQL from " + binDirectory, e);
        }
    }

    /** The newest installed major version's {@code bin} directory, or the one configured. */
    static Path binDirectory() {
        String configured = System.getProperty(BIN_DIRECTORY_PROPERTY);
        if (configured != null && !configured.isBlank()) {
            Path directory = Path.of(configured);
            if (!isServerBinDirectory(directory)) {
                throw new IllegalStateException("-D" + BIN_DIRECTORY_PROPERTY + "=" + configured
                        + " has no initdb, postgres and pg_ctl; on Debian, `" + INSTALL_HINT + "` puts them in "
                        + DEBIAN_INSTALL_ROOT + "/<version>/bin");
            }
            return directory;
        }
        return newestInstalled(DEBIAN_INSTALL_ROOT);
    }

    /** {@code <installRoot>/<version>/bin} of the highest version that has the server programs. */
    static Path newestInstalled(Path installRoot) {
        try (Stream<Path> versions = Files.isDirectory(installRoot) ? Files.list(installRoot) : Stream.empty()) {
            return versions
                    .filter(version -> version.getFileName().toString().matches("\\d+(\\.\\d+)*"))
                    .map(version -> version.resolve("bin"))
                    .filter(PostgresServer::isServerBinDirectory)
                    .max(Comparator.comparing(bin -> majorVersion(bin.getParent())))
                    .orElseThrow(() -> new IllegalStateException("PostgreSQL is not installed: no " + installRoot
                            + "/<version>/bin/initdb. Install it with `" + INSTALL_HINT + "` (or point -D"
                            + BIN_DIRECTORY_PROPERTY + " at a PostgreSQL bin directory)."));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + installRoot, e);
        }
    }

    private static boolean isServerBinDirectory(Path directory) {
        return Stream.of("initdb", "postgres", "pg_ctl").allMatch(program -> Files.isExecutable(directory.resolve(program)));
    }

    /** "15" → [15], "9.6" → [9, 6], compared element by element. */
    private static VersionNumber majorVersion(Path versionDirectory) {
        return VersionNumber.parse(versionDirectory.getFileName().toString());
    }

    private record VersionNumber(List<Integer> parts) implements Comparable<VersionNumber> {

        static VersionNumber parse(String text) {
            return new VersionNumber(Stream.of(text.split("\\.")).map(Integer::valueOf).toList());
        }

        @Override
        public int compareTo(VersionNumber other) {
            for (int i = 0; i < Math.max(parts.size(), other.parts.size()); i++) {
                int difference = Integer.compare(i < parts.size() ? parts.get(i) : 0,
                        i < other.parts.size() ? other.parts.get(i) : 0);
                if (difference != 0) {
                    return difference;
                }
            }
            return 0;
        }
    }

    private static Optional<UserPrincipal> systemUserWhenRoot() {
        if (new UnixSystem().getUid() != 0) {
            return Optional.empty();
        }
        try {
            return Optional.of(lookup().lookupPrincipalByName(SYSTEM_USER));
        } catch (UserPrincipalNotFoundException e) {
            throw new IllegalStateException("PostgreSQL refuses to run as root and there is no '" + SYSTEM_USER
                    + "' system user to run it as; `" + INSTALL_HINT + "` creates one", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot look up the '" + SYSTEM_USER + "' system user", e);
        }
    }

    private static UserPrincipalLookupService lookup() {
        return Path.of("/").getFileSystem().getUserPrincipalLookupService();
    }

    /**
     * {@code target/postgres}, unless the system user could not walk down to it (some ancestor is closed to
     * others), then a directory under the system temporary directory.
     */
    private static Path baseDirectory(boolean runsAsSystemUser) throws IOException {
        String configured = System.getProperty(BUILD_DIRECTORY_PROPERTY);
        Path buildDirectory = configured != null && !configured.isBlank()
                ? Path.of(configured)
                : Path.of(System.getProperty("user.dir"), "target");
        Path base = Files.createDirectories(buildDirectory.toAbsolutePath().resolve("postgres"));
        if (runsAsSystemUser && !traversableByOthers(base)) {
            Path fallback = Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir"), "waddle-postgres"));
            Log.info("{} is not reachable by the '{}' user; PostgreSQL runs in {}", base, SYSTEM_USER, fallback);
            return fallback;
        }
        return base;
    }

    private static boolean traversableByOthers(Path directory) throws IOException {
        for (Path step = directory; step != null; step = step.getParent()) {
            if (!Files.getPosixFilePermissions(step).contains(PosixFilePermission.OTHERS_EXECUTE)) {
                return false;
            }
        }
        return true;
    }

    private static Path privateDirectory(Path directory) throws IOException {
        Files.createDirectory(directory, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        return directory;
    }

    private static void handOver(Path directory, UserPrincipal user) throws IOException {
        PosixFileAttributeView attributes = Files.getFileAttributeView(directory, PosixFileAttributeView.class);
        attributes.setOwner(user);
        try {
            GroupPrincipal group = lookup().lookupPrincipalByGroupName(SYSTEM_USER);
            attributes.setGroup(group);
        } catch (UserPrincipalNotFoundException e) {
            Log.debug("No '{}' group; {} keeps its group", SYSTEM_USER, directory);
        }
    }

    private static void initdb(Path binDirectory, List<String> runAs, Path runDirectory, Path dataDirectory)
            throws IOException {
        Path initdbLog = runDirectory.resolve("initdb.log");
        int exitCode = runTool(runAs, runDirectory, initdbLog, INITDB_DEADLINE,
                binDirectory.resolve("initdb").toString(), "--pgdata=" + dataDirectory, "--username=" + USER,
                "--auth=trust", "--encoding=UTF8", "--locale=C.UTF-8", "--no-sync");
        if (exitCode != 0) {
            throw new IllegalStateException("initdb failed with exit code " + exitCode + " (log " + initdbLog + "):\n"
                    + tail(initdbLog));
        }
    }

    private static Process launch(Path binDirectory, List<String> runAs, Path runDirectory, Path dataDirectory,
                                  Path socketDirectory, Path serverLog, int port) throws IOException {
        List<String> command = new ArrayList<>(runAs);
        command.addAll(List.of(binDirectory.resolve("postgres").toString(),
                "-D", dataDirectory.toString(),
                "-p", Integer.toString(port),
                "-c", "listen_addresses=127.0.0.1",
                "-c", "unix_socket_directories=" + socketDirectory,
                "-c", "fsync=off",
                "-c", "synchronous_commit=off",
                "-c", "full_page_writes=off",
                "-c", "shared_buffers=32MB",
                "-c", "max_connections=50"));
        return processBuilder(command, runDirectory)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(serverLog.toFile()))
                .start();
    }

    private static int runTool(List<String> runAs, Path runDirectory, Path log, Duration deadline, String... tool)
            throws IOException {
        List<String> command = new ArrayList<>(runAs);
        command.addAll(List.of(tool));
        Process process = processBuilder(command, runDirectory)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        try {
            if (!process.waitFor(deadline.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(tool[0] + " did not finish within " + deadline + " (log " + log
                        + "):\n" + tail(log));
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IllegalStateException("interrupted while running " + tool[0], e);
        }
    }

    private static ProcessBuilder processBuilder(List<String> command, Path directory) {
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Map<String, String> environment = builder.environment();
        environment.keySet().removeIf(name -> name.startsWith("PG"));
        environment.put("LC_ALL", "C");
        return builder;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        }
    }

    /** Connects until the server answers (it refuses while starting up); returns its version. */
    private static String awaitReady(Process process, int port, Path serverLog) {
        long deadline = System.nanoTime() + READY_DEADLINE.toNanos();
        SQLException lastRefusal = null;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                String log = tail(serverLog);
                if (log.contains("could not bind") || log.contains("Address already in use")) {
                    throw new PortTakenException(port, log);
                }
                throw new IllegalStateException("postgres exited with code " + process.exitValue()
                        + " before it was ready (log " + serverLog + "):\n" + log);
            }
            try (Connection connection = connect(jdbcUrl(port, "postgres"));
                 Statement statement = connection.createStatement();
                 ResultSet rows = statement.executeQuery("SELECT current_setting('server_version')")) {
                rows.next();
                String version = rows.getString(1);
                statement.execute("ALTER ROLE " + USER + " PASSWORD '" + PASSWORD + "'");
                return version;
            } catch (SQLException e) {
                lastRefusal = e;
            }
            awaitExit(process, POLL_INTERVAL);
        }
        throw new IllegalStateException("PostgreSQL did not take connections on 127.0.0.1:" + port + " within "
                + READY_DEADLINE + " (last refusal: " + lastRefusal + "; log " + serverLog + "):\n" + tail(serverLog));
    }

    private static boolean awaitExit(Process process, Duration timeout) {
        try {
            process.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot wait for postgres (pid " + process.pid() + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for postgres", e);
        }
    }

    private static String jdbcUrl(int port, String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    private static Connection connect(String url) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", USER);
        properties.setProperty("password", PASSWORD);
        properties.setProperty("connectTimeout", "5");
        properties.setProperty("loginTimeout", "10");
        return DriverManager.getConnection(url, properties);
    }

    /** A new, empty database of its own (named {@code waddle_<n>}). */
    public PostgresDatabase createDatabase() {
        return createDatabase(DATABASE + "_" + databaseCount.incrementAndGet());
    }

    private PostgresDatabase createDatabase(String name) {
        if (!name.matches("[a-z][a-z0-9_]*")) {
            throw new IllegalArgumentException("not a plain database name: " + name);
        }
        try (Connection connection = connect(jdbcUrl(port, "postgres"));
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + name + ": " + e.getMessage(), e);
        }
        return database(name);
    }

    /** {@link #DATABASE}, created at start. */
    public PostgresDatabase database() {
        return database(DATABASE);
    }

    private PostgresDatabase database(String name) {
        return new PostgresDatabase(name, jdbcUrl(port, name), USER, PASSWORD);
    }

    public int port() {
        return port;
    }

    public String serverVersion() {
        return serverVersion;
    }

    public Path binDirectoryInUse() {
        return binDirectory;
    }

    public Duration startupTime() {
        return startupTime;
    }

    public Path serverLog() {
        return serverLog;
    }

    public String logTail() {
        return tail(serverLog);
    }

    /** Stops the server at once (no checkpoint: nothing here needs to survive) and deletes its data directory. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        long stopping = System.nanoTime();
        try {
            int exitCode = runTool(runAs, runDirectory, runDirectory.resolve("pg_ctl.log"), STOP_DEADLINE,
                    binDirectory.resolve("pg_ctl").toString(), "stop", "--pgdata=" + dataDirectory, "--mode=immediate",
                    "--wait", "--timeout=" + STOP_DEADLINE.toSeconds());
            if (exitCode != 0) {
                Log.warn("pg_ctl stop exited with {}; killing postgres (pid {})", exitCode, process.pid());
            }
        } catch (IOException | RuntimeException e) {
            Log.warn("pg_ctl stop failed; killing postgres (pid {})", process.pid(), e);
        }
        if (!awaitExit(process, STOP_DEADLINE)) {
            process.destroyForcibly();
            awaitExit(process, STOP_DEADLINE);
        }
        try {
            Runtime.getRuntime().removeShutdownHook(killOnJvmExit);
        } catch (IllegalStateException e) {
            Log.debug("JVM already shutting down");
        }
        deleteRecursively(dataDirectory);
        if (!socketDirectory.startsWith(runDirectory)) {
            deleteRecursively(socketDirectory);
        }
        Log.info("PostgreSQL on port {} stopped in {} ms", port, Duration.ofNanos(System.nanoTime() - stopping).toMillis());
    }

    private static void deleteRecursively(Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            Log.warn("Could not delete {}", directory, e);
        }
    }

    private static String tail(Path log) {
        try {
            if (!Files.exists(log)) {
                return "(no log)";
            }
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e.getMessage() + ")";
        }
    }

    private static final class PortTakenException extends IllegalStateException {

        PortTakenException(int port, String log) {
            super("port " + port + " was taken before PostgreSQL could bind it:\n" + log);
        }
    }
}
