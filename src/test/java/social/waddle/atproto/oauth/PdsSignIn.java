package social.waddle.atproto.oauth;

import java.io.IOException;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Plays the person's browser on the PDS's own sign-in and consent pages (@atproto/oauth-provider), through the API
 * those pages call: open the authorization URL as a top-level navigation (which sets the device, session and CSRF
 * cookies), sign in with the account's password, consent, and read the redirect back to the client with its
 * {@code code}, {@code state} and {@code iss}. No redirect to the client is followed: the test hands the parameters
 * to the client itself.
 */
public final class PdsSignIn {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String API = "/@atproto/oauth-provider/~api/";

    /** Kept by hand: the provider's cookies are {@code Secure}, which {@link java.net.CookieManager} withholds on http. */
    private final Map<String, String> cookies = new LinkedHashMap<>();
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    public PdsSignIn() {
    }

    /** The PDS refused a step: its HTTP status and body. */
    public static final class RefusedException extends IOException {
        private static final long serialVersionUID = 1L;
        final int status;

        RefusedException(String step, int status, String body) {
            super(step + " answered HTTP " + status + ": " + body);
            this.status = status;
        }
    }

    /** Signs in as {@code username} and consents; returns the query parameters of the redirect to the client. */
    public Map<String, List<String>> signInAndConsent(URI authorizationUrl, String username, String password)
            throws IOException, InterruptedException {
        HttpResponse<String> page = http.send(HttpRequest.newBuilder(authorizationUrl)
                .header("sec-fetch-mode", "navigate")
                .header("sec-fetch-dest", "document")
                .header("sec-fetch-site", "none")
                .header("accept", "text/html")
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        if (page.statusCode() != 200) {
            throw new RefusedException("GET authorize", page.statusCode(), page.body());
        }
        keepCookies(page);
        URI origin = URI.create(authorizationUrl.getScheme() + "://" + authorizationUrl.getRawAuthority());
        JsonNode signIn = api(origin, authorizationUrl, "sign-in", JSON.createObjectNode()
                .put("locale", "en").put("username", username).put("password", password).put("remember", false), null);
        String ephemeralToken = signIn.path("ephemeralToken").asText();
        String sub = signIn.path("account").path("sub").asText();
        JsonNode consent = api(origin, authorizationUrl, "consent", JSON.createObjectNode().put("sub", sub),
                ephemeralToken);
        URI redirect = URI.create(consent.path("url").asText());
        return query(redirect);
    }

    private JsonNode api(URI origin, URI referer, String endpoint, JsonNode body, String bearer)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(origin.resolve(API + endpoint))
                .header("content-type", "application/json")
                .header("origin", origin.toString())
                .header("referer", referer.toString())
                .header("sec-fetch-mode", "same-origin")
                .header("sec-fetch-site", "same-origin")
                .header("sec-fetch-dest", "empty")
                .header("x-csrf-token", cookie("csrf-token"))
                .header("cookie", cookieHeader())
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        if (bearer != null) {
            request.header("authorization", "Bearer " + bearer);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        keepCookies(response);
        if (response.statusCode() != 200) {
            throw new RefusedException(endpoint, response.statusCode(), response.body());
        }
        return JSON.readTree(response.body());
    }

    private void keepCookies(HttpResponse<?> response) {
        for (String header : response.headers().allValues("set-cookie")) {
            for (HttpCookie cookie : HttpCookie.parse(header)) {
                if (cookie.getMaxAge() == 0) {
                    cookies.remove(cookie.getName());
                } else {
                    cookies.put(cookie.getName(), cookie.getValue());
                }
            }
        }
    }

    private String cookieHeader() {
        StringBuilder header = new StringBuilder();
        cookies.forEach((name, value) -> header.append(header.length() == 0 ? "" : "; ").append(name).append('=')
                .append(value));
        return header.toString();
    }

    private String cookie(String name) throws IOException {
        String value = cookies.get(name);
        if (value == null) {
            throw new IOException("The authorization page set no '" + name + "' cookie; cookies: " + cookies.keySet());
        }
        return value;
    }

    static Map<String, List<String>> query(URI uri) {
        Map<String, List<String>> parameters = new LinkedHashMap<>();
        String raw = uri.getRawQuery();
        if (raw == null) {
            return parameters;
        }
        for (String pair : raw.split("&")) {
            int equals = pair.indexOf('=');
            String name = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
            String value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
            parameters.computeIfAbsent(name, key -> new ArrayList<>()).add(value);
        }
        return parameters;
    }
}
