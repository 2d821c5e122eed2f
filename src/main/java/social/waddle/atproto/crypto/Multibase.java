package social.waddle.atproto.crypto;

import java.util.Arrays;

import social.waddle.atproto.AtprotoException;
import social.waddle.atproto.AtprotoException.Failure;
import social.waddle.atproto.syntax.InputExcerpt;

/**
 * The base58btc flavour of multibase (prefix {@code z}), the only one ATProto uses for keys.
 *
 * @see <a href="https://www.w3.org/TR/controller-document/#multibase-0">Multibase</a>
 * @see <a href="https://datatracker.ietf.org/doc/html/draft-msporny-base58-03">The Base58 encoding</a>
 */
public final class Multibase {

    /** Longer than any key encoding; bounds the quadratic base58 arithmetic on hostile input. */
    public static final int MAX_ENCODED_LENGTH = 256;

    private static final char BASE58BTC_PREFIX = 'z';
    private static final String ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
    private static final int[] DIGIT_OF = new int[128];

    static {
        Arrays.fill(DIGIT_OF, -1);
        for (int i = 0; i < ALPHABET.length(); i++) {
            DIGIT_OF[ALPHABET.charAt(i)] = i;
        }
    }

    private Multibase() {
    }

    /** Decodes a {@code z}-prefixed base58btc multibase string. */
    public static byte[] decodeBase58btc(String multibase) throws AtprotoException {
        if (multibase == null || multibase.isEmpty()) {
            throw new AtprotoException(Failure.INVALID_SYNTAX, "Multibase value is missing");
        }
        if (multibase.charAt(0) != BASE58BTC_PREFIX) {
            throw new AtprotoException(Failure.UNSUPPORTED, "Multibase value " + InputExcerpt.quote(multibase)
                    + " does not start with 'z' (base58btc), the only multibase encoding ATProto uses");
        }
        return decodeBase58(multibase.substring(1), multibase);
    }

    /** The {@code z}-prefixed base58btc encoding of {@code bytes}. */
    public static String encodeBase58btc(byte[] bytes) {
        return BASE58BTC_PREFIX + encodeBase58(bytes);
    }

    private static byte[] decodeBase58(String digits, String shown) throws AtprotoException {
        if (digits.isEmpty()) {
            throw new AtprotoException(Failure.INVALID_SYNTAX, "Multibase value " + InputExcerpt.quote(shown) + " is empty after 'z'");
        }
        if (digits.length() > MAX_ENCODED_LENGTH) {
            throw new AtprotoException(Failure.INVALID_SYNTAX, "Multibase value " + InputExcerpt.quote(shown)
                    + " is longer than " + MAX_ENCODED_LENGTH + " characters");
        }
        int leadingZeros = 0;
        while (leadingZeros < digits.length() && digits.charAt(leadingZeros) == '1') {
            leadingZeros++;
        }
        // Little-endian base-256 accumulator: value = value * 58 + digit, for each digit.
        byte[] accumulator = new byte[digits.length()];
        int used = 0;
        for (int i = leadingZeros; i < digits.length(); i++) {
            char c = digits.charAt(i);
            int carry = c < 128 ? DIGIT_OF[c] : -1;
            if (carry < 0) {
                throw new AtprotoException(Failure.INVALID_SYNTAX, "Multibase value " + InputExcerpt.quote(shown)
                        + " contains '" + InputExcerpt.printable(c) + "', which is not a base58btc character");
            }
            for (int j = 0; j < used || carry != 0; j++) {
                int product = (j < used ? (accumulator[j] & 0xFF) * 58 : 0) + carry;
                accumulator[j] = (byte) product;
                carry = product >>> 8;
                if (j >= used) {
                    used = j + 1;
                }
            }
        }
        byte[] decoded = new byte[leadingZeros + used];
        for (int j = 0; j < used; j++) {
            decoded[decoded.length - 1 - j] = accumulator[j];
        }
        return decoded;
    }

    private static String encodeBase58(byte[] bytes) {
        int leadingZeros = 0;
        while (leadingZeros < bytes.length && bytes[leadingZeros] == 0) {
            leadingZeros++;
        }
        // Little-endian base-58 accumulator: value = value * 256 + byte, for each byte.
        byte[] digits = new byte[bytes.length * 2];
        int used = 0;
        for (int i = leadingZeros; i < bytes.length; i++) {
            int carry = bytes[i] & 0xFF;
            for (int j = 0; j < used || carry != 0; j++) {
                int value = (j < used ? digits[j] * 256 : 0) + carry;
                digits[j] = (byte) (value % 58);
                carry = value / 58;
                if (j >= used) {
                    used = j + 1;
                }
            }
        }
        StringBuilder encoded = new StringBuilder(leadingZeros + used);
        for (int i = 0; i < leadingZeros; i++) {
            encoded.append('1');
        }
        for (int j = used - 1; j >= 0; j--) {
            encoded.append(ALPHABET.charAt(digits[j]));
        }
        return encoded.toString();
    }
}
