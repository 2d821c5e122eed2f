package social.waddle.atproto.syntax;

/**
 * Renders untrusted input for error messages: at most {@value #MAX_SHOWN} characters, control and non-ASCII
 * characters escaped, so a hostile value can neither flood a log line nor forge one.
 */
public final class InputExcerpt {

    public static final int MAX_SHOWN = 100;

    private InputExcerpt() {
    }

    /** The input in single quotes, shortened with an ellipsis when longer than {@value #MAX_SHOWN} characters. */
    public static String quote(String input) {
        if (input == null) {
            return "(none)";
        }
        StringBuilder shown = new StringBuilder(Math.min(input.length(), MAX_SHOWN) + 8).append('\'');
        int end = Math.min(input.length(), MAX_SHOWN);
        for (int i = 0; i < end; i++) {
            shown.append(printable(input.charAt(i)));
        }
        if (input.length() > MAX_SHOWN) {
            shown.append('…');
        }
        return shown.append('\'').toString();
    }

    /** One character as it may appear in a message: printable ASCII as is, anything else as {@code U+XXXX}. */
    public static String printable(char c) {
        if (c >= 0x20 && c < 0x7F) {
            return String.valueOf(c);
        }
        return String.format("U+%04X", (int) c);
    }
}
