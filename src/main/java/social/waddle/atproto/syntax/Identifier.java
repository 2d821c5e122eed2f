package social.waddle.atproto.syntax;

import social.waddle.atproto.AtprotoException;
import social.waddle.atproto.AtprotoException.Failure;

/**
 * What the identifier types share: a validated string, equal to another identifier of the same type with the same
 * string, and printed as that string.
 */
abstract class Identifier {

    private final String value;

    Identifier(String value) {
        this.value = value;
    }

    /** Throws {@link Failure#INVALID_SYNTAX} with {@code problem} as the message, unless it is {@code null}. */
    static void check(String problem) throws AtprotoException {
        if (problem != null) {
            throw new AtprotoException(Failure.INVALID_SYNTAX, problem);
        }
    }

    @Override
    public final boolean equals(Object other) {
        return other != null && other.getClass() == getClass() && ((Identifier) other).value.equals(value);
    }

    @Override
    public final int hashCode() {
        return value.hashCode();
    }

    @Override
    public final String toString() {
        return value;
    }
}
