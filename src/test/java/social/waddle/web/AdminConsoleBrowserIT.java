package social.waddle.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import social.waddle.account.AtprotoAccount;
import social.waddle.atproto.identity.ResolutionTrace;
import social.waddle.atproto.identity.ResolutionTrace.Outcome;
import social.waddle.atproto.identity.ResolutionTrace.StepKind;
import social.waddle.settings.WaddleSettings;

/**
 * The pages in a real headless Chromium, in the test console: an admin changes settings, diagnoses a handle, finds and
 * blocks an account; a hostile display name stays text; a forged POST is refused. Screenshots of each page go to
 * {@code target/screenshots/}.
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

    private static String css(String id) {
        return id.replace(".", "\\.");
    }
}
