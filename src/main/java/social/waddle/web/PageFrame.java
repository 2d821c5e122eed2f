package social.waddle.web;

import java.util.List;
import java.util.Objects;

/**
 * What every page's template gets besides its own view: the console's page id (the SiteMesh decorator highlights the
 * sidebar item with this id), the title (the decorator makes it the page heading), pending flash messages, the CSRF
 * token for forms, the admin's name and the texts.
 */
public record PageFrame(String pageId, String title, List<Flash.Message> flash, String csrf, String admin,
                        Messages messages) {

    public PageFrame {
        Objects.requireNonNull(pageId);
        Objects.requireNonNull(title);
        flash = List.copyOf(flash);
        Objects.requireNonNull(csrf);
        Objects.requireNonNull(admin);
        Objects.requireNonNull(messages);
    }

    /** A text of the plugin's bundle (templates escape it). */
    public String t(String key, Object... arguments) {
        return messages.text(key, arguments);
    }
}
