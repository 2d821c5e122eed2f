package social.waddle.web.site;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

import social.waddle.atproto.identity.JidLocalpart;
import social.waddle.atproto.oauth.PdsSignIn;
import social.waddle.atproto.syntax.Did;
import social.waddle.settings.WaddleSettings;
import social.waddle.testbed.Await;
import social.waddle.testbed.LocalNetworkSettings;
import social.waddle.testbed.atproto.AtprotoNetwork;
import social.waddle.testbed.atproto.AtprotoNetworkExtension;
import social.waddle.testbed.atproto.TestAccount;
import social.waddle.testbed.openfire.OpenfireServer;
import social.waddle.testbed.openfire.StoppedDatabase;
import social.waddle.testbed.web.BlueskyWebSignIn;
import social.waddle.web.WebDriverClient;

/**
 * The public pages on a real Openfire 5.x (HTTP-bind port, {@code /waddle}) with the real PDS, in headless Chromium:
 * Sign in with Bluesky through the PDS's own pages provisions the account and lands on the home page; the security
 * headers; a cookie saved before "sign out everywhere" is worthless after it; unloading the plugin unmounts the
 * pages (404). Screenshots: {@code target/screenshots/site-*.png}.
 */
@ExtendWith(AtprotoNetworkExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PublicSiteBrowserIT {

    private static final String DOMAIN = "site.test";
    private static final String HOSTILE_NAME = "<img src=x onerror=alert(1)><script>alert(2)</script>";
    /** Low, so the rate-limit test reaches it quickly; the other tests make fewer sign-ins than this. */
    private static final int SIGN_INS_PER_ADDRESS = 25;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();
    private AtprotoNetwork network;
    private OpenfireServer server;
    private WebDriverClient browser;
    private Path screenshots;
    private TestAccount dana;

    @BeforeAll
    void start(AtprotoNetwork atprotoNetwork) throws Exception {
        network = atprotoNetwork;
        dana = network.createAccount("sitedana");
        Map<String, String> properties = new HashMap<>(LocalNetworkSettings.forPlugin(network, "did:web:" + DOMAIN));
        properties.put(WaddleSettings.WEB_SIGN_IN_PER_ADDRESS.key(), Integer.toString(SIGN_INS_PER_ADDRESS));
        server = OpenfireServer.start(OpenfireServer.Options.defaults().label("site").domain(DOMAIN)
                .database(OpenfireServer.Database.FILE).publicWeb()
                .properties(properties));
        Assumptions.assumeTrue(server.isOpenfire5(), "the public pages need Openfire 5.x (Jetty 12 ee8)");
        Path build = Path.of(System.getProperty("waddle.buildDir", "target"));
        screenshots = build.resolve("screenshots");
        browser = BlueskyWebSignIn.startBrowser(build.resolve("chromedriver-site.log"));
    }

    @AfterAll
    void stop() throws Exception {
        if (browser != null) {
            browser.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    @Order(1)
    void signsInThroughThePdsPagesAndShowsTheHomePage() throws Exception {
        browser.open(URI.create(server.publicWebUri() + "/"));
        browser.find("#identifier");
        assertThat(browser.currentUrl()).isEqualTo(server.publicWebUri() + "/signin");
        browser.screenshot(screenshots.resolve("site-signin.png"));

        BlueskyWebSignIn.signIn(browser, server, dana);

        String jid = JidLocalpart.toLocalpart(Did.parse(dana.did())) + "@" + DOMAIN;
        assertThat(browser.text(browser.find("#jid"))).isEqualTo(jid);
        assertThat(browser.text(browser.find("#handle"))).isEqualTo(dana.handle());
        assertThat(browser.text(browser.find(".site-flash-success"))).contains(dana.handle());
        assertThat(browser.browserErrors()).isEmpty();
        browser.screenshot(screenshots.resolve("site-home.png"));
        // Provisioned as a first XMPP login: the account row exists and its owner can log in over XMPP.
        assertThat(server.log().tail(3000)).contains("Provisioned ATProto account " + dana.did());
    }

    @Test
    @Order(2)
    void everyAnswerCarriesTheSecurityHeaders() throws Exception {
        HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(server.publicWebUri() + "/signin"))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("content-security-policy")).hasValueSatisfying(csp -> assertThat(csp)
                .contains("default-src 'none'", "frame-ancestors 'none'").doesNotContain("http:", "https:", "*"));
        assertThat(page.headers().firstValue("x-content-type-options")).contains("nosniff");
        assertThat(page.headers().firstValue("referrer-policy")).contains("no-referrer");
        assertThat(page.headers().firstValue("cache-control")).contains("no-store");
        assertThat(page.headers().allValues("set-cookie")).anySatisfy(cookie -> assertThat(cookie)
                .startsWith(SiteCookies.BROWSER + "=").contains("HttpOnly", "SameSite=Lax", "Path=/waddle"));
    }

    @Test
    @Order(3)
    void aCookieSavedBeforeSigningOutEverywhereIsWorthlessAfterIt() throws Exception {
        browser.open(URI.create(server.publicWebUri() + "/"));
        browser.find("#jid");
        String saved = browser.cookie(SiteCookies.SESSION).orElseThrow();
        browser.click(browser.find("#signout-everywhere"));
        browser.find("#identifier");
        browser.screenshot(screenshots.resolve("site-signed-out.png"));
        browser.open(URI.create(server.publicWebUri() + "/oauth/callback?state=forged&code=x&iss=x"));
        assertThat(browser.text(browser.find(".site-flash-error"))).contains("nobody was signed in");
        browser.screenshot(screenshots.resolve("site-sign-in-refused.png"));
        browser.open(URI.create(server.publicWebUri() + "/no-such-page"));
        assertThat(browser.text(browser.find(".site-flash-error"))).isEqualTo("There is no such page.");
        browser.screenshot(screenshots.resolve("site-not-found.png"));

        HttpResponse<String> replayed = http.send(HttpRequest.newBuilder(URI.create(server.publicWebUri() + "/"))
                .header("Cookie", SiteCookies.SESSION + "=" + saved).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(replayed.statusCode()).isEqualTo(303);
        assertThat(replayed.headers().firstValue("location")).contains(server.publicWebUri() + "/signin");
    }

    @Test
    @Order(4)
    void aCompletedSignInsCallbackReplayedOrFromAnotherBrowserOrIssuerOrWithAForgedStateIsRefused() throws Exception {
        // A whole sign-in without a browser: the plugin's form, then the PDS's own API its pages call.
        HttpBrowser first = new HttpBrowser();
        Map<String, List<String>> callback = first.startAndConsent(dana, "");
        String query = query(callback);

        // Another browser (its own waddle_browser cookie) brings this browser's genuine callback: refused.
        HttpBrowser other = new HttpBrowser();
        other.get("/signin");
        HttpResponse<String> stolen = other.get("/oauth/callback?" + query);
        assertRefusedWithoutSession(stolen, "another browser session");

        // The state is single use: the genuine browser can no longer use it either (the thief burned it).
        HttpResponse<String> afterTheft = first.get("/oauth/callback?" + query);
        assertRefusedWithoutSession(afterTheft, "");

        // A fresh sign-in, completed once, then replayed.
        HttpBrowser second = new HttpBrowser();
        Map<String, List<String>> fresh = second.startAndConsent(dana, "");
        HttpResponse<String> completed = second.get("/oauth/callback?" + query(fresh));
        assertThat(completed.statusCode()).isEqualTo(303);
        assertThat(completed.headers().firstValue("location")).contains(server.publicWebUri() + "/");
        assertThat(second.cookies).containsKey(SiteCookies.SESSION);
        HttpResponse<String> replayed = new HttpBrowser().withCookies(second).without(SiteCookies.SESSION)
                .get("/oauth/callback?" + query(fresh));
        assertRefusedWithoutSession(replayed, "");

        // A callback naming another issuer: refused (and its state is spent).
        HttpBrowser third = new HttpBrowser();
        Map<String, List<String>> genuine = third.startAndConsent(dana, "");
        Map<String, List<String>> forgedIssuer = new LinkedHashMap<>(genuine);
        forgedIssuer.put("iss", List.of("https://evil.example"));
        assertRefusedWithoutSession(third.get("/oauth/callback?" + query(forgedIssuer)), "https://evil.example");

        // A state nobody issued.
        HttpBrowser forger = new HttpBrowser();
        forger.get("/signin");
        assertRefusedWithoutSession(forger.get("/oauth/callback?state=forged&code=x&iss="
                + URLEncoder.encode(network.pdsUrl().toString(), StandardCharsets.UTF_8)), "");
    }

    @Test
    @Order(5)
    void everyFormRefusesAPostWithoutItsCsrfTokenAndChangesNothing() throws Exception {
        HttpBrowser signedIn = new HttpBrowser();
        Map<String, List<String>> callback = signedIn.startAndConsent(dana, "");
        assertThat(signedIn.get("/oauth/callback?" + query(callback)).statusCode()).isEqualTo(303);
        assertThat(signedIn.get("/").statusCode()).isEqualTo(200);

        // Sign-in form: no token, and a token of another browser.
        HttpResponse<String> noToken = signedIn.post("/signin", Map.of("identifier", dana.handle()));
        assertThat(noToken.statusCode()).isEqualTo(403);
        assertThat(noToken.body()).contains("did not come from this site");
        HttpBrowser attacker = new HttpBrowser();
        String attackersToken = attacker.csrf(attacker.get("/signin").body());
        HttpResponse<String> foreignToken = signedIn.post("/signin", Map.of("identifier", dana.handle(),
                "csrf", attackersToken));
        assertThat(foreignToken.statusCode()).isEqualTo(403);

        // Sign-out (this browser, and everywhere): refused, the session still works.
        assertThat(signedIn.post("/signout", Map.of()).statusCode()).isEqualTo(403);
        assertThat(signedIn.post("/signout", Map.of("everywhere", "true", "csrf", attackersToken)).statusCode())
                .isEqualTo(403);
        assertThat(signedIn.get("/").statusCode()).isEqualTo(200);
        // With its own token the same form works.
        String token = signedIn.csrf(signedIn.get("/").body());
        assertThat(signedIn.post("/signout", Map.of("csrf", token)).statusCode()).isEqualTo(303);
        assertThat(signedIn.get("/").statusCode()).isEqualTo(303);
    }

    @Test
    @Order(6)
    void noReturnParameterLeadsOffTheSite() throws Exception {
        for (String evil : List.of("https://evil.example/", "//evil.example", "/\\evil.example", "/waddle/../../x",
                "/waddle//evil.example")) {
            HttpResponse<String> form = new HttpBrowser().get("/signin?return="
                    + URLEncoder.encode(evil, StandardCharsets.UTF_8));
            assertThat(form.body()).doesNotContain("name=\"return\"");
            HttpBrowser browser = new HttpBrowser();
            Map<String, List<String>> callback = browser.startAndConsent(dana, evil);
            HttpResponse<String> landed = browser.get("/oauth/callback?" + query(callback));
            assertThat(landed.statusCode()).isEqualTo(303);
            assertThat(landed.headers().firstValue("location")).as("after return=%s", evil)
                    .contains(server.publicWebUri() + "/");
        }
        HttpBrowser browser = new HttpBrowser();
        Map<String, List<String>> callback = browser.startAndConsent(dana, server.publicWebUri().getPath() + "/devices");
        assertThat(browser.get("/oauth/callback?" + query(callback)).headers().firstValue("location"))
                .contains(server.publicWebUri() + "/devices");
    }

    @Test
    @Order(7)
    void markupTypedIntoTheSignInFormComesBackAsText() throws Exception {
        HttpBrowser browser = new HttpBrowser();
        String token = browser.csrf(browser.get("/signin").body());
        String hostile = "\"><script>alert(1)</script><img src=x onerror=alert(2)>";
        HttpResponse<String> page = browser.post("/signin", Map.of("identifier", hostile, "csrf", token));
        assertThat(page.statusCode()).isEqualTo(400);
        assertThat(page.body()).doesNotContain("<script>alert(1)", "<img src=x")
                .contains("&lt;script&gt;alert(1)&lt;/script&gt;");
    }

    @Test
    @Order(8)
    void aSessionOutlivesARestartShowsTheWaddlesAndEndsWhenTheAccountIsBlocked() throws Exception {
        BlueskyWebSignIn.signIn(browser, server, dana);
        String saved = browser.cookie(SiteCookies.SESSION).orElseThrow();
        long now = System.currentTimeMillis();
        server.stop();
        StoppedDatabase.execute(server, List.of(
                waddle(901, "penguins", HOSTILE_NAME, now), waddle(902, "walruses", "Walrus Club", now),
                "INSERT INTO ofWaddleMember (waddleId, did, memberRole, joinedAt) VALUES (901, '" + dana.did()
                        + "', 'OWNER', " + now + ")",
                "INSERT INTO ofWaddleMember (waddleId, did, memberRole, joinedAt) VALUES (902, '" + dana.did()
                        + "', 'MEMBER', " + now + ")"));
        server.start();
        server.waitForPluginLoaded();

        // Web sessions are in Openfire's database: the restart did not end this one.
        browser.open(URI.create(server.publicWebUri() + "/"));
        assertThat(browser.text(browser.find("#jid"))).startsWith(JidLocalpart.toLocalpart(Did.parse(dana.did())));
        List<String> names = new java.util.ArrayList<>();
        for (String element : browser.findAll(".site-waddle")) {
            names.add(browser.text(element));
        }
        assertThat(names).containsExactlyInAnyOrder(HOSTILE_NAME, "Walrus Club");
        assertThat(browser.findAll("a[href=\"/waddle/manage/901\"]")).hasSize(1);
        assertThat(browser.findAll("a[href=\"/waddle/manage/902\"]")).isEmpty();
        assertThat(browser.alert()).isEmpty();
        browser.screenshot(screenshots.resolve("site-home-waddles.png"));

        // An admin blocks the account: the cookie it holds is refused on the next request.
        server.stop();
        StoppedDatabase.execute(server, List.of("UPDATE ofWaddleAccount SET loginBlocked = 1 WHERE did = '"
                + dana.did() + "'"));
        server.start();
        server.waitForPluginLoaded();
        HttpResponse<String> blocked = http.send(HttpRequest.newBuilder(URI.create(server.publicWebUri() + "/"))
                .header("Cookie", SiteCookies.SESSION + "=" + saved).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(blocked.statusCode()).isEqualTo(303);
        assertThat(blocked.headers().firstValue("location")).contains(server.publicWebUri() + "/signin");
    }

    private static String waddle(long id, String slug, String name, long now) {
        return "INSERT INTO ofWaddle (id, slug, name, ownerDid, visibility, createdAt, updatedAt) VALUES (" + id + ", '"
                + slug + "', '" + name.replace("'", "''") + "', 'did:plc:someoneelseaaaaaaaaaaaa', 'PRIVATE', " + now
                + ", " + now + ")";
    }

    @Test
    @Order(9)
    void theHelperSignsAnotherPersonInAndReturnsToTheAskedPage() throws Exception {
        TestAccount carl = network.createAccount("sitecarl");
        BlueskyWebSignIn.signIn(browser, server, carl, "/devices");
        assertThat(browser.currentUrl()).isEqualTo(server.publicWebUri() + "/devices");
        assertThat(browser.text(browser.find(".site-who"))).isEqualTo(carl.handle());
    }

    @Test
    @Order(10)
    void tooManySignInAttemptsFromOneAddressGetAPageAskingToWait() throws Exception {
        HttpBrowser browser = new HttpBrowser();
        String token = browser.csrf(browser.get("/signin").body());
        HttpResponse<String> answer = null;
        for (int i = 0; i <= SIGN_INS_PER_ADDRESS; i++) {
            answer = browser.post("/signin", Map.of("identifier", "nobody-" + i + ".invalid", "csrf", token));
            if (answer.statusCode() == 429) {
                break;
            }
        }
        assertThat(answer.statusCode()).isEqualTo(429);
        assertThat(answer.body()).contains("Too many sign-in attempts from your address. Wait 10 minutes");
    }

    private void assertRefusedWithoutSession(HttpResponse<String> answer, String reason) {
        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(answer.body()).contains("The sign-in was refused and nobody was signed in").contains(reason);
        assertThat(answer.headers().allValues("set-cookie")).noneMatch(cookie -> cookie.startsWith(SiteCookies.SESSION
                + "=") && !cookie.startsWith(SiteCookies.SESSION + "=;"));
    }

    private static String query(Map<String, List<String>> parameters) {
        StringBuilder query = new StringBuilder();
        parameters.forEach((name, values) -> values.forEach(value -> query.append(query.length() == 0 ? "" : "&")
                .append(URLEncoder.encode(name, StandardCharsets.UTF_8)).append('=')
                .append(URLEncoder.encode(value, StandardCharsets.UTF_8))));
        return query.toString();
    }

    /** A browser without JavaScript: keeps the site's cookies, follows no redirect. */
    private final class HttpBrowser {
        private final Map<String, String> cookies = new LinkedHashMap<>();

        HttpBrowser withCookies(HttpBrowser other) {
            cookies.putAll(other.cookies);
            return this;
        }

        HttpBrowser without(String cookie) {
            cookies.remove(cookie);
            return this;
        }

        HttpResponse<String> get(String path) throws Exception {
            return send(HttpRequest.newBuilder(URI.create(server.publicWebUri() + path)).GET());
        }

        HttpResponse<String> post(String path, Map<String, String> form) throws Exception {
            return send(HttpRequest.newBuilder(URI.create(server.publicWebUri() + path))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(query(form.entrySet().stream().collect(
                            java.util.stream.Collectors.toMap(Map.Entry::getKey, entry -> List.of(entry.getValue()),
                                    (a, b) -> a, LinkedHashMap::new))))));
        }

        String csrf(String html) {
            java.util.regex.Matcher token = java.util.regex.Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"")
                    .matcher(html);
            assertThat(token.find()).as("a CSRF field in %s", html).isTrue();
            return token.group(1);
        }

        /** The plugin's sign-in form, then the PDS's sign-in and consent; returns the callback's parameters. */
        Map<String, List<String>> startAndConsent(TestAccount account, String returnPath) throws Exception {
            String token = csrf(get("/signin").body());
            Map<String, String> form = new LinkedHashMap<>();
            form.put("identifier", account.handle());
            form.put("csrf", token);
            if (!returnPath.isEmpty()) {
                form.put("return", returnPath);
            }
            HttpResponse<String> started = post("/signin", form);
            assertThat(started.statusCode()).as(started.body()).isEqualTo(303);
            URI authorization = URI.create(started.headers().firstValue("location").orElseThrow());
            assertThat(authorization.toString()).startsWith(network.pdsUrl().toString());
            return new PdsSignIn().signInAndConsent(authorization, account.handle(), account.password());
        }

        private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
            if (!cookies.isEmpty()) {
                StringBuilder header = new StringBuilder();
                cookies.forEach((name, value) -> header.append(header.length() == 0 ? "" : "; ").append(name).append('=')
                        .append(value));
                request.header("Cookie", header.toString());
            }
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            for (String setCookie : response.headers().allValues("set-cookie")) {
                String pair = setCookie.substring(0, setCookie.indexOf(';') < 0 ? setCookie.length() : setCookie.indexOf(';'));
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
    }

    @Test
    @Order(11)
    void unloadingThePluginUnmountsThePages() throws Exception {
        server.uninstallPlugin();
        Await.until("the public pages to be gone", Duration.ofSeconds(20), () -> status("/signin") == 404);
        server.installPlugin();
        Await.until("the public pages to be back", Duration.ofSeconds(20), () -> status("/signin") == 200);
    }

    private int status(String path) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(server.publicWebUri() + path)).GET().build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (Exception e) {
            return -1;
        }
    }
}
