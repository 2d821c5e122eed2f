package social.waddle.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import social.waddle.database.DatabaseScripts;

/**
 * What {@link JdbcAccountRepository} must do on every database Openfire supports. Each subclass provides an empty
 * database of one dialect per test; the contract installs that dialect's script into it, after the {@code ofVersion}
 * table Openfire's own schema has.
 */
abstract class AccountRepositoryContract {

    private ConnectionSource connections;
    private JdbcAccountRepository repository;

    /** The dialect whose install script {@code waddle_<dialect>.sql} is tested. */
    protected abstract String dialect();

    /** Connections to a new, empty database of {@link #dialect()}, for this test only. */
    protected abstract ConnectionSource emptyDatabase() throws Exception;

    @BeforeEach
    final void installSchema() throws Exception {
        connections = emptyDatabase();
        try (Connection connection = connections.get()) {
            DatabaseScripts.createOpenfireVersionTable(connection);
            DatabaseScripts.run(connection, DatabaseScripts.install(dialect()));
        }
        repository = new JdbcAccountRepository(connections);
    }

    private static AtprotoAccount account(String username, String did, String handle, String name) {
        Instant now = Instant.ofEpochMilli(1_700_000_000_000L);
        return new AtprotoAccount(username, did, Optional.ofNullable(handle), handle != null, Optional.ofNullable(name),
                Optional.of("https://pds.example"), EnumSet.of(CredentialType.APP_PASSWORD), false, now, now, now);
    }

    @Test
    void installScriptRecordsTheSchemaVersionOfPluginXml() throws SQLException {
        try (Connection connection = connections.get()) {
            assertThat(DatabaseScripts.installedVersion(connection)).hasValue(DatabaseScripts.latestVersion());
        }
    }

    @Test
    void savesAndReadsBackEveryField() {
        AtprotoAccount alice = account("abcdefghijklmnopqrstuvwx", "did:plc:abcdefghijklmnopqrstuvwx", "alice.test", "Alice");

        repository.save(alice);

        assertThat(repository.findByUsername(alice.username())).contains(alice);
        assertThat(repository.findByDid(alice.did())).contains(alice);
        assertThat(repository.findByUsername("nobody")).isEmpty();
    }

    @Test
    void readsBackAbsentOptionalFieldsAsAbsent() {
        Instant seen = Instant.ofEpochMilli(1_700_000_123_456L);
        AtprotoAccount bare = new AtprotoAccount("bbbbbbbbbbbbbbbbbbbbbbbb", "did:plc:bbbbbbbbbbbbbbbbbbbbbbbb",
                Optional.empty(), false, Optional.empty(), Optional.empty(), Set.of(), true, seen, seen, seen);

        repository.save(bare);

        assertThat(repository.findByDid(bare.did())).contains(bare);
    }

    @Test
    void keepsNonAsciiTextAndCutsOverlongDisplayNamesToTheColumn() {
        String name = "Zoë 🐧 Ωmega ".repeat(60);
        AtprotoAccount zoe = account("cccccccccccccccccccccccc", "did:plc:cccccccccccccccccccccccc", "zoë.test", name);

        repository.save(zoe);

        AtprotoAccount stored = repository.findByUsername(zoe.username()).orElseThrow();
        assertThat(stored.handle()).contains("zoë.test");
        assertThat(stored.displayName()).contains(name.substring(0, 640));
    }

    @Test
    void saveReplacesAnExistingAccount() {
        AtprotoAccount alice = account("abcdefghijklmnopqrstuvwx", "did:plc:abcdefghijklmnopqrstuvwx", "alice.test", "Alice");
        repository.save(alice);
        AtprotoAccount renamed = new AtprotoAccount(alice.username(), alice.did(), Optional.of("alice2.test"), false,
                Optional.empty(), alice.pdsUrl(), Set.of(CredentialType.APP_PASSWORD, CredentialType.SERVICE_AUTH), true,
                alice.firstSeen(), alice.lastSeen().plusSeconds(5), alice.resolvedAt());

        repository.save(renamed);

        assertThat(repository.findByUsername(alice.username())).contains(renamed);
        assertThat(repository.count()).isEqualTo(1);
    }

    @Test
    void aDidBelongsToOneAccountOnly() {
        AtprotoAccount alice = account("abcdefghijklmnopqrstuvwx", "did:plc:abcdefghijklmnopqrstuvwx", "alice.test", "Alice");
        repository.save(alice);
        AtprotoAccount impostor = account("zzzzzzzzzzzzzzzzzzzzzzzz", alice.did(), "bob.test", "Bob");

        Throwable failure = catchThrowable(() -> repository.save(impostor));

        assertThat(failure).isInstanceOf(AccountStorageException.class);
        assertThat(repository.findByDid(alice.did())).contains(alice);
        assertThat(repository.count()).isEqualTo(1);
    }

    @Test
    void pagesAndSearchesOnTheServerSide() {
        for (int i = 0; i < 30; i++) {
            String id = String.format("user%02dxxxxxxxxxxxxxxxxxx", i);
            repository.save(account(id, "did:plc:" + id, "user" + i + ".test", i % 2 == 0 ? "Even " + i : "Odd_" + i));
        }

        assertThat(repository.count()).isEqualTo(30);
        assertThat(repository.usernames(10, 5)).containsExactly("user10xxxxxxxxxxxxxxxxxx", "user11xxxxxxxxxxxxxxxxxx",
                "user12xxxxxxxxxxxxxxxxxx", "user13xxxxxxxxxxxxxxxxxx", "user14xxxxxxxxxxxxxxxxxx");
        assertThat(repository.usernames(28, 5)).containsExactly("user28xxxxxxxxxxxxxxxxxx", "user29xxxxxxxxxxxxxxxxxx");
        assertThat(repository.countMatching("even")).isEqualTo(15);
        assertThat(repository.countMatching("EVEN")).isEqualTo(15);
        assertThat(repository.search("user1*.test", 0, 100)).hasSize(11);
        assertThat(repository.search("odd_", 0, 3)).hasSize(3);
        // SQL wildcards typed by a user match literally.
        assertThat(repository.countMatching("%")).isZero();
        assertThat(repository.countMatching("_1")).isEqualTo(6); // Odd_1, Odd_11 … Odd_19
    }
}
