package social.waddle.device;

import java.security.SecureRandom;
import java.util.Locale;
import java.util.Optional;

/**
 * The text of a device password: {@code wdl-iiii-iiii-ssss-ssss-ssss-ssss-ssss-ssss}, in lowercase letters and digits
 * of a 32-symbol alphabet without the look-alikes {@code 0 1 l o} (easy to read off a screen and type on a phone).
 *
 * <p>Invariants: the {@code wdl-} prefix tells a device password from a Bluesky app password
 * ({@code xxxx-xxxx-xxxx-xxxx}) and from a service-auth JWT ({@code eyJ…}) before any work; the 8-symbol id part
 * (40 bits, random) names the stored row, so a login costs one hash and never a search over hashes; the 24-symbol
 * secret part carries 120 bits from a CSPRNG. Parsing ignores case (phones capitalise the first letter) and
 * surrounding spaces; the dashes are required.
 */
public final class DevicePasswordFormat {

    public static final String PREFIX = "wdl-";
    static final String ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789";
    static final int GROUP = 4;
    static final int ID_GROUPS = 2;
    static final int SECRET_GROUPS = 6;
    /** Bits of the secret part: 6 groups × 4 symbols × 5 bits. */
    public static final int SECRET_BITS = SECRET_GROUPS * GROUP * 5;
    private static final int LENGTH = PREFIX.length() + (ID_GROUPS + SECRET_GROUPS) * (GROUP + 1) - 1;

    /** A parsed device password: the row id and the secret to check against the row's hash. */
    public static final class Parts {
        private final String id;
        private final String secret;

        Parts(String id, String secret) {
            this.id = id;
            this.secret = secret;
        }

        public String id() {
            return id;
        }

        public String secret() {
            return secret;
        }
    }

    private DevicePasswordFormat() {
    }

    /** A fresh password; {@code random} must be a {@link SecureRandom}. */
    static String generate(SecureRandom random) {
        StringBuilder text = new StringBuilder(LENGTH).append(PREFIX);
        for (int group = 0; group < ID_GROUPS + SECRET_GROUPS; group++) {
            if (group > 0) {
                text.append('-');
            }
            for (int i = 0; i < GROUP; i++) {
                text.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
            }
        }
        return text.toString();
    }

    /** Whether a typed password has the form of a device password (cheap; no storage, no hash). */
    public static boolean looksLikeDevicePassword(String typed) {
        return parse(typed).isPresent();
    }

    public static Optional<Parts> parse(String typed) {
        if (typed == null) {
            return Optional.empty();
        }
        String text = typed.trim().toLowerCase(Locale.ROOT);
        if (text.length() != LENGTH || !text.startsWith(PREFIX)) {
            return Optional.empty();
        }
        StringBuilder id = new StringBuilder(ID_GROUPS * GROUP);
        StringBuilder secret = new StringBuilder(SECRET_GROUPS * GROUP);
        int position = PREFIX.length();
        for (int group = 0; group < ID_GROUPS + SECRET_GROUPS; group++) {
            if (group > 0) {
                if (text.charAt(position) != '-') {
                    return Optional.empty();
                }
                position++;
            }
            for (int i = 0; i < GROUP; i++, position++) {
                char symbol = text.charAt(position);
                if (ALPHABET.indexOf(symbol) < 0) {
                    return Optional.empty();
                }
                (group < ID_GROUPS ? id : secret).append(symbol);
            }
        }
        return Optional.of(new Parts(id.toString(), secret.toString()));
    }
}
