package social.waddle.login;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import social.waddle.testbed.TestClock;

/**
 * The in-memory warm path of {@link CredentialCache}: it answers re-logins without the slow key derivation (counted
 * here, so removing the warm path fails these tests) but never outlives its store entry.
 */
class CredentialCacheWarmPathTest {

    private static final String DID = "did:plc:ewvi7nxzyoun6zhxrhs64oiz";
    private static final String APP_PASSWORD = "abcd-efgh-ijkl-mnop";
    private static final String NEW_APP_PASSWORD = "qrst-uvwx-yz23-4567";
    private static final Duration TTL = Duration.ofMinutes(15);

    private final TestClock clock = new TestClock(Instant.parse("2025-06-01T12:00:00Z"));
    private final InMemoryCredentialStore store = new InMemoryCredentialStore(100);
    private final AtomicInteger derivations = new AtomicInteger();
    private final CredentialCache.KeyDerivation counted = (password, salt, iterations) -> {
        derivations.incrementAndGet();
        return CredentialCache.PBKDF2.derive(password, salt, iterations);
    };
    private final CredentialCache cache = new CredentialCache(store, clock, TTL, 1_000, counted);

    @Test
    void repeatedMatchesOfTheRememberedPasswordSkipTheKeyDerivation() {
        cache.remember(DID, APP_PASSWORD);
        assertThat(derivations).hasValue(1);

        for (int i = 0; i < 3; i++) {
            assertThat(cache.matches(DID, APP_PASSWORD)).isTrue();
        }

        assertThat(derivations).as("re-logins answered by the warm path").hasValue(1);
    }

    @Test
    void aWrongPasswordAlwaysPaysTheKeyDerivation() {
        cache.remember(DID, APP_PASSWORD);

        for (int i = 0; i < 3; i++) {
            assertThat(cache.matches(DID, NEW_APP_PASSWORD)).isFalse();
        }

        assertThat(derivations).hasValue(1 + 3);
    }

    @Test
    void anotherCacheOnTheSameStoreDerivesOnceThenGoesWarm() {
        cache.remember(DID, APP_PASSWORD);
        CredentialCache restarted = new CredentialCache(store, clock, TTL, 1_000, counted);

        assertThat(restarted.matches(DID, APP_PASSWORD)).isTrue();
        assertThat(derivations).hasValue(2);
        assertThat(restarted.matches(DID, APP_PASSWORD)).isTrue();
        assertThat(derivations).hasValue(2);
        assertThat(restarted.matches(DID, NEW_APP_PASSWORD)).isFalse();
    }

    @Test
    void anEntryReplacedInTheSharedStoreIsNotMatchedThroughTheOldTag() {
        cache.remember(DID, APP_PASSWORD);
        assertThat(cache.matches(DID, APP_PASSWORD)).isTrue();
        CredentialCache otherNode = new CredentialCache(store, clock, TTL, 1_000);

        otherNode.remember(DID, NEW_APP_PASSWORD);

        assertThat(cache.matches(DID, APP_PASSWORD)).isFalse();
        assertThat(cache.matches(DID, NEW_APP_PASSWORD)).isTrue();
    }

    @Test
    void anEntryRemovedFromTheStoreNoLongerMatches() {
        cache.remember(DID, APP_PASSWORD);
        assertThat(cache.matches(DID, APP_PASSWORD)).isTrue();

        store.remove(DID);

        assertThat(cache.matches(DID, APP_PASSWORD)).isFalse();
    }

    @Test
    void aWarmEntryStillExpires() {
        cache.remember(DID, APP_PASSWORD);
        assertThat(cache.matches(DID, APP_PASSWORD)).isTrue();

        clock.advance(TTL);

        assertThat(cache.matches(DID, APP_PASSWORD)).isFalse();
        assertThat(store.size()).isZero();
    }

    @Test
    void theWarmTagIsBoundToTheExactStoreEntry() {
        cache.remember(DID, APP_PASSWORD);
        assertThat(cache.matches(DID, APP_PASSWORD)).isTrue();
        String[] fields = store.get(DID).split("\\$", -1);
        fields[3] = "A".repeat(fields[3].length());

        store.put(DID, String.join("$", fields));

        assertThat(cache.matches(DID, APP_PASSWORD)).isFalse();
    }
}
