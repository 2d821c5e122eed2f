package social.waddle.web.site;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.jivesoftware.smack.ConnectionListener;
import org.jivesoftware.smack.sasl.SASLErrorException;
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
import social.waddle.settings.WaddleSettings;
import social.waddle.testbed.Await;
import social.waddle.testbed.LocalNetworkSettings;
import social.waddle.testbed.atproto.AtprotoNetwork;
import social.waddle.testbed.atproto.AtprotoNetworkExtension;
import social.waddle.testbed.atproto.TestAccount;
import social.waddle.testbed.clients.SlixmppClient;
import social.waddle.testbed.openfire.OpenfireServer;
import social.waddle.testbed.openfire.XmppTestClient;
import social.waddle.testbed.web.BlueskyWebSignIn;
import social.waddle.web.WebDriverClient;

/**
 * Device passwords end to end on a real Openfire 5.x with the real PDS: created on {@code /waddle/devices} in headless
 * Chromium (after Sign in with Bluesky through the PDS's pages), used by Smack and slixmpp with SASL PLAIN; revoking it
 * on the page, or by an admin on the account's page of Openfire's own console, refuses the next login and the server
 * closes the live session; revoked and wrong device passwords count toward the account's lockout; forms without their
 * CSRF token change nothing; a name with markup is shown as text. Screenshots: {@code target/screenshots/devices-*.png},
 * {@code console-account-device*.png}.
 */
@ExtendWith(AtprotoNetworkExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DevicePasswordsBrowserIT {

    private static final String DOMAIN = "devices.test";
    private static final int MAX_FAILURES = 3;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();
    private AtprotoNetwork network;
    private OpenfireServer server;
    private WebDriverClient browser;
    private Path screenshots;
    private TestAccount erin;
    private String erinJid;
    private String phonePassword;

    @BeforeAll
    void start(AtprotoNetwork atprotoNetwork) throws Exception {
        network = atprotoNetwork;
        erin = network.createAccount("deverin");
        erinJid = JidLocalpart.toLocalpart(Did.parse(erin.did())) + "@" + DOMAIN;
        Map<String, String> properties = new HashMap<>(LocalNetworkSettings.forPlugin(network, "did:web:" + DOMAIN));
        properties.put(WaddleSettings.MAX_FAILURES_PER_ACCOUNT.key(), Integer.toString(MAX_FAILURES));
        server = OpenfireServer.start(OpenfireServer.Options.defaults().label("devices").domain(DOMAIN).publicWeb()
                .properties(properties));
        Assumptions.assumeTrue(server.isOpenfire5(), "the public pages need Openfire 5.x (Jetty 12 ee8)");
        Path build = Path.of(System.getProperty("waddle.buildDir", "target"));
        screenshots = build.resolve("screenshots");
        browser = BlueskyWebSignIn.startBrowser(build.resolve("chromedriver-devices.log"));
        BlueskyWebSignIn.signIn(browser, server, erin, "/devices");
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

    private String create(String name) throws Exception {
        browser.open(URI.create(server.publicWebUri() + "/devices"));
        String field = browser.find("#device-name");
        browser.clear(field);
        browser.type(field, name);
        browser.click(browser.find("#create-device"));
        return browser.text(browser.find("#new-password code"));
    }

    @Test
    @Order(1)
    void aPasswordCreatedOnThePageLogsInWithSmackAndSlixmpp() throws Exception {
        assertThat(browser.text(browser.find("#no-devices"))).contains("No device passwords yet");
        browser.screenshot(screenshots.resolve("devices-empty.png"));

        phonePassword = create("Phone – Conversations");
        assertThat(phonePassword).matches("wdl-([a-z2-9]{4}-){7}[a-z2-9]{4}");
        assertThat(browser.text(browser.find("#created-username"))).isEqualTo(erinJid);
        assertThat(browser.text(browser.find(".site-device-name"))).isEqualTo("Phone – Conversations");
        assertThat(browser.browserErrors()).isEmpty();
        browser.screenshot(screenshots.resolve("devices-created.png"));
        assertThat(server.log().tail(5000)).doesNotContain(phonePassword);

        try (XmppTestClient smack = XmppTestClient.login(server, erin.handle(), phonePassword)) {
            assertThat(smack.jid().asBareJid().toString()).isEqualTo(erinJid);
        }
        try (XmppTestClient smack = XmppTestClient.login(server, erin.did(), phonePassword.toUpperCase())) {
            assertThat(smack.jid().asBareJid().toString()).isEqualTo(erinJid);
        }
        SlixmppClient.LoginResult slixmpp = SlixmppClient.locate().login(server, erin.handle(), phonePassword);
        assertThat(slixmpp.ok()).as("%s", slixmpp).isTrue();
        assertThat(slixmpp.boundBareJid()).isEqualTo(erinJid);

        // The last use is written in the background; the page shows it once there.
        Await.until("the page to show the last use", Duration.ofSeconds(15), () -> {
            try {
                browser.open(URI.create(server.publicWebUri() + "/devices"));
                return !browser.text(browser.find(".site-device-facts")).contains("last used never");
            } catch (Exception e) {
                return false;
            }
        });
        assertThat(browser.text(browser.find(".site-device-facts"))).contains("127.0.0.1");
        assertThat(browser.findAll("#new-password")).isEmpty();
        browser.screenshot(screenshots.resolve("devices-list.png"));
    }

    @Test
    @Order(2)
    void aNameWithMarkupIsShownAsText() throws Exception {
        String hostile = "<script>alert(1)</script><img src=x onerror=alert(2)>";
        create(hostile);
        assertThat(browser.findAll(".site-device-name").stream().map(element -> {
            try {
                return browser.text(element);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).collect(Collectors.toList())).contains(hostile);
        assertThat(browser.source()).doesNotContain("<script>alert(1)").contains("&lt;script&gt;alert(1)&lt;/script&gt;");
        assertThat(browser.alert()).isEmpty();
        assertThat(browser.browserErrors()).isEmpty();
        browser.screenshot(screenshots.resolve("devices-markup-name.png"));

        // The field's maxlength stops a browser at 64; a client that ignores it is refused by the server.
        HttpResponse<String> tooLong = post(Map.of("action", "create", "name", "x".repeat(65), "csrf", csrf()));
        assertThat(tooLong.statusCode()).isEqualTo(400);
        assertThat(tooLong.body()).contains("at most 64 characters");
    }

    @Test
    @Order(3)
    void formsWithoutTheirCsrfTokenChangeNothing() throws Exception {
        int before = browser.findAll(".site-device").size();
        String id = deviceIds().get(0);
        HttpResponse<String> create = post(Map.of("action", "create", "name", "Attacker's phone"));
        assertThat(create.statusCode()).isEqualTo(403);
        assertThat(create.body()).contains("Nothing was changed");
        HttpResponse<String> revoke = post(Map.of("action", "revoke", "id", id, "csrf", "forged-token"));
        assertThat(revoke.statusCode()).isEqualTo(403);
        browser.open(URI.create(server.publicWebUri() + "/devices"));
        assertThat(browser.findAll(".site-device")).hasSize(before);
        assertThat(deviceIds()).contains(id);
        // The same request with the page's own token goes through: the token is what was missing.
        HttpResponse<String> withToken = post(Map.of("action", "create", "name", "Tablet", "csrf", csrf()));
        assertThat(withToken.statusCode()).isEqualTo(200);
        assertThat(withToken.body()).contains("id=\"new-password\"");
    }

    @Test
    @Order(4)
    void revokingOnThePageEndsTheLiveSessionAndRefusesTheNextLogin() throws Exception {
        XmppTestClient live = XmppTestClient.login(server, erin.handle(), phonePassword);
        AtomicReference<String> closed = new AtomicReference<>();
        live.connection().addConnectionListener(new ConnectionListener() {
            @Override
            public void connectionClosed() {
                closed.set("closed by the server's end of stream");
            }

            @Override
            public void connectionClosedOnError(Exception e) {
                closed.set("closed on error: " + e);
            }
        });
        try {
            browser.open(URI.create(server.publicWebUri() + "/devices"));
            String phoneId = deviceIds().get(0);
            browser.click(browser.find("#revoke-" + phoneId));
            assertThat(browser.text(browser.find("#confirm-revoke h2"))).contains("Phone – Conversations");
            browser.screenshot(screenshots.resolve("devices-confirm-revoke.png"));
            browser.click(browser.find("#confirm-revoke-button"));
            assertThat(browser.text(browser.find(".site-flash-success"))).contains("Revoked");
            assertThat(deviceIds()).doesNotContain(phoneId);
            browser.screenshot(screenshots.resolve("devices-revoked.png"));

            Await.until("the server to close the session of the revoked password", Duration.ofSeconds(15),
                    () -> closed.get() != null && !live.connection().isConnected());
            assertThat(server.log().tail(5000)).contains("session(s) that logged in with revoked device password " + phoneId);
        } finally {
            live.close();
        }
        Exception refused = XmppTestClient.failedLogin(server, erin.handle(), phonePassword);
        assertThat(refused).isInstanceOf(SASLErrorException.class);
        assertThat(((SASLErrorException) refused).getSASLFailure().getSASLErrorString()).isEqualTo("not-authorized");
        SlixmppClient.LoginResult slixmpp = SlixmppClient.locate().login(server, erin.handle(), phonePassword);
        assertThat(slixmpp.error()).as("%s", slixmpp).isEqualTo("not-authorized");
    }

    @Test
    @Order(5)
    void anAdminRevokesADevicePasswordInTheRealConsoleAndItsLiveSessionEnds() throws Exception {
        String tablet = create("Tablet – Dino");
        // The first two groups of the text name the stored row.
        String tabletId = tablet.substring(4, 8) + tablet.substring(9, 13);
        XmppTestClient live = XmppTestClient.login(server, erin.handle(), tablet);
        AtomicReference<String> closed = new AtomicReference<>();
        live.connection().addConnectionListener(new ConnectionListener() {
            @Override
            public void connectionClosed() {
                closed.set("closed by the server's end of stream");
            }

            @Override
            public void connectionClosedOnError(Exception e) {
                closed.set("closed on error: " + e);
            }
        });
        try {
            // Openfire 5.1.1's own admin console, in the same browser (its own origin and cookies).
            browser.open(server.adminConsoleUri().resolve("login.jsp"));
            browser.type(browser.find("#u01"), server.adminUsername());
            browser.type(browser.find("#p01"), server.adminPassword());
            // The form has a control named "submit", which hides the form's own submit().
            browser.script("HTMLFormElement.prototype.submit.call(document.forms.loginForm)");
            browser.find("#jive-header");
            browser.open(server.adminConsoleUri().resolve("plugins/waddle/waddle-accounts?did="
                    + URLEncoder.encode(erin.did(), StandardCharsets.UTF_8)));
            String revoke = browser.find("#revoke-device-" + tabletId);
            assertThat(browser.text(browser.find("#device-passwords"))).contains("Tablet – Dino")
                    .doesNotContain(tablet);
            browser.screenshot(screenshots.resolve("console-account-devices.png"));
            browser.click(revoke);
            browser.waitUntil("the console's success message", () -> {
                try {
                    return !browser.findAll("div.success").isEmpty();
                } catch (Exception e) {
                    return false;
                }
            });
            assertThat(browser.text(browser.find("div.success"))).contains("Revoked the device password", "Tablet – Dino");
            assertThat(browser.findAll("#revoke-device-" + tabletId)).isEmpty();
            browser.screenshot(screenshots.resolve("console-account-device-revoked.png"));

            Await.until("the server to close the session of the password the admin revoked", Duration.ofSeconds(15),
                    () -> closed.get() != null && !live.connection().isConnected());
        } finally {
            live.close();
        }
        Exception refused = XmppTestClient.failedLogin(server, erin.handle(), tablet);
        assertThat(((SASLErrorException) refused).getSASLFailure().getSASLErrorString()).isEqualTo("not-authorized");
        browser.open(URI.create(server.publicWebUri() + "/devices"));
        assertThat(deviceIds()).doesNotContain(tabletId);
    }

    @Test
    @Order(6)
    void revokedAndWrongDevicePasswordsCountTowardTheLockout() throws Exception {
        String laptop = create("Laptop – Gajim");
        // A success clears the account's failure count; then exactly MAX_FAILURES refusals of device passwords
        // (revoked, wrong, from Smack and slixmpp) lock the account, and the right password is refused too.
        XmppTestClient.login(server, erin.handle(), laptop).close();
        String wrong = laptop.substring(0, laptop.length() - 1) + (laptop.endsWith("a") ? "b" : "a");
        assertThat(XmppTestClient.failedLogin(server, erin.handle(), phonePassword)).isInstanceOf(SASLErrorException.class);
        assertThat(XmppTestClient.failedLogin(server, erin.did(), wrong)).isInstanceOf(SASLErrorException.class);
        SlixmppClient.LoginResult third = SlixmppClient.locate().login(server, erin.handle(), wrong);
        assertThat(third.error()).as("%s", third).isEqualTo("not-authorized");
        Exception locked = XmppTestClient.failedLogin(server, erin.handle(), laptop);
        assertThat(((SASLErrorException) locked).getSASLFailure().getSASLErrorString()).isEqualTo("not-authorized");
        browser.open(URI.create(server.publicWebUri() + "/devices"));
        browser.screenshot(screenshots.resolve("devices-after-lockout.png"));
    }

    private List<String> deviceIds() throws Exception {
        Matcher ids = Pattern.compile("data-id=\"([a-z2-9]{8})\"").matcher(browser.source());
        List<String> found = new java.util.ArrayList<>();
        while (ids.find()) {
            found.add(ids.group(1));
        }
        return found;
    }

    private String csrf() throws Exception {
        HttpResponse<String> page = send(HttpRequest.newBuilder(URI.create(server.publicWebUri() + "/devices")).GET());
        Matcher token = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"").matcher(page.body());
        assertThat(token.find()).isTrue();
        return token.group(1);
    }

    /** A POST with the signed-in browser's own cookies (as a cross-site form would send them with SameSite=None). */
    private HttpResponse<String> post(Map<String, String> form) throws Exception {
        String body = form.entrySet().stream().map(entry -> URLEncoder.encode(entry.getKey(), StandardCharsets.UTF_8)
                + "=" + URLEncoder.encode(entry.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
        return send(HttpRequest.newBuilder(URI.create(server.publicWebUri() + "/devices"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        String cookies = SiteCookies.SESSION + "=" + browser.cookie(SiteCookies.SESSION).orElseThrow() + "; "
                + SiteCookies.BROWSER + "=" + browser.cookie(SiteCookies.BROWSER).orElseThrow();
        return http.send(request.header("Cookie", cookies).build(), HttpResponse.BodyHandlers.ofString());
    }
}
