package social.waddle.web.site;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

import social.waddle.web.Flash;
import social.waddle.web.Messages;

/**
 * What every public page's template gets besides its own view: the title, pending flash messages, the CSRF token for
 * forms, the signed-in person (if any), the base path for links, and the texts.
 */
public record SiteFrame(String title, List<Flash.Message> flash, String csrf, Optional<Person> person, String basePath,
                        Messages messages) {

    public SiteFrame {
        Objects.requireNonNull(title);
        flash = List.copyOf(flash);
        Objects.requireNonNull(csrf);
        Objects.requireNonNull(person);
        Objects.requireNonNull(basePath);
        Objects.requireNonNull(messages);
    }

    /** A text of the plugin's bundle (templates escape it). */
    public String t(String key, Object... arguments) {
        return messages.text(key, arguments);
    }

    /** A link to a page under the base path: {@code href("/devices")} is {@code /waddle/devices}. */
    public String href(String path) {
        String base = basePath.endsWith("/") ? basePath.substring(0, basePath.length() - 1) : basePath;
        return base + path;
    }
}
