package social.waddle.testbed.web;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import social.waddle.atproto.oauth.PdsSignIn;
import social.waddle.testbed.atproto.TestAccount;
import social.waddle.testbed.openfire.OpenfireServer;

/**
 * Creates a device password through the public pages the way a browser without JavaScript does: Sign in with Bluesky
 * (the plugin's form, the PDS's sign-in and consent over HTTP, the callback), then the form on {@code /devices}. For
 * drivers that need a device password but no screenshots (the login benchmark); browser ITs use Chromium instead.
 */
public final class DevicePasswordsOverHttp {

    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");
    private static final Pattern PASSWORD = Pattern.compile("id=\"new-password\"><code>(wdl-[a-z2-9-]+)</code>");

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();
    private final Map<String, String> cookies = new LinkedHashMap<>();
    private final URI base;

    private DevicePasswordsOverHttp(URI base) {
        this.base = base;
    }

    /** Signs {@code account} in on {@code server}'s public pages (the server must run with {@code publicWeb()}). */
    public static DevicePasswordsOverHttp signIn(OpenfireServer server, TestAccount account) throws Exception {
        DevicePasswordsOverHttp session = new DevicePasswordsOverHttp(server.publicWebUri());
        HttpResponse<String> started = session.post("/signin", Map.of("identifier", account.handle(),
                "csrf", session.csrf("/signin")));
        if (started.statusCode() != 303) {
            throw new IllegalStateException("The sign-in form answered " + started.statusCode() + ": " + started.body());
        }
        URI authorization = URI.create(started.headers().firstValue("location").orElseThrow());
        Map<String, List<String>> callback = new PdsSignIn().signInAndConsent(authorization, account.handle(),
                account.password());
        HttpResponse<String> landed = session.get("/oauth/callback?" + callback.entrySet().stream()
                .flatMap(entry -> entry.getValue().stream().map(value -> encode(entry.getKey()) + "=" + encode(value)))
                .collect(Collectors.joining("&")));
        if (landed.statusCode() != 303 || !session.cookies.containsKey("waddle_session")) {
            throw new IllegalStateException("The OAuth callback did not sign in: " + landed.statusCode() + " " + landed.body());
        }
        return session;
    }

    /** Creates a device password named {@code name}; returns its text, as the page shows it once. */
    public String create(String name) throws Exception {
        HttpResponse<String> page = post("/devices", Map.of("action", "create", "name", name, "csrf", csrf("/devices")));
        Matcher password = PASSWORD.matcher(page.body());
        if (page.statusCode() != 200 || !password.find()) {
            throw new IllegalStateException("Creating a device password answered " + page.statusCode() + ": " + page.body());
        }
        return password.group(1);
    }

    private String csrf(String path) throws Exception {
        Matcher token = CSRF.matcher(get(path).body());
        if (!token.find()) {
            throw new IllegalStateException("No CSRF field on " + path);
        }
        return token.group(1);
    }

    private HttpResponse<String> get(String path) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
    }

    private HttpResponse<String> post(String path, Map<String, String> form) throws Exception {
        String body = form.entrySet().stream().map(entry -> encode(entry.getKey()) + "=" + encode(entry.getValue()))
                .collect(Collectors.joining("&"));
        return send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        if (!cookies.isEmpty()) {
            request.header("Cookie", cookies.entrySet().stream().map(entry -> entry.getKey() + "=" + entry.getValue())
                    .collect(Collectors.joining("; ")));
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        for (String setCookie : response.headers().allValues("set-cookie")) {
            int end = setCookie.indexOf(';') < 0 ? setCookie.length() : setCookie.indexOf(';');
            String pair = setCookie.substring(0, end);
            String name = pair.substring(0, pair.indexOf('='));
            String value = pair.substring(pair.indexOf('=') + 1);
            if (value.isEmpty() || setCookie.contains("Max-Age=0")) {
                cookies.remove(name);
            } else {
                cookies.put(name, value);
            }
        }
        return response;
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
