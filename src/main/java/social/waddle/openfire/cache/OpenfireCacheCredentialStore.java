package social.waddle.openfire.cache;

import java.time.Duration;
import java.util.Objects;

import org.jivesoftware.util.cache.Cache;

import social.waddle.login.CredentialStore;

/**
 * A {@link CredentialStore} in an Openfire cache, shared by every node of a cluster: a password checked by the
 * PDS on one node spares the {@code createSession} call on the others. Entries are DID to the encoded
 * {@code pbkdf2-sha256$…} string of {@link social.waddle.login.CredentialCache}, which never holds the password.
 *
 * <p>Bounded by Openfire: at most {@link #MAX_BYTES} as Openfire counts them (the least recently used entries go
 * first), each kept at most the credential cache's time to live. Losing an entry early only costs one PDS check.
 * {@link social.waddle.login.CredentialCache}'s warm-path tags stay in each node's memory; they are bound to the
 * exact stored string, so an entry replaced or removed by another node never matches an old tag.
 */
public final class OpenfireCacheCredentialStore implements CredentialStore {

    public static final String CACHE_NAME = "Waddle credential checks";
    public static final int MAX_ENTRIES = 100_000;
    /** An entry counts about 200 bytes in Openfire's estimate (its value is a string of some 100 characters). */
    public static final long MAX_BYTES = MAX_ENTRIES * 256L;

    private final Cache<String, String> cache;

    public OpenfireCacheCredentialStore(Cache<String, String> cache) {
        this.cache = Objects.requireNonNull(cache, "cache");
    }

    /** Follows a changed time to live (on a clustered cache Openfire applies it when the cache is next created). */
    public void keepEntriesFor(Duration timeToLive) {
        final long millis = timeToLive.toMillis();
        if (cache.getMaxLifetime() != millis) {
            cache.setMaxLifetime(millis);
        }
    }

    @Override
    public String get(String did) {
        return cache.get(did);
    }

    @Override
    public void put(String did, String encodedEntry) {
        cache.put(did, encodedEntry);
    }

    @Override
    public void remove(String did) {
        cache.remove(did);
    }

    @Override
    public void clear() {
        cache.clear();
    }
}
