package social.waddle.community;

import java.security.SecureRandom;

/** Random invite codes: 12 characters from an alphabet without look-alikes (no 0/o, 1/l/i), about 60 bits. */
final class InviteCodes {

    private static final String ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz";
    private static final int LENGTH = 12;
    private static final SecureRandom RANDOM = new SecureRandom();

    private InviteCodes() {
    }

    static String random() {
        StringBuilder code = new StringBuilder(LENGTH);
        for (int i = 0; i < LENGTH; i++) {
            code.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return code.toString();
    }
}
