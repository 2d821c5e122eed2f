package social.waddle.atproto.syntax;

import java.util.Locale;
import java.util.Set;

import social.waddle.atproto.AtprotoException;
import social.waddle.atproto.AtprotoException.Failure;

/**
 * An ATProto handle, normalised to lower case (as {@link #toString()} prints it). Handles under the top-level domains the spec disallows
 * ({@link Hostnames#DISALLOWED_TLDS}: {@code .local}, {@code .onion}, {@code .test}…) are valid syntax, as the spec
 * demands, but {@link #checkResolvable(Set)} refuses them unless a development setting allows their TLD.
 *
 * @see <a href="https://atproto.com/specs/handle">ATProto Handle</a>
 */
public final class Handle extends Identifier {

    private Handle(String value) {
        super(value);
    }

    public static Handle parse(String input) throws AtprotoException {
        check(Hostnames.problem("Handle", input));
        return new Handle(input.toLowerCase(Locale.ROOT));
    }

    public static boolean isValid(String input) {
        return Hostnames.problem("Handle", input) == null;
    }

    /** The top-level domain, e.g. {@code social} for {@code alice.bsky.social}. */
    public String tld() {
        return Hostnames.tld(toString());
    }

    /** Whether the spec disallows this handle's top-level domain (e.g. {@code laptop.local}, {@code alice.test}). */
    public boolean hasDisallowedTld() {
        return Hostnames.DISALLOWED_TLDS.contains(tld());
    }

    /**
     * Refuses handles under a top-level domain the spec disallows, unless {@code allowedTlds} (the development
     * setting {@code waddle.identity.allowedReservedTlds}) names it.
     */
    public void checkResolvable(Set<String> allowedTlds) throws AtprotoException {
        if (hasDisallowedTld() && !allowedTlds.contains(tld())) {
            throw new AtprotoException(Failure.DENIED_BY_POLICY, "Handle " + InputExcerpt.quote(toString())
                    + " is under the top-level domain ." + tld() + ", which ATProto disallows for handles"
                    + " (a development PDS needs it in waddle.identity.allowedReservedTlds)");
        }
    }
}
