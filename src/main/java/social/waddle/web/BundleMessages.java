package social.waddle.web;

import java.util.Locale;
import java.util.MissingResourceException;
import java.util.Objects;
import java.util.ResourceBundle;
import java.util.function.Function;

/** {@link Messages} from a lookup of raw patterns: a {@link ResourceBundle} in tests, Openfire's LocaleUtils in production. */
public final class BundleMessages implements Messages {

    /** The plugin's bundle base name: {@code <canonical name>_i18n}. */
    public static final String BUNDLE = "waddle_i18n";

    private final Function<String, String> patterns;

    /** @param patterns the raw text of a key, or {@code null} when the key is missing */
    public BundleMessages(Function<String, String> patterns) {
        this.patterns = Objects.requireNonNull(patterns);
    }

    public static BundleMessages of(ResourceBundle bundle) {
        return new BundleMessages(key -> bundle.containsKey(key) ? bundle.getString(key) : null);
    }

    /** The plugin's own bundle as its class loader sees it. */
    public static BundleMessages forLocale(Locale locale) {
        try {
            return of(ResourceBundle.getBundle(BUNDLE, locale, BundleMessages.class.getClassLoader()));
        } catch (MissingResourceException e) {
            return new BundleMessages(key -> null);
        }
    }

    @Override
    public String text(String key, Object... arguments) {
        String pattern = patterns.apply(key);
        return pattern == null ? Messages.missing(key) : Messages.fill(pattern, arguments);
    }
}
