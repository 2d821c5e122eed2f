package social.waddle.web;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import social.waddle.testbed.Await;

/**
 * Headless Chromium driven through chromedriver with the W3C WebDriver protocol (https://www.w3.org/TR/webdriver2/)
 * over plain HTTP: nothing is downloaded, the Debian {@code chromium} and {@code chromium-driver} packages are used.
 */
public final class WebDriverClient {

    private static final String ELEMENT = "element-6066-11e4-a52e-4f735466cecf";
    private static final Duration WAIT = Duration.ofSeconds(15);
    public static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final List<Path> CHROMIUM = List.of(Path.of("/usr/lib/chromium/chromium"), Path.of("/usr/bin/chromium"));

    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Process driver;
    private final URI base;
    private final String session;
    private final Path profile;

    private WebDriverClient(Process driver, URI base, String session, Path profile) {
        this.driver = driver;
        this.base = base;
        this.session = session;
        this.profile = profile;
    }

    public static Optional<String> missingBrowser() {
        if (!Files.isExecutable(CHROMEDRIVER)) {
            return Optional.of(CHROMEDRIVER + " is missing: install the Debian packages chromium and chromium-driver");
        }
        if (CHROMIUM.stream().noneMatch(Files::isExecutable)) {
            return Optional.of("Chromium is missing: install the Debian package chromium");
        }
        return Optional.empty();
    }

    public static WebDriverClient start(Path logFile) throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        Process driver = new ProcessBuilder(CHROMEDRIVER.toString(), "--port=" + port, "--allowed-ips=127.0.0.1")
                .redirectErrorStream(true).redirectOutput(logFile.toFile()).start();
        URI base = URI.create("http://127.0.0.1:" + port + "/");
        WebDriverClient probe = new WebDriverClient(driver, base, "", null);
        try {
            probe.waitUntil("chromedriver to listen", () -> {
                try {
                    return probe.call("GET", "status", null).path("value").path("ready").asBoolean(false);
                } catch (IOException | InterruptedException e) {
                    return false;
                }
            });
            Path profile = Files.createTempDirectory("waddle-chromium-");
            ObjectNode capabilities = probe.json.createObjectNode();
            ObjectNode always = capabilities.putObject("capabilities").putObject("alwaysMatch");
            always.put("browserName", "chrome");
            // Console messages of the pages (JavaScript errors, refused resources, CSP reports) for browserErrors().
            always.putObject("goog:loggingPrefs").put("browser", "ALL");
            ObjectNode options = always.putObject("goog:chromeOptions");
            options.put("binary", CHROMIUM.stream().filter(Files::isExecutable).findFirst().orElseThrow().toString());
            ArrayNode args = options.putArray("args");
            for (String arg : List.of("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--disable-dev-shm-usage", "--window-size=1280,1000", "--user-data-dir=" + profile)) {
                args.add(arg);
            }
            JsonNode created = probe.call("POST", "session", capabilities);
            String session = created.path("value").path("sessionId").asText();
            if (session.isEmpty()) {
                throw new IllegalStateException("chromedriver did not open a session: " + created);
            }
            return new WebDriverClient(driver, base, session, profile);
        } catch (Exception e) {
            driver.destroy();
            throw e;
        }
    }

    public void open(URI url) throws Exception {
        ObjectNode body = json.createObjectNode().put("url", url.toString());
        session("POST", "url", body);
    }

    public String currentUrl() throws Exception {
        return session("GET", "url", null).path("value").asText();
    }

    public String source() throws Exception {
        return session("GET", "source", null).path("value").asText();
    }

    public List<String> findAll(String css) throws Exception {
        ObjectNode body = json.createObjectNode().put("using", "css selector").put("value", css);
        List<String> ids = new ArrayList<>();
        for (JsonNode element : session("POST", "elements", body).path("value")) {
            ids.add(element.path(ELEMENT).asText());
        }
        return ids;
    }

    /** The element, waiting for it to appear. */
    public String find(String css) throws Exception {
        List<String> found = new ArrayList<>();
        waitUntil("an element " + css, () -> {
            try {
                found.clear();
                found.addAll(findAll(css));
                return !found.isEmpty();
            } catch (Exception e) {
                return false;
            }
        });
        return found.get(0);
    }

    public void click(String element) throws Exception {
        session("POST", "element/" + element + "/click", json.createObjectNode());
    }

    public void clear(String element) throws Exception {
        session("POST", "element/" + element + "/clear", json.createObjectNode());
    }

    public void type(String element, String text) throws Exception {
        session("POST", "element/" + element + "/value", json.createObjectNode().put("text", text));
    }

    public String text(String element) throws Exception {
        return session("GET", "element/" + element + "/text", null).path("value").asText();
    }

    public boolean selected(String element) throws Exception {
        return session("GET", "element/" + element + "/selected", null).path("value").asBoolean();
    }

    public JsonNode script(String script, Object... arguments) throws Exception {
        ObjectNode body = json.createObjectNode().put("script", script);
        ArrayNode args = body.putArray("args");
        for (Object argument : arguments) {
            args.add(json.valueToTree(argument));
        }
        return session("POST", "execute/sync", body).path("value");
    }

    /** The text of an open alert, confirm or prompt dialog, if one is open. */
    public Optional<String> alert() throws Exception {
        JsonNode answer = sessionRaw("GET", "alert/text", null);
        JsonNode value = answer.path("value");
        if (value.has("error")) {
            return Optional.empty();
        }
        return Optional.of(value.asText());
    }

    /**
     * The SEVERE entries of the browser console since the last call (JavaScript errors, resources that failed to load,
     * CSP refusals), through chromedriver's log endpoint, which reads each entry once.
     */
    public List<String> browserErrors() throws Exception {
        List<String> errors = new ArrayList<>();
        for (JsonNode entry : session("POST", "se/log", json.createObjectNode().put("type", "browser")).path("value")) {
            if (entry.path("level").asText().equals("SEVERE")) {
                errors.add(entry.path("message").asText());
            }
        }
        return errors;
    }

    public void screenshot(Path file) throws Exception {
        Files.createDirectories(file.getParent());
        Files.write(file, Base64.getDecoder().decode(session("GET", "screenshot", null).path("value").asText()));
    }

    /** The value of the cookie {@code name} visible to the current page, if any (HttpOnly ones included). */
    public Optional<String> cookie(String name) throws Exception {
        JsonNode answer = sessionRaw("GET", "cookie/" + java.net.URLEncoder.encode(name, StandardCharsets.UTF_8), null);
        JsonNode value = answer.path("value");
        return value.has("error") || !value.has("value") ? Optional.empty() : Optional.of(value.path("value").asText());
    }

    /** Sets a cookie for the current page's origin, e.g. a cookie saved before signing out. */
    public void addCookie(String name, String value, String path) throws Exception {
        ObjectNode cookie = json.createObjectNode().put("name", name).put("value", value).put("path", path)
                .put("httpOnly", true);
        session("POST", "cookie", json.createObjectNode().set("cookie", cookie));
    }

    public void waitUntil(String what, BooleanSupplier condition) throws InterruptedException {
        Await.until(what, WAIT, condition);
    }

    private JsonNode session(String method, String path, JsonNode body) throws Exception {
        JsonNode answer = sessionRaw(method, path, body);
        if (answer.path("value").has("error")) {
            throw new IllegalStateException("WebDriver " + method + " " + path + " failed: " + answer.path("value"));
        }
        return answer;
    }

    private JsonNode sessionRaw(String method, String path, JsonNode body) throws IOException, InterruptedException {
        return call(method, "session/" + session + "/" + path, body);
    }

    private JsonNode call(String method, String path, JsonNode body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json; charset=utf-8");
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body), StandardCharsets.UTF_8));
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        return response.body().isEmpty() ? json.createObjectNode() : json.readTree(response.body());
    }

    public void close() throws Exception {
        try {
            if (!session.isEmpty()) {
                call("DELETE", "session/" + session, null);
            }
        } finally {
            driver.destroy();
            if (profile != null) {
                try (var files = Files.walk(profile)) {
                    files.sorted(java.util.Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
                }
            }
        }
    }
}
