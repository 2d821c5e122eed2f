package social.waddle.login;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;

import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Remembers, for a while, that a password was accepted by an account's PDS, so a client that reconnects does
 * not cost a {@code createSession} call each time.
 *
 * <p>Invariant: the password itself is never stored, only {@code PBKDF2-HMAC-SHA256(password, salt, iterations)}
 * with a fresh random 16-byte salt per entry, encoded as {@code pbkdf2-sha256$<iterations>$<salt>$<hash>$<expiresAtMillis>}
 * (base64, no padding). Comparison is constant-time. An entry that is expired or cannot be decoded never matches
 * and is removed. A password refused elsewhere must be followed by {@link #forget(String)}.
 *
 * <p>Invariant (warm path): for entries this object has written or checked, it also keeps in its own memory
 * {@code HMAC-SHA256(key, did, entry, password)}, under a random 256-bit key generated here that is never written
 * to the store, logged or exposed. A re-login whose tag matches skips the PBKDF2; the tag is bound to the exact
 * store entry (salt and expiry included), so an entry that expires, is forgotten or is replaced never matches
 * through an old tag. The PBKDF2 protects what may leave this object (the store can be a clustered cache); the tags
 * are worthless without the key, and whoever can read the key can as well read the plaintext passwords of logins in
 * flight in the same heap.
 */
public final class CredentialCache {

    /** The slow, salted hash of a password that the store keeps; {@link #PBKDF2} in production. */
    @FunctionalInterface
    interface KeyDerivation {
        byte[] derive(String password, byte[] salt, int iterations);
    }

    /** PBKDF2-HMAC-SHA256 with a 256-bit output. */
    static final KeyDerivation PBKDF2 = CredentialCache::pbkdf2;

    private static final Logger Log = LoggerFactory.getLogger(CredentialCache.class);

    public static final int DEFAULT_ITERATIONS = 10_000;
    /** How many warm-path tags are kept; beyond that the least recently used falls back to the PBKDF2 check. */
    public static final int WARM_ENTRIES = 10_000;
    private static final String MAC_ALGORITHM = "HmacSHA256";
    private static final int MAC_KEY_BYTES = 32;
    private static final String SCHEME = "pbkdf2-sha256";
    private static final int SALT_BYTES = 16;
    private static final int HASH_BITS = 256;
    private static final int MIN_ITERATIONS = 1_000;
    private static final int MAX_ITERATIONS = 10_000_000;
    private static final Base64.Encoder BASE64 = Base64.getEncoder().withoutPadding();
    private static final Base64.Decoder BASE64_DECODER = Base64.getDecoder();

    private final CredentialStore store;
    private final Clock clock;
    private final Duration timeToLive;
    private final int iterations;
    private final KeyDerivation derivation;
    private final SecureRandom random = new SecureRandom();
    private final SecretKeySpec warmKey;
    private final InMemoryCredentialStore warmTags = new InMemoryCredentialStore(WARM_ENTRIES);

    public CredentialCache(CredentialStore store, Clock clock, Duration timeToLive, int iterations) {
        this(store, clock, timeToLive, iterations, PBKDF2);
    }

    /** @param derivation the slow hash; tests count its calls to see the warm path skip it */
    CredentialCache(CredentialStore store, Clock clock, Duration timeToLive, int iterations, KeyDerivation derivation) {
        this.derivation = Objects.requireNonNull(derivation, "derivation");
        this.store = Objects.requireNonNull(store, "store");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.timeToLive = Objects.requireNonNull(timeToLive, "timeToLive");
        if (timeToLive.isNegative() || timeToLive.isZero()) {
            throw new IllegalArgumentException("timeToLive must be positive");
        }
        if (iterations < MIN_ITERATIONS || iterations > MAX_ITERATIONS) {
            throw new IllegalArgumentException("iterations must be between " + MIN_ITERATIONS + " and "
                    + MAX_ITERATIONS);
        }
        this.iterations = iterations;
        byte[] key = new byte[MAC_KEY_BYTES];
        random.nextBytes(key);
        this.warmKey = new SecretKeySpec(key, MAC_ALGORITHM);
        Arrays.fill(key, (byte) 0);
    }

    /** True only if {@code password} was remembered for {@code did} and that has not expired. */
    public boolean matches(String did, String password) {
        if (did == null || password == null) {
            return false;
        }
        final String encoded = store.get(did);
        if (encoded == null) {
            return false;
        }
        final String[] fields = encoded.split("\\$", -1);
        try {
            if (fields.length != 5 || !SCHEME.equals(fields[0])) {
                throw new IllegalArgumentException("unknown scheme");
            }
            final int storedIterations = Integer.parseInt(fields[1]);
            final byte[] salt = BASE64_DECODER.decode(fields[2]);
            final byte[] expected = BASE64_DECODER.decode(fields[3]);
            final long expiresAtMillis = Long.parseLong(fields[4]);
            if (storedIterations < MIN_ITERATIONS || storedIterations > MAX_ITERATIONS || salt.length != SALT_BYTES
                    || expected.length != HASH_BITS / 8) {
                throw new IllegalArgumentException("parameters out of range");
            }
            if (clock.millis() >= expiresAtMillis) {
                forget(did);
                return false;
            }
            final byte[] tag = warmTag(did, encoded, password);
            final String rememberedTag = warmTags.get(did);
            if (rememberedTag != null && MessageDigest.isEqual(BASE64_DECODER.decode(rememberedTag), tag)) {
                return true;
            }
            if (!MessageDigest.isEqual(expected, derivation.derive(password, salt, storedIterations))) {
                return false;
            }
            warmTags.put(did, BASE64.encodeToString(tag));
            return true;
        } catch (IllegalArgumentException e) {
            Log.warn("Dropping an unreadable cached credential for {}: {}", did, e.getMessage());
            forget(did);
            return false;
        }
    }

    /** Call only after the account's PDS accepted {@code password} for {@code did}. */
    public void remember(String did, String password) {
        Objects.requireNonNull(did, "did");
        Objects.requireNonNull(password, "password");
        final byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        final long expiresAtMillis = clock.millis() + timeToLive.toMillis();
        final String encoded = SCHEME + '$' + iterations + '$' + BASE64.encodeToString(salt) + '$'
                + BASE64.encodeToString(derivation.derive(password, salt, iterations)) + '$' + expiresAtMillis;
        store.put(did, encoded);
        warmTags.put(did, BASE64.encodeToString(warmTag(did, encoded, password)));
    }

    public void forget(String did) {
        if (did != null) {
            warmTags.remove(did);
            store.remove(did);
        }
    }

    public void forgetAll() {
        warmTags.clear();
        store.clear();
    }

    private byte[] warmTag(String did, String encodedEntry, String password) {
        try {
            final Mac mac = Mac.getInstance(MAC_ALGORITHM);
            mac.init(warmKey);
            mac.update(did.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            mac.update(encodedEntry.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            return mac.doFinal(password.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is required of every Java platform", e);
        }
    }

    private static byte[] pbkdf2(String password, byte[] salt, int iterations) {
        final char[] passwordChars = password.toCharArray();
        final PBEKeySpec spec = new PBEKeySpec(passwordChars, salt, iterations, HASH_BITS);
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 is required of every Java platform", e);
        } finally {
            spec.clearPassword();
            Arrays.fill(passwordChars, '\0');
        }
    }
}
