package social.waddle.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import social.waddle.settings.Setting;
import social.waddle.settings.WaddleSettings;

class SettingsPageTest {

    private ConsoleFixture console;
    private ConsoleFixture.Client admin;

    @BeforeEach
    void start() throws Exception {
        console = new ConsoleFixture();
        admin = console.admin();
    }

    @AfterEach
    void stop() throws Exception {
        console.close();
    }

    @Test
    void showsEverySettingGroupedWithItsLabelHelpAndDefault() throws Exception {
        String page = admin.get(SettingsPage.PAGE_ID).body();

        for (Setting<?> setting : WaddleSettings.ALL) {
            assertThat(page).contains("<label for=\"setting-" + setting.key() + "\">")
                    .contains("id=\"help-" + setting.key() + "\"")
                    .contains("name=\"" + setting.key() + "\"");
        }
        assertThat(page).contains("id=\"group-login\"").contains(">Login</div>").contains(">Identity resolution</div>")
                .contains("aria-describedby=\"help-" + WaddleSettingsKeys.MAX_FAILURES + "\"")
                .contains("Default: 5m.");
    }

    @Test
    void booleansAreCheckboxesThatSaveTheirStateBothWays() throws Exception {
        String page = admin.get(SettingsPage.PAGE_ID).body();
        assertThat(page).containsPattern("type=\"checkbox\" id=\"setting-" + WaddleSettingsKeys.AUTO_PROVISION.replace(".", "\\.")
                + "\" name=\"[^\"]+\" value=\"true\"\\s+checked");

        ConsoleFixture.Client.Response saved = admin.submit(SettingsPage.PAGE_ID, "action", "save",
                WaddleSettingsKeys.AUTO_PROVISION, "false");

        assertThat(saved.status()).isEqualTo(303);
        assertThat(console.settings.get(WaddleSettings.AUTO_PROVISION)).isFalse();
        assertThat(admin.follow(saved).body()).contains("<div class=\"success\" role=\"status\">Saved 1 changed setting(s).</div>")
                .doesNotContainPattern("id=\"setting-" + WaddleSettingsKeys.AUTO_PROVISION.replace(".", "\\.") + "\" name=\"[^\"]+\" value=\"true\"\\s+checked");

        admin.submit(SettingsPage.PAGE_ID, "action", "save", WaddleSettingsKeys.AUTO_PROVISION, "false",
                WaddleSettingsKeys.AUTO_PROVISION, "true");
        assertThat(console.settings.get(WaddleSettings.AUTO_PROVISION)).isTrue();
    }

    @Test
    void savingStoresOnlyWhatChangedAndAuditsIt() throws Exception {
        ConsoleFixture.Client.Response saved = admin.submit(SettingsPage.PAGE_ID, "action", "save",
                WaddleSettingsKeys.MAX_FAILURES, "7", WaddleSettingsKeys.FAILURE_WINDOW, "5m",
                WaddleSettingsKeys.AUTO_PROVISION, "false", WaddleSettingsKeys.AUTO_PROVISION, "true");

        assertThat(saved.status()).isEqualTo(303);
        assertThat(saved.location()).contains(SettingsPage.PAGE_ID);
        assertThat(console.properties).containsOnlyKeys(WaddleSettingsKeys.MAX_FAILURES)
                .containsEntry(WaddleSettingsKeys.MAX_FAILURES, "7");
        assertThat(console.audit).containsExactly(ConsoleFixture.ADMIN + " | Changed Waddle settings | "
                + WaddleSettingsKeys.MAX_FAILURES + ": '5' → '7'");
    }

    @Test
    void nothingChangedSaysSo() throws Exception {
        ConsoleFixture.Client.Response saved = admin.submit(SettingsPage.PAGE_ID, "action", "save",
                WaddleSettingsKeys.MAX_FAILURES, "5");

        assertThat(admin.follow(saved).body()).contains("Nothing to save");
        assertThat(console.properties).isEmpty();
        assertThat(console.audit).isEmpty();
    }

    @Test
    void anInvalidValueIsRefusedBesideItsFieldKeepsWhatWasTypedAndSavesNothing() throws Exception {
        ConsoleFixture.Client.Response response = admin.submit(SettingsPage.PAGE_ID, "action", "save",
                WaddleSettingsKeys.MAX_FAILURES, "7", WaddleSettingsKeys.FAILURE_WINDOW, "5 fortnights",
                WaddleSettingsKeys.PLC_DIRECTORY, "ftp://plc.example");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.body())
                .contains("<div class=\"error\" role=\"alert\">Nothing was saved: 2 setting(s) need a different value.")
                .contains("value=\"5 fortnights\"")
                .contains("value=\"7\"")
                .contains("id=\"error-" + WaddleSettingsKeys.FAILURE_WINDOW + "\">Not saved: Unknown unit 'fortnights'")
                .contains("aria-describedby=\"error-" + WaddleSettingsKeys.FAILURE_WINDOW + " help-" + WaddleSettingsKeys.FAILURE_WINDOW + "\"")
                .contains("aria-invalid=\"true\"")
                .contains("id=\"error-" + WaddleSettingsKeys.PLC_DIRECTORY + "\">Not saved: Expected an http(s) URL");
        assertThat(console.properties).isEmpty();
        assertThat(console.audit).isEmpty();
    }

    @Test
    void aHostileTypedValueIsEchoedEscaped() throws Exception {
        String hostile = "\"><img src=x onerror=alert(1)>";

        ConsoleFixture.Client.Response response = admin.submit(SettingsPage.PAGE_ID, "action", "save",
                WaddleSettingsKeys.PLC_DIRECTORY, hostile);

        assertThat(response.body()).doesNotContain("<img").contains("value=\"&#34;>&lt;img src=x onerror=alert(1)>\"");
    }

    @Test
    void resetPutsAStoredSettingBackToItsDefault() throws Exception {
        console.settings.set(WaddleSettings.MAX_FAILURES_PER_ACCOUNT, "9");
        String page = admin.get(SettingsPage.PAGE_ID).body();
        assertThat(page).contains("form=\"reset-" + WaddleSettingsKeys.MAX_FAILURES + "\"")
                .contains("<form method=\"post\" action=\"waddle-settings\" id=\"reset-" + WaddleSettingsKeys.MAX_FAILURES + "\">");

        ConsoleFixture.Client.Response reset = admin.submit(SettingsPage.PAGE_ID, "action", "reset", "key", WaddleSettingsKeys.MAX_FAILURES);

        assertThat(reset.status()).isEqualTo(303);
        assertThat(console.properties).doesNotContainKey(WaddleSettingsKeys.MAX_FAILURES);
        assertThat(admin.follow(reset).body()).contains(WaddleSettingsKeys.MAX_FAILURES + " is back to its default: 5.");
        assertThat(console.audit).singleElement().asString().contains("Reset a Waddle setting").contains("'9' → '5'");
    }

    @Test
    void resettingAnUnknownSettingChangesNothing() throws Exception {
        ConsoleFixture.Client.Response reset = admin.submit(SettingsPage.PAGE_ID, "action", "reset", "key", "waddle.nope");

        assertThat(admin.follow(reset).body()).contains("class=\"error\"").contains("no Waddle setting called waddle.nope");
        assertThat(console.audit).isEmpty();
    }

    @Test
    void aHandEditedInvalidStoredValueIsPointedOut() throws Exception {
        console.properties.put(WaddleSettingsKeys.MAX_FAILURES, "many");

        String page = admin.get(SettingsPage.PAGE_ID).body();

        assertThat(page).contains("value=\"many\"").contains("The stored value is not valid").contains("so the default 5 is in effect");
    }
}
