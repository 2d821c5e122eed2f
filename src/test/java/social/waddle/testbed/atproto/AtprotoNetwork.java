package social.waddle.testbed.atproto;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A local ATProto network (in-memory PLC directory + one PDS) run by {@code testbed/atproto/network.mjs} as a child
 * process on 127.0.0.1, with helpers to create accounts and to drive the bed's control endpoint.
 *
 * <p>Plain-http hosts are called with HTTP/1.1 only: on {@code http://} the JDK client's default HTTP/2 sends
 * {@code Upgrade: h2c}, which Node answers by resetting the connection.
 */
public final class AtprotoNetwork implements AutoCloseable {

    private static final Logger Log = LoggerFactory.getLogger(AtprotoNetwork.class);

    public static final String BED_DIRECTORY_PROPERTY = "waddle.atprotoBed";
    public static final String BUILD_DIRECTORY_PROPERTY = "waddle.buildDir";
    public static final String CREATE_SESSION = "com.atproto.server.createSession";

    private static final Duration READY_DEADLINE = Duration.ofSeconds(60);
    private static final Duration NPM_CI_DEADLINE = Duration.ofMinutes(10);
    private static final Duration STOP_DEADLINE = Duration.ofSeconds(15);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    private static final int LOG_TAIL_LINES = 80;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Process process;
    private final Path stdoutLog;
    private final Path stderrLog;
    private final URI plcUrl;
    private final URI pdsUrl;
    private final URI pdsLoopbackUrl;
    private final URI controlUrl;
    private final Duration startupTime;
    private final HttpClient http;
    private final Map<String, AtomicInteger> handlesInUse = new ConcurrentHashMap<>();

    private AtprotoNetwork(Process process, Path stdoutLog, Path stderrLog, JsonNode ready, Duration startupTime) {
        this.process = process;
        this.stdoutLog = stdoutLog;
        this.stderrLog = stderrLog;
        this.plcUrl = URI.create(ready.path("plcUrl").asText());
        this.pdsUrl = URI.create(ready.path("pdsUrl").asText());
        this.pdsLoopbackUrl = URI.create(ready.path("pdsLoopbackUrl").asText());
        this.controlUrl = URI.create(ready.path("controlUrl").asText());
        this.startupTime = startupTime;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    /** Installs the npm packages if needed, starts the network and waits for its ready line. */
    public static AtprotoNetwork start() {
        return start("", Map.of());
    }

    /**
     * A network of its own, next to the shared one: logs in {@code target/atproto-bed/<name>}, and extra environment
     * for the Node process (e.g. {@code BED_LOOPBACK_NAMES} and {@code NODE_EXTRA_CA_CERTS}, see network.mjs).
     */
    public static AtprotoNetwork start(String name, Map<String, String> environment) {
        Path bedDirectory = bedDirectory();
        Path sharedLogDirectory = buildDirectory().resolve("atproto-bed");
        Path logDirectory = name.isEmpty() ? sharedLogDirectory : sharedLogDirectory.resolve(name);
        try {
            Files.createDirectories(logDirectory);
            installPackagesIfNeeded(bedDirectory, sharedLogDirectory);
            return launch(bedDirectory, logDirectory, environment);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the ATProto test bed in " + bedDirectory, e);
        }
    }

    static Path bedDirectory() {
        String configured = System.getProperty(BED_DIRECTORY_PROPERTY);
        Path directory = configured != null && !configured.isBlank()
                ? Path.of(configured)
                : Path.of(System.getProperty("user.dir"), "testbed", "atproto");
        if (!Files.isRegularFile(directory.resolve("network.mjs"))) {
            throw new IllegalStateException("no ATProto test bed (network.mjs) in " + directory.toAbsolutePath()
                    + "; set -D" + BED_DIRECTORY_PROPERTY);
        }
        return directory.toAbsolutePath();
    }

    private static Path buildDirectory() {
        String configured = System.getProperty(BUILD_DIRECTORY_PROPERTY);
        return configured != null && !configured.isBlank()
                ? Path.of(configured)
                : Path.of(System.getProperty("user.dir"), "target");
    }

    private static void installPackagesIfNeeded(Path bedDirectory, Path logDirectory) throws IOException {
        try (FileChannel lockFile = FileChannel.open(logDirectory.resolve("npm.lock"),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock lock = lockFile.lock()) {
            if (!lock.isValid() || !packagesNeedInstall(bedDirectory)) {
                return;
            }
            Path npmLog = logDirectory.resolve("npm-ci.log");
            Log.info("Installing the ATProto test bed's npm packages in {} (log: {})", bedDirectory, npmLog);
            Process npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund")
                    .directory(bedDirectory.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(npmLog.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(nullDevice()))
                    .start();
            boolean finished = npm.waitFor(NPM_CI_DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
            if (!finished) {
                npm.destroyForcibly();
                throw new IllegalStateException("npm ci did not finish within " + NPM_CI_DEADLINE + "\n"
                        + tail(npmLog, LOG_TAIL_LINES));
            }
            if (npm.exitValue() != 0) {
                throw new IllegalStateException("npm ci failed with exit code " + npm.exitValue() + "\n"
                        + tail(npmLog, LOG_TAIL_LINES));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while installing the ATProto test bed", e);
        }
    }

    private static boolean packagesNeedInstall(Path bedDirectory) throws IOException {
        Path installedLock = bedDirectory.resolve("node_modules").resolve(".package-lock.json");
        if (!Files.isRegularFile(installedLock)) {
            return true;
        }
        FileTime installed = Files.getLastModifiedTime(installedLock);
        FileTime wanted = Files.getLastModifiedTime(bedDirectory.resolve("package-lock.json"));
        return installed.compareTo(wanted) < 0;
    }

    private static java.io.File nullDevice() {
        return new java.io.File(System.getProperty("os.name").startsWith("Windows") ? "NUL" : "/dev/null");
    }

    private static AtprotoNetwork launch(Path bedDirectory, Path logDirectory, Map<String, String> environment)
            throws IOException {
        Path stdoutLog = logDirectory.resolve("network-stdout.log");
        Path stderrLog = logDirectory.resolve("network-stderr.log");
        long started = System.nanoTime();
        ProcessBuilder builder = new ProcessBuilder("node", "network.mjs")
                .directory(bedDirectory.toFile())
                .redirectError(stderrLog.toFile());
        builder.environment().putAll(environment);
        Process process = builder.start();
        CompletableFuture<JsonNode> ready = new CompletableFuture<>();
        Thread pump = new Thread(() -> pumpStdout(process.getInputStream(), stdoutLog, ready),
                "atproto-bed-stdout-" + process.pid());
        pump.setDaemon(true);
        pump.start();
        process.onExit().thenRun(() -> ready.completeExceptionally(
                new IllegalStateException("network.mjs exited with code " + process.exitValue()
                        + " before it was ready")));
        try {
            JsonNode readyLine = ready.get(READY_DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
            Duration startupTime = Duration.ofNanos(System.nanoTime() - started);
            AtprotoNetwork network = new AtprotoNetwork(process, stdoutLog, stderrLog, readyLine, startupTime);
            Log.info("ATProto test bed ready in {} ms (pid {}): PLC {}, PDS {}, control {}",
                    startupTime.toMillis(), process.pid(), network.plcUrl, network.pdsUrl, network.controlUrl);
            return network;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopProcess(process);
            throw new IllegalStateException("interrupted while starting the ATProto test bed", e);
        } catch (ExecutionException | TimeoutException e) {
            stopProcess(process);
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            throw new IllegalStateException("the ATProto test bed did not become ready within " + READY_DEADLINE
                    + " (" + cause + ")\n" + tail(stderrLog, LOG_TAIL_LINES), cause);
        }
    }

    private static void pumpStdout(InputStream stdout, Path stdoutLog, CompletableFuture<JsonNode> ready) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(stdout, StandardCharsets.UTF_8));
             Writer log = Files.newBufferedWriter(stdoutLog, StandardCharsets.UTF_8)) {
            String line;
            while ((line = reader.readLine()) != null) {
                log.write(line);
                log.write('\n');
                log.flush();
                if (!ready.isDone() && line.startsWith("{\"ready\":true")) {
                    ready.complete(JSON.readTree(line));
                }
            }
        } catch (IOException e) {
            ready.completeExceptionally(e);
        }
    }

    // ---- Addresses ----------------------------------------------------------------------------------------------

    /** The local PLC directory, e.g. {@code http://127.0.0.1:40001}. */
    public URI plcUrl() {
        return plcUrl;
    }

    /** The PDS as its DID documents name it: {@code http://localhost:<port>} (the PDS listens on 127.0.0.1). */
    public URI pdsUrl() {
        return pdsUrl;
    }

    /** The same PDS as {@code http://127.0.0.1:<port>}. */
    public URI pdsLoopbackUrl() {
        return pdsLoopbackUrl;
    }

    public URI controlUrl() {
        return controlUrl;
    }

    /** From launching {@code node} to its ready line (npm install excluded). */
    public Duration startupTime() {
        return startupTime;
    }

    public long pid() {
        return process.pid();
    }

    /** Resident memory of the network process in bytes (Linux only; -1 elsewhere). */
    public long residentSetSizeBytes() {
        Path status = Path.of("/proc", Long.toString(process.pid()), "status");
        try {
            for (String line : Files.readAllLines(status)) {
                if (line.startsWith("VmRSS:")) {
                    String kilobytes = line.substring("VmRSS:".length()).replace("kB", "").trim();
                    return Long.parseLong(kilobytes) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            Log.debug("Cannot read the RSS of pid {}", process.pid(), e);
        }
        return -1;
    }

    // ---- Accounts -----------------------------------------------------------------------------------------------

    /**
     * Creates an account {@code <prefix>.test} (or {@code <prefix>-2.test}, … when the prefix was used before in this
     * network), with a random main password and one app password.
     */
    public TestAccount createAccount(String handlePrefix) {
        String label = handlePrefix.toLowerCase(Locale.ROOT);
        int use = handlesInUse.computeIfAbsent(label, key -> new AtomicInteger()).incrementAndGet();
        String handle = (use == 1 ? label : label + "-" + use) + ".test";
        String password = randomSecret();

        ObjectNode request = JSON.createObjectNode()
                .put("handle", handle)
                .put("password", password)
                .put("email", handle.replace('.', '-') + "@example.com");
        JsonNode created = xrpcPost("com.atproto.server.createAccount", request, null);
        String did = created.path("did").asText();
        String accessJwt = created.path("accessJwt").asText();

        JsonNode appPassword = xrpcPost("com.atproto.server.createAppPassword",
                JSON.createObjectNode().put("name", "waddle-test"), accessJwt);
        return new TestAccount(handle, did, password, appPassword.path("password").asText(), accessJwt);
    }

    /** {@code com.atproto.server.createSession}; throws {@link XrpcCallFailedException} when the PDS refuses. */
    public JsonNode createSession(String identifier, String password) {
        ObjectNode request = JSON.createObjectNode().put("identifier", identifier).put("password", password);
        return xrpcPost(CREATE_SESSION, request, null);
    }

    /**
     * {@code com.atproto.server.getServiceAuth}: an ES256K JWT signed with the account's {@code #atproto} key.
     *
     * @param lxm may be null (the PDS then allows at most 60 s)
     * @param exp may be null (the PDS's default, 60 s)
     */
    public String serviceAuthToken(TestAccount account, String aud, String lxm, Instant exp) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("aud", aud);
        if (lxm != null) {
            query.put("lxm", lxm);
        }
        if (exp != null) {
            query.put("exp", Long.toString(exp.getEpochSecond()));
        }
        return xrpcGet("com.atproto.server.getServiceAuth", query, account.accessJwt()).path("token").asText();
    }

    /** {@code com.atproto.identity.resolveHandle} on the PDS. */
    public String resolveHandle(String handle) {
        return xrpcGet("com.atproto.identity.resolveHandle", Map.of("handle", handle), null).path("did").asText();
    }

    /** The DID document in the shape plc.directory serves today. */
    public JsonNode didDocument(String did) {
        return getJson(plcUrl.resolve("/" + did), "PLC " + did);
    }

    /** The DID document in the older shape {@code @did-plc/server@0.0.1} renders. */
    public JsonNode legacyDidDocument(String did) {
        return getJson(plcUrl.resolve("/legacy/" + did), "PLC legacy " + did);
    }

    /**
     * {@code GET /.well-known/atproto-did} on the PDS with {@code Host: <handle>}, over a plain socket because the JDK
     * client will not set {@code Host}. Returns the trimmed body.
     */
    public String wellKnownAtprotoDid(String handle) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", pdsLoopbackUrl.getPort()), 5_000);
            socket.setSoTimeout((int) REQUEST_TIMEOUT.toMillis());
            OutputStream out = socket.getOutputStream();
            out.write(("GET /.well-known/atproto-did HTTP/1.1\r\nHost: " + handle
                    + "\r\nAccept: text/plain\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            RawHttpResponse response = RawHttpResponse.read(socket.getInputStream());
            if (response.status() != 200) {
                throw new XrpcCallFailedException("well-known atproto-did for " + handle, response.status(),
                        response.body());
            }
            return response.body().trim();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot reach the PDS at " + pdsLoopbackUrl, e);
        }
    }

    /** Whether a fresh TCP connection to the PDS's port is accepted right now. */
    public boolean pdsAcceptsConnections() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", pdsLoopbackUrl.getPort()), 5_000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    // ---- Control endpoint ---------------------------------------------------------------------------------------

    /** How many {@code com.atproto.server.createSession} calls the PDS received since the last reset. */
    public int createSessionCount() {
        return xrpcCount(CREATE_SESSION);
    }

    /** How many calls of the XRPC method {@code nsid} the PDS received since the last reset. */
    public int xrpcCount(String nsid) {
        return xrpcCounts().getOrDefault(nsid, 0);
    }

    public Map<String, Integer> xrpcCounts() {
        JsonNode counts = getJson(controlUrl.resolve("/_bed/counts"), "control counts");
        Map<String, Integer> result = new LinkedHashMap<>();
        counts.properties().forEach(entry -> result.put(entry.getKey(), entry.getValue().asInt()));
        return result;
    }

    public void resetCounts() {
        control("/_bed/counts/reset");
    }

    /** Closes the PDS: until {@link #startPds()} its port refuses connections. Accounts and keys are kept. */
    public void stopPds() {
        control("/_bed/pds/stop");
    }

    /** Starts the PDS again on the same port, data directory and keys. */
    public void startPds() {
        control("/_bed/pds/start");
    }

    private void control(String path) {
        HttpRequest request = HttpRequest.newBuilder(controlUrl.resolve(path))
                .timeout(REQUEST_TIMEOUT)
                .POST(HttpRequest.BodyPublishers.noBody())
                .build();
        send(request, "control " + path);
    }

    // ---- HTTP ---------------------------------------------------------------------------------------------------

    /** A GET XRPC call on the PDS; {@code accessJwt} may be null. */
    public JsonNode xrpcGet(String nsid, Map<String, String> query, String accessJwt) {
        String queryString = query.entrySet().stream()
                .map(entry -> encode(entry.getKey()) + "=" + encode(entry.getValue()))
                .collect(Collectors.joining("&"));
        URI uri = pdsLoopbackUrl.resolve("/xrpc/" + nsid + (queryString.isEmpty() ? "" : "?" + queryString));
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(REQUEST_TIMEOUT).GET();
        if (accessJwt != null) {
            request.header("Authorization", "Bearer " + accessJwt);
        }
        return parse(send(request.build(), nsid), nsid);
    }

    /** A POST XRPC call with a JSON body on the PDS; {@code accessJwt} may be null. */
    public JsonNode xrpcPost(String nsid, JsonNode body, String accessJwt) {
        HttpRequest.Builder request = HttpRequest.newBuilder(pdsLoopbackUrl.resolve("/xrpc/" + nsid))
                .timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
        if (accessJwt != null) {
            request.header("Authorization", "Bearer " + accessJwt);
        }
        return parse(send(request.build(), nsid), nsid);
    }

    private JsonNode getJson(URI uri, String what) {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(REQUEST_TIMEOUT).GET().build();
        return parse(send(request, what), what);
    }

    private String send(HttpRequest request, String what) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                throw new XrpcCallFailedException(what, response.statusCode(), response.body());
            }
            return response.body();
        } catch (IOException e) {
            throw new UncheckedIOException(what + ": cannot reach " + request.uri(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(what + ": interrupted", e);
        }
    }

    private static JsonNode parse(String body, String what) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new IllegalStateException(what + " answered something that is not JSON: " + body, e);
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String randomSecret() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    // ---- Logs and shutdown --------------------------------------------------------------------------------------

    /** The last lines of the network's stderr and stdout logs, for a failed test's report. */
    public String logTail() {
        return "--- " + stderrLog + " (last " + LOG_TAIL_LINES + " lines) ---\n" + tail(stderrLog, LOG_TAIL_LINES)
                + "--- " + stdoutLog + " ---\n" + tail(stdoutLog, LOG_TAIL_LINES);
    }

    private static String tail(Path file, int lines) {
        try {
            List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
            List<String> last = new ArrayList<>(all.subList(Math.max(0, all.size() - lines), all.size()));
            return last.stream().map(line -> line + "\n").collect(Collectors.joining());
        } catch (IOException e) {
            return "(cannot read " + file + ": " + e + ")\n";
        }
    }

    /** Stops the network process by its PID: SIGTERM, then a forced kill after a deadline. */
    @Override
    public void close() {
        stopProcess(process);
        Log.info("ATProto test bed (pid {}) stopped", process.pid());
    }

    private static void stopProcess(Process process) {
        ProcessHandle handle = process.toHandle();
        if (!handle.isAlive()) {
            return;
        }
        handle.destroy();
        try {
            if (!process.waitFor(STOP_DEADLINE.toMillis(), TimeUnit.MILLISECONDS)) {
                Log.warn("ATProto test bed (pid {}) ignored SIGTERM for {}; killing it", process.pid(), STOP_DEADLINE);
                handle.destroyForcibly();
                process.waitFor(STOP_DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            handle.destroyForcibly();
        }
    }

    @Override
    public String toString() {
        return "AtprotoNetwork[pid " + process.pid() + ", PLC " + plcUrl + ", PDS " + pdsUrl + "]";
    }

    /** Just enough HTTP/1.1 response parsing for one {@code Connection: close} exchange. */
    private record RawHttpResponse(int status, String body) {

        static RawHttpResponse read(InputStream in) throws IOException {
            byte[] raw = in.readAllBytes();
            String text = new String(raw, StandardCharsets.ISO_8859_1);
            int headerEnd = text.indexOf("\r\n\r\n");
            if (headerEnd < 0) {
                throw new IOException("incomplete HTTP response: " + text);
            }
            String[] headerLines = text.substring(0, headerEnd).split("\r\n");
            int status = Integer.parseInt(headerLines[0].split(" ", 3)[1]);
            boolean chunked = false;
            for (String header : headerLines) {
                String lower = header.toLowerCase(Locale.ROOT);
                if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                    chunked = true;
                }
            }
            String body = text.substring(headerEnd + 4);
            if (chunked) {
                body = dechunk(body);
            }
            return new RawHttpResponse(status,
                    new String(body.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8));
        }

        private static String dechunk(String chunked) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int position = 0;
            while (true) {
                int lineEnd = chunked.indexOf("\r\n", position);
                int size = Integer.parseInt(chunked.substring(position, lineEnd).split(";", 2)[0].trim(), 16);
                if (size == 0) {
                    return out.toString(StandardCharsets.ISO_8859_1);
                }
                byte[] chunk = chunked.substring(lineEnd + 2, lineEnd + 2 + size).getBytes(StandardCharsets.ISO_8859_1);
                out.writeBytes(chunk);
                position = lineEnd + 2 + size + 2;
            }
        }
    }
}
