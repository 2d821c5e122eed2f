package social.waddle.testbed.clients;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import social.waddle.testbed.openfire.OpenfireServer;

/**
 * Runs {@code src/test/python/xmpp_login.py}: slixmpp connects without TLS, authenticates with SASL PLAIN, binds a
 * resource and reports one JSON line. The password goes to the script on standard input, never on its command line.
 */
public final class SlixmppClient {

    private static final Logger Log = LoggerFactory.getLogger(SlixmppClient.class);

    public static final Duration LOGIN_TIMEOUT = Duration.ofSeconds(20);
    /** The script's own timeout plus its clean disconnect and the interpreter's start-up. */
    private static final Duration PROCESS_DEADLINE = LOGIN_TIMEOUT.plusSeconds(15);
    private static final Duration PROBE_DEADLINE = Duration.ofSeconds(15);
    private static final String INSTALL_HINT = "apt-get install python3-slixmpp";
    /** Debian's interpreter first: python3-slixmpp installs for it alone, while a pyenv or venv python3 may lead PATH. */
    private static final List<String> INTERPRETERS = List.of("/usr/bin/python3", "python3");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String python;
    private final String slixmppVersion;
    private final Path script;

    /**
     * What the script reported.
     *
     * @param ok       whether a resource was bound
     * @param boundJid the full JID the server bound, when ok
     * @param error    the SASL condition (e.g. {@code not-authorized}) or another reason, when not ok
     * @param exitCode 0 when ok, 1 when SASL failed, 2 otherwise
     * @param stderr   what the script wrote to standard error, for diagnostics
     */
    public record LoginResult(boolean ok, String boundJid, String error, int exitCode, String stderr) {

        /** The bound JID without its resource. */
        public String boundBareJid() {
            if (boundJid == null) {
                return null;
            }
            int slash = boundJid.indexOf('/');
            return slash < 0 ? boundJid : boundJid.substring(0, slash);
        }
    }

    private SlixmppClient(String python, String slixmppVersion, Path script) {
        this.python = python;
        this.slixmppVersion = slixmppVersion;
        this.script = script;
    }

    /**
     * Finds a Python 3 that can import slixmpp (system property {@code waddle.python} first, then Debian's
     * {@code /usr/bin/python3}, then {@code python3} on PATH) and the login script.
     *
     * @throws IllegalStateException naming the install command when no interpreter has slixmpp
     */
    public static SlixmppClient locate() {
        Path script = Path.of(System.getProperty("basedir", "."), "src", "test", "python", "xmpp_login.py")
                .toAbsolutePath().normalize();
        if (!Files.isRegularFile(script)) {
            throw new IllegalStateException("The slixmpp login script is missing: " + script);
        }
        List<String> candidates = new ArrayList<>();
        String configured = System.getProperty("waddle.python");
        if (configured != null && !configured.isBlank()) {
            candidates.add(configured);
        }
        candidates.addAll(INTERPRETERS);
        List<String> refusals = new ArrayList<>();
        for (String candidate : candidates) {
            ProbeResult probe = probe(candidate);
            if (probe.version() != null) {
                Log.info("slixmpp {} found for {}", probe.version(), candidate);
                return new SlixmppClient(candidate, probe.version(), script);
            }
            refusals.add(candidate + ": " + probe.refusal());
        }
        throw new IllegalStateException("No Python 3 with slixmpp found (" + INSTALL_HINT + "); tried "
                + String.join("; ", refusals));
    }

    public String slixmppVersion() {
        return slixmppVersion;
    }

    public String python() {
        return python;
    }

    /** Logs in to the server as {@code username@<server domain>}. */
    public LoginResult login(OpenfireServer server, String username, String password) {
        return login(server.host(), server.clientPort(), server.domain(), username, password);
    }

    public LoginResult login(String host, int port, String domain, String username, String password) {
        Path stdout = null;
        Path stderr = null;
        try {
            stdout = Files.createTempFile("slixmpp-login-", ".out");
            stderr = Files.createTempFile("slixmpp-login-", ".err");
            ProcessBuilder builder = new ProcessBuilder(python, script.toString(), host, Integer.toString(port),
                    username, "--domain", domain, "--timeout", Long.toString(LOGIN_TIMEOUT.toSeconds()))
                    .redirectOutput(stdout.toFile())
                    .redirectError(stderr.toFile());
            builder.environment().remove("XMPP_PASSWORD");
            Process process = builder.start();
            try (OutputStream stdin = process.getOutputStream()) {
                stdin.write((password + "\n").getBytes(StandardCharsets.UTF_8));
            }
            if (!process.waitFor(PROCESS_DEADLINE.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("slixmpp login of " + username + " did not end within "
                        + PROCESS_DEADLINE + "; stderr: " + Files.readString(stderr));
            }
            return parse(process.exitValue(), Files.readString(stdout), Files.readString(stderr));
        } catch (IOException e) {
            throw new IllegalStateException("Could not run " + python + " " + script + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted during the slixmpp login of " + username, e);
        } finally {
            deleteQuietly(stdout);
            deleteQuietly(stderr);
        }
    }

    private static LoginResult parse(int exitCode, String stdout, String stderr) {
        String line = lastJsonLine(stdout);
        if (line == null) {
            throw new IllegalStateException("The slixmpp login script printed no result (exit code " + exitCode
                    + "); stdout: " + stdout + "; stderr: " + stderr);
        }
        try {
            JsonNode result = JSON.readTree(line);
            boolean ok = result.path("ok").asBoolean(false);
            String boundJid = result.hasNonNull("bound_jid") ? result.get("bound_jid").asText() : null;
            String error = result.hasNonNull("error") ? result.get("error").asText() : null;
            if (error != null && error.startsWith("slixmpp missing")) {
                throw new IllegalStateException(error);
            }
            return new LoginResult(ok, boundJid, error, exitCode, stderr);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("The slixmpp login script printed no JSON: " + line, e);
        }
    }

    private static String lastJsonLine(String stdout) {
        String last = null;
        for (String line : stdout.split("\n")) {
            if (line.strip().startsWith("{")) {
                last = line.strip();
            }
        }
        return last;
    }

    private record ProbeResult(String version, String refusal) {
    }

    private static ProbeResult probe(String python) {
        try {
            Process process = new ProcessBuilder(python, "-c", "import slixmpp; print(slixmpp.__version__)")
                    .redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.PIPE)
                    .start();
            process.getOutputStream().close();
            if (!process.waitFor(PROBE_DEADLINE.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                return new ProbeResult(null, "did not answer within " + PROBE_DEADLINE);
            }
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (process.exitValue() != 0) {
                String lastLine = output.substring(output.lastIndexOf('\n') + 1);
                return new ProbeResult(null, lastLine.isEmpty() ? "exit code " + process.exitValue() : lastLine);
            }
            return new ProbeResult(output, null);
        } catch (IOException e) {
            return new ProbeResult(null, "cannot run (" + e.getMessage() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new ProbeResult(null, "interrupted");
        }
    }

    private static void deleteQuietly(Path file) {
        if (file == null) {
            return;
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            Log.warn("Could not delete {}", file, e);
        }
    }
}
