package social.waddle.community;

import java.util.Optional;

/** The shared syntax of Waddle and channel slugs: 2–32 characters of {@code [a-z0-9-]}, no hyphen at either end. */
final class Slugs {

    static final int MIN_LENGTH = 2;
    static final int MAX_LENGTH = 32;

    private Slugs() {
    }

    /** What is wrong with {@code value} as a slug, in words; empty when it is a valid slug. */
    static Optional<String> problem(String what, String value) {
        if (value == null) {
            return Optional.of(what + " is missing");
        }
        if (value.length() < MIN_LENGTH || value.length() > MAX_LENGTH) {
            return Optional.of(what + " '" + excerpt(value) + "' must be " + MIN_LENGTH + " to " + MAX_LENGTH
                    + " characters long");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (!(c >= 'a' && c <= 'z') && !(c >= '0' && c <= '9') && c != '-') {
                return Optional.of(what + " '" + excerpt(value) + "' may only contain lower-case letters a-z, digits "
                        + "and hyphens");
            }
        }
        if (value.startsWith("-") || value.endsWith("-")) {
            return Optional.of(what + " '" + value + "' must not start or end with a hyphen");
        }
        return Optional.empty();
    }

    private static String excerpt(String value) {
        String printable = value.codePoints()
                .map(c -> Character.isISOControl(c) ? '?' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
                .toString();
        return printable.length() <= 40 ? printable : printable.substring(0, 40) + "…";
    }
}
