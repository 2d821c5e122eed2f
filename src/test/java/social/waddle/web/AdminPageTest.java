package social.waddle.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What every page does: who may see it, CSRF on every POST, the console's frame, no texts missing. */
class AdminPageTest {

    private ConsoleFixture console;

    @BeforeEach
    void start() throws Exception {
        console = new ConsoleFixture();
    }

    @AfterEach
    void stop() throws Exception {
        console.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {SettingsPage.PAGE_ID, AccountsPage.PAGE_ID, DiagnosticsPage.PAGE_ID})
    void aPageNeedsALoggedInAdmin(String page) throws Exception {
        ConsoleFixture.Client.Response response = console.client().get(page);

        assertThat(response.status()).isEqualTo(403);
        assertThat(response.body()).contains("class=\"error\"").contains("not logged in");
    }

    @ParameterizedTest
    @ValueSource(strings = {SettingsPage.PAGE_ID, AccountsPage.PAGE_ID, DiagnosticsPage.PAGE_ID})
    void aPageCarriesItsPageIdTitleAndTheConsoleFrameWithNoMissingTexts(String page) throws Exception {
        ConsoleFixture.Client.Response response = console.admin().get(page);

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.headers()).containsEntry("content-type", "text/html;charset=UTF-8");
        assertThat(response.body())
                .contains("<li class=\"currentlink\" id=\"sidebar-" + page + "\">")
                .contains("<div id=\"jive-main-content\">")
                .doesNotContain("???")
                .doesNotContainPattern("(?i)(src|href)=\"(https?:)?//");
    }

    @ParameterizedTest
    @ValueSource(strings = {SettingsPage.PAGE_ID, AccountsPage.PAGE_ID, DiagnosticsPage.PAGE_ID})
    void aPostWithoutTheTokenIsRefusedAndChangesNothing(String page) throws Exception {
        ConsoleFixture.Client admin = console.admin();
        admin.get(page);

        ConsoleFixture.Client.Response response = admin.post(page, "action", "save", WaddleSettingsKeys.AUTO_PROVISION, "false");

        assertThat(response.status()).isEqualTo(403);
        assertThat(response.body()).contains("class=\"error\" role=\"alert\"").contains("submit the form again");
        assertThat(console.properties).isEmpty();
        assertThat(console.audit).isEmpty();
    }

    @Test
    void aPostWithAnotherSessionsTokenIsRefused() throws Exception {
        String otherToken = console.admin().get(SettingsPage.PAGE_ID).csrf();
        ConsoleFixture.Client admin = console.admin();
        String ownToken = admin.get(SettingsPage.PAGE_ID).csrf();

        ConsoleFixture.Client.Response response = admin.post(SettingsPage.PAGE_ID, "csrf", otherToken,
                "action", "reset", "key", WaddleSettingsKeys.AUTO_PROVISION);

        assertThat(otherToken).isNotEqualTo(ownToken);
        assertThat(response.status()).isEqualTo(403);
    }

    @Test
    void theTokenOpenfireIssuedForTheRequestIsTheOneFormsCarry() throws Exception {
        ConsoleFixture.Client admin = console.admin();

        String first = admin.get(SettingsPage.PAGE_ID).csrf();
        String again = admin.get(DiagnosticsPage.PAGE_ID).csrf();

        assertThat(first).as("one token per session without Openfire").isEqualTo(again).hasSizeGreaterThan(20);
    }

    @Test
    void withThePluginStoppedPagesSaySo() throws Exception {
        ConsoleFixture.Client admin = console.admin();
        ConsoleServices installed = ConsoleServices.current().orElseThrow();
        ConsoleServices.install(installed).close();
        try {
            ConsoleFixture.Client.Response response = admin.get(SettingsPage.PAGE_ID);

            assertThat(response.status()).isEqualTo(503);
            assertThat(response.body()).contains("Waddle plugin is not running");
        } finally {
            ConsoleServices.install(installed);
        }
    }

    @Test
    void aMissingServiceIsExplained() throws Exception {
        ConsoleFixture.Client admin = console.admin();
        ConsoleServices installed = ConsoleServices.current().orElseThrow();
        ConsoleServices.install(ConsoleServices.builder().messages(installed.messages()).users(installed.users())
                .audit(installed.audit()).build());
        try {
            ConsoleFixture.Client.Response response = admin.get(DiagnosticsPage.PAGE_ID);

            assertThat(response.status()).isEqualTo(503);
            assertThat(response.body()).contains("not running right now");
        } finally {
            ConsoleServices.install(installed);
        }
    }
}
