package social.waddle.web.site;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
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
import social.waddle.atproto.syntax.Did;
import social.waddle.testbed.Await;
import social.waddle.testbed.LocalNetworkSettings;
import social.waddle.testbed.atproto.AtprotoNetwork;
import social.waddle.testbed.atproto.AtprotoNetworkExtension;
import social.waddle.testbed.atproto.TestAccount;
import social.waddle.testbed.openfire.OpenfireServer;
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
        server = OpenfireServer.start(OpenfireServer.Options.defaults().label("site").domain(DOMAIN).publicWeb()
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

        HttpResponse<String> replayed = http.send(HttpRequest.newBuilder(URI.create(server.publicWebUri() + "/"))
                .header("Cookie", SiteCookies.SESSION + "=" + saved).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(replayed.statusCode()).isEqualTo(303);
        assertThat(replayed.headers().firstValue("location")).contains(server.publicWebUri() + "/signin");
    }

    @Test
    @Order(9)
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
