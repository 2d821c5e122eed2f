package social.waddle.settings;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Every setting of the plugin, declared once. Keys are Openfire property names ({@code waddle.*}); each has a
 * description in the i18n bundle under {@link Setting#descriptionKey()} and a row in readme.html.
 */
public final class WaddleSettings {

    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");

    /** Subdomain of the Waddle component ({@code waddle.<xmpp domain>}) that answers disco and ad-hoc commands. */
    public static final Setting<String> COMPONENT_SUBDOMAIN = Setting.string(
            "waddle.component.subdomain", "general", "waddle", WaddleSettings::dnsLabel);

    public static final List<Setting<?>> ALL = List.of(
            COMPONENT_SUBDOMAIN);

    private WaddleSettings() {
    }

    static String dnsLabel(String raw) {
        String value = raw.toLowerCase(Locale.ROOT);
        if (!DNS_LABEL.matcher(value).matches()) {
            throw new IllegalArgumentException("Expected one DNS label (letters, digits, inner hyphens; at most 63), got '" + raw + "'.");
        }
        return value;
    }
}
