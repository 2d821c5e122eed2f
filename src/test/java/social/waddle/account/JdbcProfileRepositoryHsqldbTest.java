package social.waddle.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Optional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Profiles and the accounts due for a handle re-check, stored in HSQLDB with the plugin's install script. */
class JdbcProfileRepositoryHsqldbTest {

    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

    private TestDatabase database;
    private JdbcProfileRepository profiles;

    @BeforeEach
    void open() throws Exception {
        database = new TestDatabase();
        profiles = new JdbcProfileRepository(database.connections());
    }

    @AfterEach
    void close() throws Exception {
        database.close();
    }

    @Test
    void aProfileIsSavedReadAndReplacedWithEveryField() {
        String did = "did:plc:abcdefghijklmnopqrstuvwx";
        assertThat(profiles.find(did)).isEmpty();
        StoredProfile first = new StoredProfile(did, Optional.of("Alice ✨"), Optional.of("bafkreiavatar"),
                Optional.of("image/png"), Optional.of("0123456789abcdef0123456789abcdef01234567"), 1234,
                Optional.of("bafyrecord"), Optional.of("alice.test"), Optional.of(T0), Optional.of(T0), Optional.of(T0),
                0, Optional.empty(), Optional.empty());
        profiles.save(first);
        assertThat(profiles.find(did)).contains(first);

        StoredProfile failed = first.failed(T0.plusSeconds(60), T0.plusSeconds(360), "x".repeat(1500));
        profiles.save(failed);

        StoredProfile read = profiles.find(did).orElseThrow();
        assertThat(read.displayName()).contains("Alice ✨");
        assertThat(read.failures()).isEqualTo(1);
        assertThat(read.nextAttempt()).contains(T0.plusSeconds(360));
        assertThat(read.lastError().orElseThrow()).hasSize(1000).endsWith("…");
        profiles.save(StoredProfile.unknown(did));
        assertThat(profiles.find(did)).contains(StoredProfile.unknown(did));
    }

    @Test
    void accountsDueForARecheckComeOldestResolutionFirstAndBounded() {
        AccountRepository accounts = database.accounts();
        for (int i = 0; i < 5; i++) {
            accounts.save(new AtprotoAccount("user" + i, "did:plc:user" + i, Optional.of("user" + i + ".test"), true,
                    Optional.empty(), Optional.empty(), EnumSet.noneOf(CredentialType.class), false, T0, T0,
                    T0.plusSeconds(100L - i)));
        }

        assertThat(accounts.resolvedBefore(T0.plusSeconds(99), 2)).extracting(AtprotoAccount::username)
                .containsExactly("user4", "user3");
        assertThat(accounts.resolvedBefore(T0, 10)).isEmpty();
    }
}
