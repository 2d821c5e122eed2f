package social.waddle.device;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * The slow salted hash a device password is stored as: {@code pbkdf2-sha256$<iterations>$<salt>$<hash>} (base64 without
 * padding), PBKDF2-HMAC-SHA256 from the JDK with a fresh 16-byte salt per password and a 256-bit output.
 *
 * <p>Invariants: the iteration count travels with each hash, so raising {@link #DEFAULT_ITERATIONS} later leaves
 * stored passwords valid; comparison is constant-time ({@link MessageDigest#isEqual}); a stored value that cannot be
 * decoded never matches. The secret part already carries 120 random bits (out of reach of any offline search), so the
 * KDF protects against a weaker future format or a leaked table more than against guessing; its cost is paid once per
 * login (see BENCHMARKS.md for the throughput this gives).
 */
public final class DevicePasswordHasher {

    /**
     * OWASP's 2023 figure for PBKDF2-HMAC-SHA256 is 600,000; with a 120-bit random secret that cost buys nothing an
     * attacker could measure, and every XMPP reconnect pays it on the login thread. 100,000 (NIST SP 800-132's
     * "as large as feasible", ~25-40 ms on one core of the test machine) keeps a table leak expensive to test.
     */
    public static final int DEFAULT_ITERATIONS = 100_000;
    static final int MIN_ITERATIONS = 10_000;
    static final int MAX_ITERATIONS = 10_000_000;
    private static final String SCHEME = "pbkdf2-sha256";
    private static final int SALT_BYTES = 16;
    private static final int HASH_BITS = 256;
    private static final Base64.Encoder BASE64 = Base64.getEncoder().withoutPadding();
    private static final Base64.Decoder BASE64_DECODER = Base64.getDecoder();

    private final int iterations;
    private final SecureRandom random;
    private final Runnable onDerive;

    public DevicePasswordHasher(int iterations, SecureRandom random) {
        this(iterations, random, () -> { });
    }

    /** @param onDerive told before each key derivation; tests count them */
    DevicePasswordHasher(int iterations, SecureRandom random, Runnable onDerive) {
        this.onDerive = onDerive;
        if (iterations < MIN_ITERATIONS || iterations > MAX_ITERATIONS) {
            throw new IllegalArgumentException("PBKDF2 iterations must be between " + MIN_ITERATIONS + " and "
                    + MAX_ITERATIONS + ", not " + iterations);
        }
        this.iterations = iterations;
        this.random = random;
    }

    public int iterations() {
        return iterations;
    }

    public String hash(String secret) {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        return SCHEME + "$" + iterations + "$" + BASE64.encodeToString(salt) + "$"
                + BASE64.encodeToString(derive(secret, salt, iterations));
    }

    public boolean matches(String secret, String stored) {
        Optional<byte[][]> parts = decode(stored);
        if (parts.isEmpty()) {
            return false;
        }
        byte[] salt = parts.get()[0];
        byte[] expected = parts.get()[1];
        int rounds = Integer.parseInt(stored.split("\\$")[1]);
        onDerive.run();
        return MessageDigest.isEqual(expected, derive(secret, salt, rounds));
    }

    private static Optional<byte[][]> decode(String stored) {
        if (stored == null) {
            return Optional.empty();
        }
        String[] parts = stored.split("\\$");
        if (parts.length != 4 || !SCHEME.equals(parts[0])) {
            return Optional.empty();
        }
        try {
            int rounds = Integer.parseInt(parts[1]);
            if (rounds < MIN_ITERATIONS || rounds > MAX_ITERATIONS) {
                return Optional.empty();
            }
            byte[] salt = BASE64_DECODER.decode(parts[2]);
            byte[] hash = BASE64_DECODER.decode(parts[3]);
            if (salt.length != SALT_BYTES || hash.length != HASH_BITS / 8) {
                return Optional.empty();
            }
            return Optional.of(new byte[][] {salt, hash});
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static byte[] derive(String secret, byte[] salt, int rounds) {
        char[] chars = secret.toCharArray();
        PBEKeySpec spec = new PBEKeySpec(chars, salt, rounds, HASH_BITS);
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 is missing from this JDK", e);
        } finally {
            spec.clearPassword();
            Arrays.fill(chars, '\0');
        }
    }

}
