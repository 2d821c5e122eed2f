package social.waddle.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import social.waddle.settings.WaddleSettings;
import social.waddle.testbed.Await;
import social.waddle.testbed.openfire.OpenfireConsoleClient;
import social.waddle.testbed.openfire.OpenfireServer;
import social.waddle.testbed.openfire.OpenfireServerExtension;
import social.waddle.testbed.openfire.ServerLog;
import social.waddle.testbed.openfire.StoppedDatabase;

/**
 * The Waddle pages inside the real admin console of Openfire 5.x, in headless Chromium: an admin logs in on
 * {@code login.jsp}, opens every Waddle page from the sidebar (framed by the console's header, tabs and sidebar, with no
 * JavaScript error beyond those Openfire's own start page raises), and does what each page offers against the running
 * plugin: settings, Waddles with channels, bans, invites and room reconciliation, the audit log, accounts with a hostile
 * display name, diagnostics of the server's XMPP features; a forged POST without the token changes nothing.
 * Screenshots go to {@code target/screenshots/openfire-*.png}. ATProto accounts are rows as logins leave them.
 */
class OpenfireConsoleBrowserIT {

    @RegisterExtension
    static final OpenfireServerExtension openfire = OpenfireServerExtension.ownServer(
            OpenfireServer.Options.defaults().database(OpenfireServer.Database.FILE));

    private static final String ALICE = "did:plc:aliceaaaaaaaaaaaaaaaaaaa";
    private static final String MALLORY = "did:plc:malloryaaaaaaaaaaaaaaaaa";
    private static final String BOB = "did:plc:bobbbbbbbbbbbbbbbbbbbbbb";
    private static final String HOSTILE_NAME = "<img src=x onerror=alert(1)>";
    /** Alice's avatar as the profile sync leaves it: a row of ofWaddleProfile and the PHOTO of her vCard. */
    private static final byte[] AVATAR = avatar();

    private static OpenfireServer server;
    private static WebDriverClient browser;
    private static Path screenshots;
    /** What Openfire's own start page logs to the browser console, with its URL taken out. */
    private static List<String> openfiresOwnErrors;

    @BeforeAll
    static void seedAccountsLogInAndReadOpenfiresOwnErrors() throws Exception {
        server = openfire.server();
        Assumptions.assumeTrue(server.isOpenfire5(), "the Openfire 4.2.0 fallback has no admin console");
        Optional<String> missing = WebDriverClient.missingBrowser();
        if (missing.isPresent()) {
            throw new IllegalStateException(missing.get());
        }
        server.stop();
        StoppedDatabase.execute(server, List.of(account(ALICE, "alice.test", "Alice"),
                account(MALLORY, "mallory.test", HOSTILE_NAME), account(BOB, "bob.test", "Bob"),
                publishedProfile(ALICE, "Alice", AVATAR), publishedVCard(ALICE, "Alice", "alice.test", AVATAR)));
        server.start();

        Path build = Path.of(System.getProperty("waddle.buildDir", "target"));
        screenshots = build.resolve("screenshots");
        browser = WebDriverClient.start(build.resolve("chromedriver-openfire.log"));
        browser.open(server.adminConsoleUri().resolve("login.jsp"));
        browser.type(browser.find("#u01"), server.adminUsername());
        browser.type(browser.find("#p01"), server.adminPassword());
        // The form has a control named "submit", which hides the form's own submit().
        browser.script("HTMLFormElement.prototype.submit.call(document.forms.loginForm)");
        browser.find("#jive-header");
        // Twice: index.jsp also raises errors after it has loaded, which the second load has let through.
        browser.open(server.adminConsoleUri().resolve("index.jsp"));
        browser.find("#jive-sidebar");
        browser.open(server.adminConsoleUri().resolve("index.jsp"));
        browser.find("#jive-sidebar");
        openfiresOwnErrors = withoutLocation(browser.browserErrors());
        browser.screenshot(screenshots.resolve("openfire-index.png"));
    }

    @AfterAll
    static void stopBrowser() throws Exception {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    void everyWaddlePageOpensFromTheSidebarInsideTheConsoleWithoutNewJavaScriptErrors() throws Exception {
        List<ConsoleDeclarations.SidebarItem> items = ConsoleDeclarations.sidebarItems();
        assertThat(items).hasSize(5);
        browser.open(server.adminConsoleUri().resolve("index.jsp"));
        // Server > Waddle: the tab's sub-navigation leads to the sidebar's first item.
        browser.click(browser.find("#jive-subnav a[href$='plugins/waddle/" + items.get(0).url() + "']"));
        for (ConsoleDeclarations.SidebarItem item : items) {
            browser.click(browser.find("#jive-sidebar a[href$='plugins/waddle/" + item.url() + "']"));
            browser.waitUntil("page " + item.id(), () -> current().endsWith("/plugins/waddle/" + item.url()));

            assertThat(browser.findAll("#jive-header")).as("console header on " + item.id()).hasSize(1);
            assertThat(browser.findAll("#jive-tabs, #jive-nav")).as("console tabs on " + item.id()).isNotEmpty();
            for (ConsoleDeclarations.SidebarItem other : items) {
                assertThat(browser.findAll("#jive-sidebar a[href$='plugins/waddle/" + other.url() + "']"))
                        .as("sidebar link to " + other.id() + " on " + item.id()).hasSize(1);
            }
            assertThat(browser.script("var a = document.querySelector(\"#jive-sidebar a[href$='plugins/waddle/\" + arguments[0] + \"']\");"
                    + " return a.closest('li').className", item.url()).asText()).as("current sidebar item").contains("currentlink");
            assertThat(browser.findAll("#jive-main-content, #jive-content")).isNotEmpty();
            assertThat(browser.source()).doesNotContain("???").doesNotContain("HTTP ERROR");
            browser.screenshot(screenshots.resolve("openfire-" + item.id() + ".png"));
            assertThat(newErrors()).as("JavaScript errors on " + item.id()).isEmpty();
        }
    }

    @Test
    void anAdminChangesASettingSeesAnInvalidValueExplainedAndResetsIt() throws Exception {
        open(SettingsPage.PAGE_ID);
        ServerLog.Mark beforeSave = server.log().mark();
        String failures = browser.find("#setting-" + css(WaddleSettings.MAX_FAILURES_PER_ACCOUNT.key()));
        browser.clear(failures);
        browser.type(failures, "7");
        browser.click(browser.find("form.waddle-form input[type=submit]"));

        awaitSuccess("Saved 1 changed setting(s).");
        assertThat(browser.script("return document.getElementById(arguments[0]).value",
                "setting-" + WaddleSettings.MAX_FAILURES_PER_ACCOUNT.key()).asText()).isEqualTo("7");
        String rebuilt = " changed; logins now use the new values";
        Await.until("the login service to be rebuilt with the new limit", Duration.ofSeconds(10), () -> server.log()
                .firstLineSince(beforeSave, WaddleSettings.MAX_FAILURES_PER_ACCOUNT.key() + rebuilt).isPresent());

        // A setting the login service does not read leaves it (and its identity caches) alone.
        String refresh = browser.find("#setting-" + css(WaddleSettings.PROFILE_REFRESH_INTERVAL.key()));
        browser.clear(refresh);
        browser.type(refresh, "12h");
        browser.click(browser.find("form.waddle-form input[type=submit]"));
        awaitSuccess("Saved 1 changed setting(s).");
        assertThat(server.log().since(beforeSave)).doesNotContain(WaddleSettings.PROFILE_REFRESH_INTERVAL.key() + rebuilt);
        browser.click(browser.find("button[form='reset-" + WaddleSettings.PROFILE_REFRESH_INTERVAL.key() + "']"));
        awaitSuccessContaining("is back to its default");

        String window = browser.find("#setting-" + css(WaddleSettings.FAILURE_WINDOW.key()));
        browser.clear(window);
        browser.type(window, "soon");
        browser.click(browser.find("form.waddle-form input[type=submit]"));
        assertThat(browser.text(browser.find("#error-" + css(WaddleSettings.FAILURE_WINDOW.key()))))
                .startsWith("Not saved: Expected a duration such as 30s");
        // The form comes back with HTTP 400, which Chromium reports as a resource that failed to load.
        assertThat(newErrors()).allSatisfy(error -> assertThat(error)
                .contains("Failed to load resource: the server responded with a status of 400"));
        browser.screenshot(screenshots.resolve("openfire-settings-invalid.png"));

        browser.click(browser.find("button[form='reset-" + WaddleSettings.MAX_FAILURES_PER_ACCOUNT.key() + "']"));
        awaitSuccessContaining("is back to its default: 5.");
        assertNoNewErrors("settings");
    }

    @Test
    void anAdminCreatesAWaddleAddsAChannelBansSomeoneInvitesReconcilesRoomsAndReadsTheAudit() throws Exception {
        open(WaddlesPage.PAGE_ID);
        browser.type(browser.find("#create-name"), "Penguin Club");
        browser.type(browser.find("#create-slug"), "penguin-club");
        browser.type(browser.find("#create-owner"), "alice.test");
        browser.type(browser.find("#create-description"), "Everything about penguins");
        browser.click(browser.find("#create-form input[type=submit]"));
        awaitSuccess("Waddle Penguin Club was created");

        browser.type(browser.find("#channel-name"), "News");
        browser.type(browser.find("#channel-slug"), "news");
        browser.type(browser.find("#channel-topic"), "What happened today");
        browser.click(browser.find("#add-channel-form input[type=submit]"));
        awaitSuccess("Channel News was added");

        browser.type(browser.find("#ban-who"), "mallory.test");
        browser.type(browser.find("#ban-reason"), "Spam in every channel");
        browser.type(browser.find("#ban-expires"), "7d");
        browser.click(browser.find("#ban-form input[type=submit]"));
        // People are shown by name and handle: "Mallory (mallory.test) is banned ...", or the handle alone.
        awaitSuccessContaining("mallory.test");
        assertThat(successText()).contains("is banned from the Waddle until");

        browser.type(browser.find("#invite-uses"), "5");
        browser.click(browser.find("#invite-form input[type=submit]"));
        awaitSuccess("New invite code: ");

        browser.click(browser.find("form input[type=submit][value='Reconcile rooms now']"));
        awaitSuccess("Rooms reconciled: ");
        browser.find("#reconcile-report");
        assertThat(browser.text(browser.find("div.success"))).startsWith("Rooms reconciled: 2 checked, 0 created, 0 repaired");
        browser.screenshot(screenshots.resolve("openfire-waddle-detail.png"));
        assertNoNewErrors("waddle detail");

        open(WaddlesPage.PAGE_ID);
        browser.find("#waddle-list a[href='waddle-waddles?waddle=penguin-club']");

        open(AuditPage.PAGE_ID);
        assertThat(browser.findAll("#audit-list tbody tr")).hasSizeGreaterThanOrEqualTo(4);
        assertThat(browser.text(browser.find("#audit-list tbody"))).contains("admin (server admin)");
        browser.screenshot(screenshots.resolve("openfire-audit.png"));
        assertNoNewErrors("audit");
    }

    @Test
    void aHostileNameStaysTextAndAnAdminBlocksAnAccountFromItsPage() throws Exception {
        open(AccountsPage.PAGE_ID);

        assertThat(browser.alert()).isEmpty();
        assertThat(browser.script("return document.querySelectorAll('img[src=x]').length").asInt()).isZero();
        assertThat(browser.script("return document.body.innerText.includes(arguments[0])", HOSTILE_NAME).asBoolean()).isTrue();

        browser.type(browser.find("#account-query"), "bob");
        String listUrl = browser.currentUrl();
        browser.click(browser.find("form[role=search] input[type=submit]"));
        // The unfiltered list shows Bob's link too: look for it only once the results page has replaced it.
        browser.waitUntil("the search results", () -> {
            try {
                return !browser.currentUrl().equals(listUrl);
            } catch (Exception stillLoading) {
                return false;
            }
        });
        String detail = "a[href='waddle-accounts?did=did%3Aplc%3Abobbbbbbbbbbbbbbbbbbbbbb']";
        browser.click(browser.find(detail));
        browser.click(browser.find("input[type=submit][value='Block logins']"));

        awaitSuccess("Logins of bob.test are now blocked.");
        browser.screenshot(screenshots.resolve("openfire-account-detail.png"));
        assertNoNewErrors("account detail");
    }

    /**
     * The console's CSP ({@code img-src 'self' igniterealtime.org}) keeps out data: URIs and other hosts: the avatar
     * comes from the plugin's own URL on the console, and the browser really draws it.
     */
    @Test
    void theAccountPageShowsTheAvatarFromThePluginWithNameHandleLastReadAndRefresh() throws Exception {
        OpenfireConsoleClient console = OpenfireConsoleClient.login(server);
        OpenfireConsoleClient.Response page = console.get("plugins/waddle/" + AccountsPage.PAGE_ID + "?did=" + ALICE);
        assertThat(page.header("Content-Security-Policy")).hasValueSatisfying(csp -> assertThat(csp)
                .contains("img-src 'self' igniterealtime.org").doesNotContain("data:"));
        String sha1 = social.waddle.atproto.profile.Avatar.sha1Hex(AVATAR);
        OpenfireConsoleClient.Response image = console.get("plugins/waddle/" + AvatarImage.href(ALICE, sha1));
        assertThat(image.status()).isEqualTo(200);
        assertThat(image.header("Content-Type")).contains("image/png");
        assertThat(image.header("X-Content-Type-Options")).contains("nosniff");
        assertThat(image.header("Cache-Control")).contains(AvatarImage.CACHE_CONTROL);

        open(AccountsPage.PAGE_ID + "?did=" + ALICE);
        String avatar = browser.find("img.waddle-avatar");
        browser.waitUntil("the avatar to load", () -> {
            try {
                return browser.script("var img = document.querySelector('img.waddle-avatar');"
                        + " return img.complete && img.naturalWidth > 0").asBoolean();
            } catch (Exception stillLoading) {
                return false;
            }
        });
        assertThat(browser.script("return document.querySelector('img.waddle-avatar').naturalWidth").asInt()).isEqualTo(48);
        assertThat(browser.script("return new URL(document.querySelector('img.waddle-avatar').src).pathname").asText())
                .isEqualTo("/plugins/waddle/" + AvatarImage.PATH);
        assertThat(avatar).isNotEmpty();
        String text = browser.script("return document.body.innerText").asText();
        assertThat(text).contains("Alice").contains("alice.test").contains("Last read from the PDS")
                .contains("2026-12-01 10:00 UTC").contains("reading the profile failed: pds.example timed out");
        assertThat(browser.findAll("input[type=submit][value='Refresh profile now']")).hasSize(1);
        browser.screenshot(screenshots.resolve("openfire-account-avatar.png"));
        assertNoNewErrors("account avatar");
    }

    @Test
    void aForgedPostWithoutTheTokenChangesNothing() throws Exception {
        open(AccountsPage.PAGE_ID + "?did=" + ALICE);
        browser.find("input[type=submit][value='Block logins']");

        browser.script("var form = document.createElement('form'); form.method = 'post'; form.action = 'waddle-accounts';"
                + "[['did', arguments[0]], ['action', 'block']].forEach(function (pair) {"
                + "  var input = document.createElement('input'); input.type = 'hidden'; input.name = pair[0]; input.value = pair[1];"
                + "  form.appendChild(input); });"
                + "document.body.appendChild(form); form.submit();", ALICE);
        browser.waitUntil("the forged POST to be answered", () -> !current().contains("?did="));

        open(AccountsPage.PAGE_ID + "?did=" + ALICE);
        assertThat(browser.findAll("input[type=submit][value='Block logins']")).hasSize(1);
        assertThat(browser.findAll("input[type=submit][value='Unblock logins']")).isEmpty();
        assertNoNewErrors("forged post");
    }

    @Test
    void anAdminChecksTheServersXmppFeaturesAndDiagnosesAHandle() throws Exception {
        open(DiagnosticsPage.PAGE_ID);
        browser.click(browser.find("form input[type=submit][value='Check server features']"));
        browser.find("#jive-main-content table, #jive-content table");
        assertThat(browser.source()).contains("Service discovery of " + server.domain())
                .contains("conference." + server.domain());

        browser.type(browser.find("#diagnose-input"), "nobody.invalid");
        browser.click(browser.find("form input[type=submit][value='Diagnose']"));
        browser.waitUntil("the diagnosis", () -> {
            try {
                return browser.script("return document.body.innerText.includes('Diagnosis of nobody.invalid')").asBoolean();
            } catch (Exception stillLoading) {
                return false;
            }
        });
        browser.screenshot(screenshots.resolve("openfire-diagnostics.png"));
        assertNoNewErrors("diagnostics");
    }

    private static void open(String pageAndQuery) throws Exception {
        browser.open(server.adminConsoleUri().resolve("plugins/waddle/" + pageAndQuery));
        browser.find("#jive-header");
    }

    private static String current() {
        try {
            return browser.currentUrl();
        } catch (Exception e) {
            return "";
        }
    }

    private static void assertNoNewErrors(String page) throws Exception {
        assertThat(newErrors()).as("JavaScript errors on " + page).isEmpty();
    }

    /**
     * Browser console errors since the last look that Openfire's own pages do not raise: an error raised by an Openfire
     * page (its location is a {@code .jsp}, e.g. the start page still running a script after it was left) is Openfire's;
     * any other (our pages, scripts, resources) must be one index.jsp raises too, such as one of the console's frame.
     */
    private static List<String> newErrors() throws Exception {
        List<String> found = new ArrayList<>();
        for (String error : browser.browserErrors()) {
            String location = error.split(" ", 2)[0];
            String text = withoutLocation(List.of(error)).get(0);
            if (!location.endsWith(".jsp") && !openfiresOwnErrors.contains(text)) {
                found.add(error);
            }
        }
        return found;
    }

    /** Console messages start with the URL of the script or page; what Openfire's own pages raise is the same text. */
    private static List<String> withoutLocation(List<String> errors) {
        List<String> texts = new ArrayList<>();
        for (String error : errors) {
            texts.add(error.replaceFirst("^\\S+ (\\d+:\\d+ )?", ""));
        }
        return texts;
    }

    /** Waits for the page after a POST: the one whose success box starts with {@code text}. */
    private static void awaitSuccess(String text) throws InterruptedException {
        browser.waitUntil("a success box starting with \"" + text + "\"", () -> successText().startsWith(text));
    }

    private static void awaitSuccessContaining(String text) throws InterruptedException {
        browser.waitUntil("a success box containing \"" + text + "\"", () -> successText().contains(text));
    }

    private static String successText() {
        try {
            return browser.script("var box = document.querySelector('div.success'); return box ? box.innerText : ''").asText();
        } catch (Exception stillLoading) {
            return "";
        }
    }

    private static String account(String did, String handle, String displayName) {
        long now = Instant.now().toEpochMilli();
        return "INSERT INTO ofWaddleAccount (username, did, handle, handleVerified, displayName, pdsUrl, credentialTypes,"
                + " loginBlocked, firstSeen, lastSeen, resolvedAt) VALUES ('" + ConsoleFixture.JidLocalparts.of(did) + "', '"
                + did + "', '" + handle + "', 1, '" + displayName.replace("'", "''") + "', 'https://pds.example.com',"
                + " 'APP_PASSWORD', 0, " + now + ", " + now + ", " + now + ")";
    }

    private static String publishedProfile(String did, String displayName, byte[] png) {
        long at = Instant.parse("2026-12-01T10:00:00Z").toEpochMilli();
        return "INSERT INTO ofWaddleProfile (did, displayName, avatarCid, avatarType, avatarSha1, avatarSize, recordCid,"
                + " publishedHandle, publishedAt, fetchedAt, attemptedAt, failures, nextAttempt, lastError) VALUES ('" + did
                + "', '" + displayName + "', 'bafkreiavatar', 'image/png', '"
                + social.waddle.atproto.profile.Avatar.sha1Hex(png) + "', " + png.length + ", NULL, 'alice.test', " + at
                + ", " + at + ", " + (at + 90_000_000L) + ", 1, " + (at + 90_300_000L)
                + ", 'reading the profile failed: pds.example timed out')";
    }

    private static String publishedVCard(String did, String displayName, String handle, byte[] png) {
        String vCard = "<vCard xmlns=\"vcard-temp\"><FN>" + displayName + "</FN><NICKNAME>" + handle + "</NICKNAME>"
                + "<PHOTO><TYPE>image/png</TYPE><BINVAL>" + java.util.Base64.getEncoder().encodeToString(png)
                + "</BINVAL></PHOTO></vCard>";
        return "INSERT INTO ofVCard (username, vcard) VALUES ('" + ConsoleFixture.JidLocalparts.of(did) + "', '" + vCard + "')";
    }

    /** A 48×48 PNG: a blue square with a white band. */
    private static byte[] avatar() {
        java.awt.image.BufferedImage image = new java.awt.image.BufferedImage(48, 48, java.awt.image.BufferedImage.TYPE_INT_RGB);
        for (int x = 0; x < 48; x++) {
            for (int y = 0; y < 48; y++) {
                image.setRGB(x, y, y > 20 && y < 28 ? 0xFFFFFF : 0x1185FE);
            }
        }
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try {
            javax.imageio.ImageIO.write(image, "png", out);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static String css(String id) {
        return id.replace(".", "\\.");
    }
}
