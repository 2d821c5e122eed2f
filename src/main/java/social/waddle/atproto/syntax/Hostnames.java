package social.waddle.atproto.syntax;

import java.util.Locale;
import java.util.Set;

/**
 * Hostname rules shared by handles and {@code did:web} hosts.
 *
 * @see <a href="https://atproto.com/specs/handle#handle-syntax">ATProto Handle syntax</a>
 */
public final class Hostnames {

    public static final int MAX_LENGTH = 253;
    public static final int MAX_LABEL_LENGTH = 63;

    /**
     * Top-level domains that are valid handle syntax but that the spec disallows for handles: the special-use and
     * reserved ones, and {@code .test}, which is for testing and development only. A development PDS (such as the
     * test bed's, whose handles end in {@code .test}) needs the setting that allows some of them.
     *
     * @see <a href="https://atproto.com/specs/handle#additional-non-syntax-restrictions">Additional restrictions</a>
     */
    public static final Set<String> DISALLOWED_TLDS = Set.of("alt", "arpa", "example", "internal", "invalid", "local",
            "localhost", "onion", "test");

    private Hostnames() {
    }

    /**
     * Why {@code input} is not a handle-style hostname (at least two labels), or {@code null} when it is one.
     * Upper-case letters are accepted here; callers decide whether to normalise or refuse them.
     *
     * @param what how the message names the value, e.g. "Handle"
     */
    static String problem(String what, String input) {
        return problem(what, input, 2);
    }

    /**
     * Why {@code input} is not a hostname of at least {@code minLabels} labels under the handle rules, or {@code null}
     * when it is one; {@code minLabels} 1 admits domain suffixes such as {@code social} or {@code localhost}.
     */
    public static String problem(String what, String input, int minLabels) {
        if (input == null) {
            return what + " is missing";
        }
        if (input.isEmpty()) {
            return what + " is empty";
        }
        if (input.length() > MAX_LENGTH) {
            return what + " " + InputExcerpt.quote(input) + " is longer than " + MAX_LENGTH + " characters";
        }
        for (int i = 0; i < input.length(); i++) {
            char c = input.charAt(i);
            if (!isLetterOrDigit(c) && c != '-' && c != '.') {
                return what + " " + InputExcerpt.quote(input) + " contains the character '" + InputExcerpt.printable(c)
                        + "'; only letters, digits, hyphens and dots are allowed";
            }
        }
        String[] labels = input.split("\\.", -1);
        for (String label : labels) {
            if (label.isEmpty()) {
                return what + " " + InputExcerpt.quote(input) + " has an empty label";
            }
            if (label.length() > MAX_LABEL_LENGTH) {
                return what + " " + InputExcerpt.quote(input) + " has a label longer than " + MAX_LABEL_LENGTH
                        + " characters";
            }
            if (label.charAt(0) == '-' || label.charAt(label.length() - 1) == '-') {
                return what + " " + InputExcerpt.quote(input) + " has a label that starts or ends with a hyphen";
            }
        }
        if (labels.length < minLabels) {
            return what + " " + InputExcerpt.quote(input) + " needs at least " + (minLabels == 2 ? "two labels" : minLabels + " label")
                    + ", like alice.example.com";
        }
        if (isDigit(labels[labels.length - 1].charAt(0))) {
            return what + " " + InputExcerpt.quote(input) + " has a top-level domain that starts with a digit";
        }
        return null;
    }

    /** The last label of {@code hostname}, in lower case. */
    public static String tld(String hostname) {
        return hostname.substring(hostname.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
    }

    static boolean isLetterOrDigit(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || isDigit(c);
    }

    static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    static boolean hasUpperCase(String input) {
        for (int i = 0; i < input.length(); i++) {
            char c = input.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                return true;
            }
        }
        return false;
    }
}
