package social.waddle.atproto.syntax;

import social.waddle.atproto.AtprotoException;
import social.waddle.atproto.AtprotoException.Failure;

/**
 * A record key: the name of a record within a collection, 1 to 512 characters of {@code [A-Za-z0-9._:~-]}, never
 * {@code .} or {@code ..}. Case-sensitive; kept as given.
 *
 * @see <a href="https://atproto.com/specs/record-key">ATProto Record Key</a>
 */
public final class RecordKey {

    public static final int MAX_LENGTH = 512;

    private final String value;

    private RecordKey(String value) {
        this.value = value;
    }

    public static RecordKey parse(String input) throws AtprotoException {
        String problem = problem(input);
        if (problem != null) {
            throw new AtprotoException(Failure.INVALID_SYNTAX, problem);
        }
        return new RecordKey(input);
    }

    public static boolean isValid(String input) {
        return problem(input) == null;
    }

    private static String problem(String input) {
        if (input == null) {
            return "Record key is missing";
        }
        if (input.isEmpty()) {
            return "Record key is empty";
        }
        if (input.length() > MAX_LENGTH) {
            return "Record key " + InputExcerpt.quote(input) + " is longer than " + MAX_LENGTH + " characters";
        }
        if (input.equals(".") || input.equals("..")) {
            return "Record key " + InputExcerpt.quote(input) + " is not allowed";
        }
        for (int i = 0; i < input.length(); i++) {
            char c = input.charAt(i);
            if (!Hostnames.isLetterOrDigit(c) && ".-_:~".indexOf(c) < 0) {
                return "Record key " + InputExcerpt.quote(input) + " contains the character '" + InputExcerpt.printable(c)
                        + "'; only letters, digits and . - _ : ~ are allowed";
            }
        }
        return null;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof RecordKey && ((RecordKey) other).value.equals(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public String toString() {
        return value;
    }
}
