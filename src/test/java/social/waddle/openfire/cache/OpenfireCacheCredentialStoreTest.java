package social.waddle.openfire.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import social.waddle.login.CredentialCache;
import social.waddle.testbed.TestClock;

/** Two {@link CredentialCache}s over one shared cache stand for two cluster nodes. */
class OpenfireCacheCredentialStoreTest {

    private static final String DID = "did:plc:abc123";
    private static final Duration TTL = Duration.ofHours(12);

    private final TestClock clock = new TestClock(Instant.parse("2026-06-01T12:00:00Z"));
    private final MapBackedCache<String, String> shared = new MapBackedCache<>(OpenfireCacheCredentialStore.CACHE_NAME,
            OpenfireCacheCredentialStore.MAX_BYTES, TTL.toMillis());
    private final CredentialCache firstNode = node();
    private final CredentialCache secondNode = node();

    private CredentialCache node() {
        return new CredentialCache(new OpenfireCacheCredentialStore(shared), clock, TTL, 1_000);
    }

    @Test
    void aPasswordRememberedOnOneNodeMatchesOnAnother() {
        firstNode.remember(DID, "app-password-1");

        assertThat(secondNode.matches(DID, "app-password-1")).isTrue();
        assertThat(secondNode.matches(DID, "another-password")).isFalse();
    }

    @Test
    void holdsOneEncodedStringPerDidAndNeverThePassword() {
        firstNode.remember(DID, "app-password-1");

        assertThat(shared).containsOnlyKeys(DID);
        assertThat(shared.get(DID)).startsWith("pbkdf2-sha256$").doesNotContain("app-password-1");
    }

    @Test
    void anEntryReplacedOnAnotherNodeNoLongerMatchesThroughThisNodesWarmTag() {
        firstNode.remember(DID, "old-password");
        assertThat(firstNode.matches(DID, "old-password")).isTrue();

        secondNode.remember(DID, "new-password");

        assertThat(firstNode.matches(DID, "old-password")).isFalse();
        assertThat(firstNode.matches(DID, "new-password")).isTrue();
    }

    @Test
    void anEntryForgottenOnAnotherNodeNoLongerMatchesHere() {
        firstNode.remember(DID, "app-password-1");
        assertThat(firstNode.matches(DID, "app-password-1")).isTrue();

        secondNode.forget(DID);

        assertThat(firstNode.matches(DID, "app-password-1")).isFalse();
        assertThat(shared).isEmpty();
    }

    @Test
    void forgettingEverythingEmptiesTheSharedCache() {
        firstNode.remember(DID, "app-password-1");
        firstNode.remember("did:plc:other", "app-password-2");

        secondNode.forgetAll();

        assertThat(shared).isEmpty();
        assertThat(firstNode.matches(DID, "app-password-1")).isFalse();
    }

    @Test
    void followsAChangedTimeToLive() {
        OpenfireCacheCredentialStore store = new OpenfireCacheCredentialStore(shared);

        store.keepEntriesFor(Duration.ofDays(2));

        assertThat(shared.getMaxLifetime()).isEqualTo(Duration.ofDays(2).toMillis());
    }
}
