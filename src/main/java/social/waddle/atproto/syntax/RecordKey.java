package social.waddle.atproto.syntax;

import social.waddle.atproto.AtprotoException;

/**
 * A record key: the name of a record within a collection, 1 to 512 characters of {@code [A-Za-z0-9._:~-]}, never
 * {@code .} or {@code ..}. Case-sensitive; kept as given.
 *
 * @see <a href="https://atproto.com/specs/record-key">ATProto Record Key</a>
 */
public final class RecordKey extends Identifier {

    public static final int MAX_LENGTH = 512;

    private RecordKey(String value) {
        super(value);
    }

    public static RecordKey parse(String input) throws AtprotoException {
        check(problem(input));
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
}
