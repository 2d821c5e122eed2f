package social.waddle.login;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A {@link social.waddle.atproto.concurrent.SingleFlight} key for a password check: equal only for the same DID and the same password, so a
 * wrong guess never rides on a right one's flight. HMAC-SHA256 under a random key of this JVM; never stored.
 */
public final class CredentialFlightKey {

    private static final SecretKeySpec PROCESS_KEY = randomKey();

    private CredentialFlightKey() {
    }

    public static String of(String did, String password) {
        Objects.requireNonNull(did, "did");
        Objects.requireNonNull(password, "password");
        try {
            final Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(PROCESS_KEY);
            mac.update(did.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            return did + '\u0000' + Base64.getEncoder().encodeToString(
                    mac.doFinal(password.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is required of every Java platform", e);
        }
    }

    private static SecretKeySpec randomKey() {
        final byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return new SecretKeySpec(key, "HmacSHA256");
    }
}
