package social.waddle.testbed.openfire;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The real admin console of an Openfire 5.x, used over HTTP as an admin's browser would: {@code login.jsp} (fields
 * {@code username}, {@code password}, {@code login=true}, and {@code csrf} from the {@code csrf} cookie the page sets),
 * plugin upload and deletion on {@code plugin-admin.jsp} (which checks the {@code csrf} parameter against that cookie and
 * sets a new one on every view; 5.1.1 deletes by a POST form). Redirects are not followed, so tests see them.
 */
public final class OpenfireConsoleClient {

    private static final java.util.regex.Pattern CSRF_FIELD =
            java.util.regex.Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");

    private final URI base;
    private final CookieManager cookies = new CookieManager();
    private final HttpClient http;

    private OpenfireConsoleClient(URI base) {
        this.base = base;
        this.http = HttpClient.newBuilder().cookieHandler(cookies).followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** Logs in as the server's admin; fails unless the console accepts the login. */
    public static OpenfireConsoleClient login(OpenfireServer server) throws Exception {
        OpenfireConsoleClient client = new OpenfireConsoleClient(server.adminConsoleUri());
        client.get("login.jsp");
        Response answer = client.postForm("login.jsp", "username", server.adminUsername(), "password",
                server.adminPassword(), "login", "true", "csrf", client.csrfCookie());
        if (answer.status() != 302 || answer.location().orElse("").contains("login.jsp")) {
            throw new IllegalStateException("The console refused the admin's login: HTTP " + answer.status() + " "
                    + answer.location().orElse("") + "\n" + answer.body());
        }
        return client;
    }

    public Response get(String pathAndQuery) throws Exception {
        return send(HttpRequest.newBuilder(base.resolve(pathAndQuery)).GET());
    }

    /** @param form name, value, name, value… */
    public Response postForm(String path, String... form) throws Exception {
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < form.length; i += 2) {
            body.append(body.length() == 0 ? "" : "&").append(URLEncoder.encode(form[i], StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(form[i + 1], StandardCharsets.UTF_8));
        }
        return send(HttpRequest.newBuilder(base.resolve(path))
                .header("Content-Type", "application/x-www-form-urlencoded; charset=UTF-8")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())));
    }

    /** Uploads a plugin JAR as the console's "Upload Plugin" form does. */
    public Response uploadPlugin(Path jar) throws Exception {
        String csrf = get("plugin-admin.jsp").csrfSet();
        String boundary = "----waddle" + UUID.randomUUID().toString().replace("-", "");
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"uploadfile\"; filename=\""
                + jar.getFileName() + "\"\r\nContent-Type: application/java-archive\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.write(Files.readAllBytes(jar));
        body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return send(HttpRequest.newBuilder(base.resolve("plugin-admin.jsp?uploadplugin&csrf="
                        + URLEncoder.encode(csrf, StandardCharsets.UTF_8)))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())));
    }

    /** Deletes a plugin by its canonical name, as the delete icon's form on {@code plugin-admin.jsp} does (5.1.1: a POST). */
    public Response deletePlugin(String canonicalName) throws Exception {
        String csrf = get("plugin-admin.jsp").csrfSet();
        return postForm("plugin-admin.jsp", "csrf", csrf, "deleteplugin", canonicalName);
    }

    @Override
    public String toString() {
        return "console client with cookies " + cookies.getCookieStore().getCookies().stream()
                .map(cookie -> cookie.getName() + "=" + cookie.getValue() + " path=" + cookie.getPath() + " domain=" + cookie.getDomain())
                .toList();
    }

    /** The csrf cookie the browser would send to {@code login.jsp}. */
    public String csrfCookie() {
        return cookies.getCookieStore().get(base.resolve("login.jsp")).stream().filter(cookie -> cookie.getName().equals("csrf"))
                .map(HttpCookie::getValue).reduce((first, last) -> last)
                .orElseThrow(() -> new IllegalStateException("The console set no csrf cookie"));
    }

    private Response send(HttpRequest.Builder request) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        return new Response(response.statusCode(), response.body(), response.headers().firstValue("Location"),
                response.headers().allValues("Set-Cookie"), response.headers().map());
    }

    public record Response(int status, String body, Optional<String> location, List<String> setCookies,
                           java.util.Map<String, List<String>> headers) {

        public Optional<String> header(String name) {
            return headers.entrySet().stream().filter(entry -> entry.getKey().equalsIgnoreCase(name))
                    .flatMap(entry -> entry.getValue().stream()).findFirst();
        }

        /** The token a console page set in its {@code csrf} cookie: the one its next request must carry. */
        /** The value of the first {@code csrf} form field on the page (what a Waddle page's forms carry back). */
        public String csrfField() {
            java.util.regex.Matcher field = CSRF_FIELD.matcher(body);
            if (!field.find()) {
                throw new IllegalStateException("The page has no csrf form field: HTTP " + status + "\n" + body);
            }
            return field.group(1);
        }

        public String csrfSet() {
            return setCookies.stream().flatMap(header -> HttpCookie.parse(header).stream())
                    .filter(cookie -> cookie.getName().equals("csrf")).map(HttpCookie::getValue)
                    .reduce((first, last) -> last)
                    .orElseThrow(() -> new IllegalStateException("The page set no csrf cookie: HTTP " + status));
        }
    }
}
