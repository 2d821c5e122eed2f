package social.waddle.login;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import social.waddle.testbed.TestClock;

class CredentialCacheTest {

    private static final String DID = "did:plc:ewvi7nxzyoun6zhxrhs64oiz";
    private static final String APP_PASSWORD = "abcd-efgh-ijkl-mnop";

    private final TestClock clock = new TestClock(Instant.parse("2025-06-01T12:00:00Z"));
    private final RecordingStore store = new RecordingStore();
    private final CredentialCache cache = new CredentialCache(store, clock, Duration.ofMinutes(15), 1_000);

    /** A plain map, so the tests can read what the cache stores. */
    private static final class RecordingStore implements CredentialStore {
        final Map<String, String> entries = new HashMap<>();

        @Override
        public String get(String did) {
            return entries.get(did);
        }

        @Override
        public void put(String did, String encodedEntry) {
            entries.put(did, encodedEntry);
        }

        @Override
        public void remove(String did) {
            entries.remove(did);
        }

        @Override
        public void clear() {
            entries.clear();
        }
    }

    @Test
    void matchesARememberedPassword() {
        cache.remember(DID, APP_PASSWORD);

        assertThat(cache.matches(DID, APP_PASSWORD)).isTrue();
    }

    @Test
    void doesNotMatchAnotherPasswordOrAnotherAccount() {
        cache.remember(DID, APP_PASSWORD);

        assertThat(cache.matches(DID, "abcd-efgh-ijkl-mnoq")).isFalse();
        assertThat(cache.matches("did:plc:other", APP_PASSWORD)).isFalse();
        assertThat(cache.matches(DID, null)).isFalse();
    }

    @Test
    void storesASaltedPbkdf2HashWithExpiryAndNeverThePassword() {
        cache.remember(DID, APP_PASSWORD);
        final String first = store.get(DID);
        cache.remember(DID, APP_PASSWORD);
        final String second = store.get(DID);

        assertThat(first).startsWith("pbkdf2-sha256$1000$").doesNotContain(APP_PASSWORD);
        assertThat(first.split("\\$")).hasSize(5);
        assertThat(first.split("\\$")[4]).isEqualTo(String.valueOf(clock.millis() + Duration.ofMinutes(15).toMillis()));
        assertThat(second.split("\\$")[2]).isNotEqualTo(first.split("\\$")[2]);
    }

    @Test
    void forgetsAnEntryOnceItExpires() {
        cache.remember(DID, APP_PASSWORD);
        clock.advance(Duration.ofMinutes(15));

        assertThat(cache.matches(DID, APP_PASSWORD)).isFalse();
        assertThat(store.entries).doesNotContainKey(DID);
    }

    @Test
    void forgetRemovesOneAccountAndForgetAllRemovesEvery() {
        cache.remember(DID, APP_PASSWORD);
        cache.remember("did:plc:other", APP_PASSWORD);

        cache.forget(DID);
        assertThat(cache.matches(DID, APP_PASSWORD)).isFalse();
        assertThat(cache.matches("did:plc:other", APP_PASSWORD)).isTrue();

        cache.forgetAll();
        assertThat(cache.matches("did:plc:other", APP_PASSWORD)).isFalse();
    }

    @Test
    void dropsAnEntryItCannotRead() {
        store.put(DID, "plain$" + APP_PASSWORD);

        assertThat(cache.matches(DID, APP_PASSWORD)).isFalse();
        assertThat(store.entries).doesNotContainKey(DID);
    }

    @Test
    void dropsAnEntryWithTamperedIterations() {
        cache.remember(DID, APP_PASSWORD);
        store.put(DID, store.get(DID).replace("$1000$", "$1$"));

        assertThat(cache.matches(DID, APP_PASSWORD)).isFalse();
        assertThat(store.entries).doesNotContainKey(DID);
    }

    @Test
    void theInMemoryStoreKeepsOnlyTheMostRecentlyUsedEntries() {
        final InMemoryCredentialStore bounded = new InMemoryCredentialStore(2);
        final CredentialCache boundedCache = new CredentialCache(bounded, clock, Duration.ofMinutes(15), 1_000);
        boundedCache.remember("did:plc:a", APP_PASSWORD);
        boundedCache.remember("did:plc:b", APP_PASSWORD);
        boundedCache.matches("did:plc:a", APP_PASSWORD);

        boundedCache.remember("did:plc:c", APP_PASSWORD);

        assertThat(bounded.size()).isEqualTo(2);
        assertThat(boundedCache.matches("did:plc:a", APP_PASSWORD)).isTrue();
        assertThat(boundedCache.matches("did:plc:b", APP_PASSWORD)).isFalse();
    }
}
