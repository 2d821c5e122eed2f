package social.waddle.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import javax.servlet.GenericServlet;

import org.junit.jupiter.api.Test;

/** web.xml, plugin.xml and the pages agree: each sidebar item opens a servlet whose pageID is the item's id. */
class ConsoleDeclarationsTest {

    @Test
    void everySidebarItemIsAServletPageWithTheSamePageId() throws Exception {
        Map<String, String> servlets = ConsoleDeclarations.servlets();
        List<ConsoleDeclarations.SidebarItem> items = ConsoleDeclarations.sidebarItems();

        assertThat(items).extracting(ConsoleDeclarations.SidebarItem::id)
                .containsExactly(SettingsPage.PAGE_ID, WaddlesPage.PAGE_ID, AuditPage.PAGE_ID, AccountsPage.PAGE_ID,
                        DiagnosticsPage.PAGE_ID);
        for (ConsoleDeclarations.SidebarItem item : items) {
            assertThat(item.url()).isEqualTo(item.id());
            String servletClass = servlets.get("/" + item.url());
            assertThat(servletClass).as("servlet for " + item.url()).isNotNull();
            Object page = Class.forName(servletClass).getDeclaredConstructor().newInstance();
            assertThat(page).isInstanceOf(GenericServlet.class).isInstanceOf(AdminPage.class);
            assertThat(((AdminPage) page).pageId()).isEqualTo(item.id());
        }
    }

    @Test
    void noUrlPatternIsThePrefixOfAnotherAsPluginServletMatchesByPrefix() throws Exception {
        List<String> patterns = List.copyOf(ConsoleDeclarations.servlets().keySet());

        for (String pattern : patterns) {
            assertThat(patterns).filteredOn(other -> !other.equals(pattern) && other.startsWith(pattern)).isEmpty();
        }
    }
}
