package social.waddle.web;

/**
 * The plugin's texts ({@code waddle_i18n.properties}). Texts are plain: pages escape them like any other value, so a
 * text may show {@code <your XMPP domain>} literally. {@code {0}}, {@code {1}}… are replaced by the arguments.
 */
public interface Messages {

    String text(String key, Object... arguments);

    /** What the console shows for a missing key, as Openfire's {@code LocaleUtils} and JSTL do. */
    static String missing(String key) {
        return "???" + key + "???";
    }

    /** Replaces {@code {n}} by the n-th argument; no {@code MessageFormat} quoting rules, so apostrophes stay as typed. */
    static String fill(String pattern, Object... arguments) {
        if (arguments == null || arguments.length == 0 || pattern.indexOf('{') < 0) {
            return pattern;
        }
        StringBuilder out = new StringBuilder(pattern.length() + 32);
        int i = 0;
        while (i < pattern.length()) {
            char c = pattern.charAt(i);
            int close = c == '{' ? pattern.indexOf('}', i) : -1;
            if (close > i + 1) {
                String index = pattern.substring(i + 1, close);
                if (index.chars().allMatch(Character::isDigit) && index.length() < 3) {
                    int n = Integer.parseInt(index);
                    if (n < arguments.length) {
                        out.append(arguments[n]);
                        i = close + 1;
                        continue;
                    }
                }
            }
            out.append(c);
            i++;
        }
        return out.toString();
    }
}
