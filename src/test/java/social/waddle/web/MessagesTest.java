package social.waddle.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ResourceBundle;

import org.junit.jupiter.api.Test;

class MessagesTest {

    @Test
    void fillsNumberedPlaceholdersAndKeepsEverythingElse() {
        assertThat(Messages.fill("{0} isn't {1}; {2} {x} {}", "a", 2)).isEqualTo("a isn't 2; {2} {x} {}");
        assertThat(Messages.fill("no args {0}")).isEqualTo("no args {0}");
    }

    @Test
    void aMissingKeyShowsAsTheConsoleShowsIt() throws Exception {
        Messages messages = BundleMessages.of(ConsoleFixture.bundle());

        assertThat(messages.text("admin.no.such.key")).isEqualTo("???admin.no.such.key???");
        assertThat(messages.text("admin.settings.saved", 3)).isEqualTo("Saved 3 changed setting(s).");
    }

    @Test
    void thePluginBundleIsCompleteForEveryTitleInPluginXml() throws Exception {
        ResourceBundle bundle = ConsoleFixture.bundle();

        for (ConsoleDeclarations.SidebarItem item : ConsoleDeclarations.sidebarItems()) {
            assertThat(bundle.containsKey(item.nameKey())).as(item.nameKey()).isTrue();
        }
    }
}
