package social.waddle.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import social.waddle.account.AtprotoAccount;
import social.waddle.atproto.syntax.Did;
import social.waddle.community.Actor;
import social.waddle.community.Channel;
import social.waddle.community.Member;
import social.waddle.community.Visibility;
import social.waddle.community.WaddleSlug;
import social.waddle.atproto.identity.ResolutionTrace;
import social.waddle.atproto.identity.ResolutionTrace.Outcome;
import social.waddle.atproto.identity.ResolutionTrace.StepKind;
import social.waddle.settings.WaddleSettings;

/**
 * The pages in a real headless Chromium, in the stand-in console ({@link ConsoleTestServer}, with fakes behind the pages
 * so each case sets up exactly its data; the real Openfire 5.x console is {@link OpenfireConsoleBrowserIT}): an admin changes settings, diagnoses a handle, finds and
 * blocks an account, creates a Waddle, adds a channel and bans a member, reads the audit log; hostile names stay text;
 * forged POSTs are refused. Screenshots of each page go to {@code target/screenshots/}.
 */
class AdminConsoleBrowserIT {

    private static final String ALICE = "did:plc:aliceaaaaaaaaaaaaaaaaaaa";
    private static final String MALLORY = "did:plc:malloryaaaaaaaaaaaaaaaaa";
    private static final String HOSTILE_NAME = "<img src=x onerror=alert(1)>";

    private static WebDriverClient browser;
    private static Path screenshots;
    private ConsoleFixture console;

    @BeforeAll
    static void startBrowser() throws Exception {
        Optional<String> missing = WebDriverClient.missingBrowser();
        if (missing.isPresent()) {
            throw new IllegalStateException(missing.get());
        }
        Path build = Path.of(System.getProperty("waddle.buildDir", "target"));
        screenshots = build.resolve("screenshots");
        browser = WebDriverClient.start(build.resolve("chromedriver.log"));
    }

    @AfterAll
    static void stopBrowser() throws Exception {
        if (browser != null) {
            browser.close();
        }
    }

    @BeforeEach
    void start() throws Exception {
        console = new ConsoleFixture();
        browser.open(console.server.uri("/login?user=admin"));
    }

    @AfterEach
    void stop() throws Exception {
        console.close();
    }

    @Test
    void anAdminChangesSettingsAndSeesInvalidValuesExplainedBesideTheField() throws Exception {
        browser.open(console.server.page(SettingsPage.PAGE_ID));
        browser.screenshot(screenshots.resolve("settings.png"));

        browser.click(browser.find("#setting-" + css(WaddleSettings.AUTO_PROVISION.key())));
        String failures = browser.find("#setting-" + css(WaddleSettings.MAX_FAILURES_PER_ACCOUNT.key()));
        browser.clear(failures);
        browser.type(failures, "7");
        browser.click(browser.find("form.waddle-form input[type=submit]"));

        assertThat(browser.text(browser.find("div.success"))).isEqualTo("Saved 2 changed setting(s).");
        assertThat(console.settings.get(WaddleSettings.AUTO_PROVISION)).isFalse();
        assertThat(console.settings.get(WaddleSettings.MAX_FAILURES_PER_ACCOUNT)).isEqualTo(7);
        assertThat(browser.selected(browser.find("#setting-" + css(WaddleSettings.AUTO_PROVISION.key())))).isFalse();

        String window = browser.find("#setting-" + css(WaddleSettings.FAILURE_WINDOW.key()));
        browser.clear(window);
        browser.type(window, "soon");
        browser.click(browser.find("form.waddle-form input[type=submit]"));

        assertThat(browser.text(browser.find("#error-" + css(WaddleSettings.FAILURE_WINDOW.key()))))
                .startsWith("Not saved: Expected a duration such as 30s");
        assertThat(browser.script("return document.getElementById(arguments[0]).value", "setting-" + WaddleSettings.FAILURE_WINDOW.key()).asText())
                .isEqualTo("soon");
        browser.screenshot(screenshots.resolve("settings-invalid.png"));

        browser.click(browser.find("button[form='reset-" + WaddleSettings.MAX_FAILURES_PER_ACCOUNT.key() + "']"));
        assertThat(browser.text(browser.find("div.success"))).contains("is back to its default: 5.");
        assertThat(console.properties).doesNotContainKey(WaddleSettings.MAX_FAILURES_PER_ACCOUNT.key());
    }

    @Test
    void anAdminDiagnosesAHandleStepByStep() throws Exception {
        console.diagnostics.traces.put("alice.test", new ResolutionTrace("alice.test", List.of(
                ConsoleFixture.FakeDiagnostics.step(StepKind.SYNTAX, Outcome.OK, "handle"),
                ConsoleFixture.FakeDiagnostics.step(StepKind.DNS_TXT, Outcome.OK, ALICE),
                ConsoleFixture.FakeDiagnostics.step(StepKind.HTTPS_WELL_KNOWN, Outcome.NO_ANSWER, ""),
                ConsoleFixture.FakeDiagnostics.step(StepKind.XRPC_RESOLVE_HANDLE, Outcome.SKIPPED, ""),
                ConsoleFixture.FakeDiagnostics.step(StepKind.DID_DOCUMENT, Outcome.OK, "https://plc.directory/" + ALICE),
                ConsoleFixture.FakeDiagnostics.step(StepKind.HANDLE_CHECK, Outcome.OK, "the document of " + ALICE + " claims alice.test"),
                ConsoleFixture.FakeDiagnostics.step(StepKind.PDS, Outcome.OK, "https://pds.example.com"),
                ConsoleFixture.FakeDiagnostics.step(StepKind.SIGNING_KEY, Outcome.OK, "SECP256K1 " + ConsoleFixture.MULTIKEY)),
                Optional.of(ConsoleFixture.identity(ALICE, "alice.test", "https://pds.example.com")), Optional.empty()));
        browser.open(console.server.page(DiagnosticsPage.PAGE_ID));

        browser.type(browser.find("#diagnose-input"), "alice.test");
        browser.click(browser.find("form input[type=submit][value='Diagnose']"));

        assertThat(browser.text(browser.find("div.success"))).isEqualTo("Diagnosis of alice.test finished: it resolves.");
        assertThat(browser.text(browser.find("#trace-summary"))).contains(ALICE).contains("https://pds.example.com");
        assertThat(browser.findAll("#trace + p, .jive-contentBox .jive-table tbody tr")).hasSizeGreaterThanOrEqualTo(8);
        browser.click(browser.find("form input[type=submit][value='Check server features']"));
        browser.find("div.warning");
        browser.screenshot(screenshots.resolve("diagnostics.png"));
    }

    @Test
    void anAdminFindsAnAccountAndBlocksItAndAHostileNameStaysText() throws Exception {
        console.addAccount(ALICE, "alice.test", "Alice");
        console.addAccount(MALLORY, "mallory.test", HOSTILE_NAME);
        browser.open(console.server.page(AccountsPage.PAGE_ID));

        assertThat(browser.alert()).isEmpty();
        assertThat(browser.script("return document.querySelectorAll('#jive-main-content img').length").asInt()).isZero();
        assertThat(browser.script("return document.body.innerText.includes(arguments[0])", HOSTILE_NAME).asBoolean()).isTrue();
        browser.screenshot(screenshots.resolve("accounts.png"));

        browser.type(browser.find("#account-query"), "alice");
        browser.click(browser.find("form[role=search] input[type=submit]"));
        browser.find("a[href='waddle-accounts?did=did%3Aplc%3Aaliceaaaaaaaaaaaaaaaaaaa']");
        assertThat(browser.source()).doesNotContain("mallory.test");
        browser.click(browser.find("a[href='waddle-accounts?did=did%3Aplc%3Aaliceaaaaaaaaaaaaaaaaaaa']"));
        browser.click(browser.find("input[type=submit][value='Block logins']"));

        assertThat(browser.text(browser.find("div.success"))).isEqualTo("Logins of alice.test are now blocked.");
        assertThat(console.accounts.accounts().findByDid(ALICE)).map(AtprotoAccount::loginBlocked).contains(true);
        browser.screenshot(screenshots.resolve("account-detail.png"));
    }

    @Test
    void aForgedPostWithoutTheTokenIsRefused() throws Exception {
        console.addAccount(MALLORY, "mallory.test", "Mallory");
        browser.open(console.server.page(AccountsPage.PAGE_ID));

        browser.script("var form = document.createElement('form'); form.method = 'post'; form.action = 'waddle-accounts';"
                + "[['did', arguments[0]], ['action', 'block']].forEach(function (pair) {"
                + "  var input = document.createElement('input'); input.type = 'hidden'; input.name = pair[0]; input.value = pair[1];"
                + "  form.appendChild(input); });"
                + "document.body.appendChild(form); form.submit();", MALLORY);

        assertThat(browser.text(browser.find("div.error"))).contains("nothing was changed");
        assertThat(console.accounts.accounts().findByDid(MALLORY)).map(AtprotoAccount::loginBlocked).contains(false);
        assertThat(console.audit).isEmpty();
    }

    @Test
    void anAdminCreatesAWaddleAddsAChannelAndBansAMember() throws Exception {
        console.addAccount(ALICE, "alice.test", "Alice");
        console.addAccount(MALLORY, "mallory.test", "Mallory");
        browser.open(console.server.page(WaddlesPage.PAGE_ID));

        browser.type(browser.find("#create-name"), "Penguin Club");
        browser.type(browser.find("#create-slug"), "penguin-club");
        browser.type(browser.find("#create-owner"), "alice.test");
        browser.click(browser.find("#create-visibility option[value='INVITE_ONLY']"));
        browser.type(browser.find("#create-description"), "Everything about penguins");
        browser.click(browser.find("#create-form input[type=submit]"));

        awaitSuccess("Waddle Penguin Club was created");
        WaddleSlug slug = new WaddleSlug("penguin-club");
        assertThat(console.waddles.service().find(slug)).map(waddle -> waddle.owner().toString()).contains(ALICE);
        String code = console.waddles.service().createInvite(Actor.serverAdmin("admin"), slug, Optional.empty(),
                OptionalInt.of(1)).code();
        console.waddles.service().joinWithInvite(Did.parse(MALLORY), code);

        browser.type(browser.find("#channel-name"), "News");
        browser.type(browser.find("#channel-slug"), "news");
        browser.type(browser.find("#channel-topic"), "What happened today");
        browser.click(browser.find("#add-channel-form input[type=submit]"));

        awaitSuccess("Channel News was added");
        assertThat(console.waddles.service().channels(slug)).extracting(Channel::name).containsExactly("General", "News");

        browser.type(browser.find("#ban-who"), "mallory.test");
        browser.type(browser.find("#ban-reason"), "Spam in every channel");
        browser.type(browser.find("#ban-expires"), "7d");
        browser.click(browser.find("#ban-form input[type=submit]"));

        // People are shown by name and handle: "Mallory (mallory.test) is banned ...", or the handle alone.
        awaitSuccessContaining("mallory.test", "is banned from the Waddle until");
        assertThat(console.waddles.service().members(slug)).extracting(Member::did).extracting(Object::toString)
                .containsExactly(ALICE);
        browser.type(browser.find("#invite-uses"), "5");
        browser.click(browser.find("#invite-form input[type=submit]"));
        awaitSuccess("New invite code: ");
        browser.click(browser.find("form input[type=submit][value='Reconcile rooms now']"));
        awaitSuccess("Rooms reconciled: 2 checked");
        browser.find("#reconcile-report");
        browser.screenshot(screenshots.resolve("waddle-detail.png"));
        browser.script("document.getElementById('members').scrollIntoView()");
        browser.screenshot(screenshots.resolve("waddle-detail-members.png"));

        browser.open(console.server.page(WaddlesPage.PAGE_ID));
        browser.find("#waddle-list a[href='waddle-waddles?waddle=penguin-club']");
        browser.screenshot(screenshots.resolve("waddles.png"));

        browser.open(console.server.page(AuditPage.PAGE_ID));
        assertThat(browser.findAll("#audit-list tbody tr")).hasSizeGreaterThanOrEqualTo(5);
        assertThat(browser.text(browser.find("#audit-list tbody tr td:nth-child(3)"))).isEqualTo("admin (server admin)");
        browser.screenshot(screenshots.resolve("audit.png"));
    }

    @Test
    void aHostileWaddleNameStaysText() throws Exception {
        console.waddles.service().createWaddle(Actor.serverAdmin("admin"), Did.parse(ALICE), new WaddleSlug("hostile"),
                HOSTILE_NAME, HOSTILE_NAME, Visibility.PUBLIC);

        browser.open(console.server.page(WaddlesPage.PAGE_ID));

        assertThat(browser.alert()).isEmpty();
        assertThat(browser.script("return document.querySelectorAll('#jive-main-content img').length").asInt()).isZero();
        assertThat(browser.text(browser.find("#waddle-list a[href='waddle-waddles?waddle=hostile']"))).isEqualTo(HOSTILE_NAME);

        browser.click(browser.find("#waddle-list a[href='waddle-waddles?waddle=hostile']"));
        browser.find("#waddle-slug");

        assertThat(browser.alert()).isEmpty();
        assertThat(browser.script("return document.querySelectorAll('#jive-main-content img').length").asInt()).isZero();
        assertThat(browser.script("return document.getElementById('update-name').value").asText()).isEqualTo(HOSTILE_NAME);

        browser.open(console.server.page(AuditPage.PAGE_ID));

        assertThat(browser.alert()).isEmpty();
        assertThat(browser.script("return document.querySelectorAll('#jive-main-content img').length").asInt()).isZero();
    }

    @Test
    void aForgedWaddlePostWithoutTheTokenIsRefused() throws Exception {
        console.waddles.service().createWaddle(Did.parse(ALICE), new WaddleSlug("penguins"), "Penguins", "", Visibility.PUBLIC);
        browser.open(console.server.page(WaddlesPage.PAGE_ID + "?waddle=penguins"));

        browser.script("var form = document.createElement('form'); form.method = 'post'; form.action = 'waddle-waddles';"
                + "[['action', 'delete'], ['waddle', 'penguins'], ['confirm', 'penguins']].forEach(function (pair) {"
                + "  var input = document.createElement('input'); input.type = 'hidden'; input.name = pair[0]; input.value = pair[1];"
                + "  form.appendChild(input); });"
                + "document.body.appendChild(form); form.submit();");

        assertThat(browser.text(browser.find("div.error"))).contains("nothing was changed");
        assertThat(console.waddles.service().find(new WaddleSlug("penguins"))).isPresent();
        assertThat(console.audit).isEmpty();
    }

    /** Waits for the page after a POST: the one whose success box starts with {@code text}, not the page before it. */
    private static void awaitSuccess(String text) throws InterruptedException {
        browser.waitUntil("a success box starting with \"" + text + "\"", () -> {
            try {
                return browser.script("var box = document.querySelector('div.success'); return box ? box.innerText : ''")
                        .asText().startsWith(text);
            } catch (Exception stillLoading) {
                return false;
            }
        });
    }

    private static void awaitSuccessContaining(String... parts) throws InterruptedException {
        browser.waitUntil("a success box containing " + String.join(" and ", parts), () -> {
            try {
                String box = browser.script("var box = document.querySelector('div.success'); return box ? box.innerText : ''")
                        .asText();
                return java.util.Arrays.stream(parts).allMatch(box::contains);
            } catch (Exception stillLoading) {
                return false;
            }
        });
    }

    private static String css(String id) {
        return id.replace(".", "\\.");
    }
}
