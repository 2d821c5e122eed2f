package social.waddle.atproto.syntax;

import java.util.Locale;

import social.waddle.atproto.AtprotoException;

/**
 * A Namespaced Identifier such as {@code com.atproto.server.createSession}: a domain authority in reverse order
 * followed by a case-sensitive name. Kept exactly as given (NSIDs must not be force-lower-cased).
 *
 * @see <a href="https://atproto.com/specs/nsid">ATProto NSID</a>
 */
public final class Nsid extends Identifier {

    public static final int MAX_AUTHORITY_LENGTH = 253;
    public static final int MAX_NAME_LENGTH = 63;
    public static final int MAX_LENGTH = MAX_AUTHORITY_LENGTH + 1 + MAX_NAME_LENGTH;

    private final int nameStart;

    private Nsid(String value, int nameStart) {
        super(value);
        this.nameStart = nameStart;
    }

    public static Nsid parse(String input) throws AtprotoException {
        check(problem(input));
        return new Nsid(input, input.lastIndexOf('.') + 1);
    }

    public static boolean isValid(String input) {
        return problem(input) == null;
    }

    private static String problem(String input) {
        if (input == null) {
            return "NSID is missing";
        }
        if (input.isEmpty()) {
            return "NSID is empty";
        }
        if (input.length() > MAX_LENGTH) {
            return "NSID " + InputExcerpt.quote(input) + " is longer than " + MAX_LENGTH + " characters";
        }
        int lastDot = input.lastIndexOf('.');
        if (lastDot < 0) {
            return "NSID " + InputExcerpt.quote(input) + " needs at least three segments, like com.example.fooBar";
        }
        String authority = input.substring(0, lastDot);
        String name = input.substring(lastDot + 1);
        String authorityProblem = authorityProblem(input, authority);
        if (authorityProblem != null) {
            return authorityProblem;
        }
        if (name.isEmpty()) {
            return "NSID " + InputExcerpt.quote(input) + " has an empty name";
        }
        if (name.length() > MAX_NAME_LENGTH) {
            return "NSID " + InputExcerpt.quote(input) + " has a name longer than " + MAX_NAME_LENGTH + " characters";
        }
        if (Hostnames.isDigit(name.charAt(0))) {
            return "NSID " + InputExcerpt.quote(input) + " has a name that starts with a digit";
        }
        for (int i = 0; i < name.length(); i++) {
            if (!Hostnames.isLetterOrDigit(name.charAt(i))) {
                return "NSID " + InputExcerpt.quote(input) + " has a name with the character '"
                        + InputExcerpt.printable(name.charAt(i)) + "'; only letters and digits are allowed";
            }
        }
        return null;
    }

    private static String authorityProblem(String input, String authority) {
        if (authority.length() > MAX_AUTHORITY_LENGTH) {
            return "NSID " + InputExcerpt.quote(input) + " has a domain authority longer than " + MAX_AUTHORITY_LENGTH
                    + " characters";
        }
        String[] segments = authority.split("\\.", -1);
        if (segments.length < 2) {
            return "NSID " + InputExcerpt.quote(input) + " needs at least three segments, like com.example.fooBar";
        }
        for (String segment : segments) {
            if (segment.isEmpty()) {
                return "NSID " + InputExcerpt.quote(input) + " has an empty segment";
            }
            if (segment.length() > Hostnames.MAX_LABEL_LENGTH) {
                return "NSID " + InputExcerpt.quote(input) + " has a segment longer than " + Hostnames.MAX_LABEL_LENGTH
                        + " characters";
            }
            for (int i = 0; i < segment.length(); i++) {
                char c = segment.charAt(i);
                if (!Hostnames.isLetterOrDigit(c) && c != '-') {
                    return "NSID " + InputExcerpt.quote(input) + " contains the character '" + InputExcerpt.printable(c)
                            + "'; only letters, digits and hyphens are allowed in the domain authority";
                }
            }
            if (segment.charAt(0) == '-' || segment.charAt(segment.length() - 1) == '-') {
                return "NSID " + InputExcerpt.quote(input) + " has a segment that starts or ends with a hyphen";
            }
        }
        if (Hostnames.isDigit(segments[0].charAt(0))) {
            return "NSID " + InputExcerpt.quote(input) + " has a top-level domain that starts with a digit";
        }
        return null;
    }

    /** The domain authority in DNS order and lower case: {@code com.atproto.server.x} gives {@code server.atproto.com}. */
    public String authority() {
        String[] segments = toString().substring(0, nameStart - 1).split("\\.");
        StringBuilder domain = new StringBuilder(nameStart);
        for (int i = segments.length - 1; i >= 0; i--) {
            domain.append(segments[i].toLowerCase(Locale.ROOT));
            if (i > 0) {
                domain.append('.');
            }
        }
        return domain.toString();
    }

    /** The case-sensitive last segment, e.g. {@code createSession}. */
    public String name() {
        return toString().substring(nameStart);
    }
}
