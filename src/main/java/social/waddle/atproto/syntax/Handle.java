package social.waddle.atproto.syntax;

import java.util.Locale;

import social.waddle.atproto.AtprotoException;
import social.waddle.atproto.AtprotoException.Failure;

/**
 * An ATProto handle, normalised to lower case. Reserved top-level domains ({@code .local}, {@code .onion}…) are
 * valid syntax, as the spec demands, but {@link #checkResolvable()} refuses them; {@code .test} is allowed.
 *
 * @see <a href="https://atproto.com/specs/handle">ATProto Handle</a>
 */
public final class Handle {

    private final String value;

    private Handle(String value) {
        this.value = value;
    }

    public static Handle parse(String input) throws AtprotoException {
        String problem = Hostnames.problem("Handle", input);
        if (problem != null) {
            throw new AtprotoException(Failure.INVALID_SYNTAX, problem);
        }
        return new Handle(input.toLowerCase(Locale.ROOT));
    }

    public static boolean isValid(String input) {
        return Hostnames.problem("Handle", input) == null;
    }

    /** Whether the spec forbids resolving this handle (e.g. {@code laptop.local}). */
    public boolean hasDisallowedTld() {
        return Hostnames.hasDisallowedTld(value);
    }

    /** Refuses handles under a top-level domain the spec says must always fail resolution. */
    public void checkResolvable() throws AtprotoException {
        if (hasDisallowedTld()) {
            throw new AtprotoException(Failure.DENIED_BY_POLICY, "Handle " + InputExcerpt.quote(value)
                    + " is under the top-level domain ." + value.substring(value.lastIndexOf('.') + 1)
                    + ", which ATProto never resolves");
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Handle && ((Handle) other).value.equals(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    /** The normalised (lower-case) handle. */
    @Override
    public String toString() {
        return value;
    }
}
