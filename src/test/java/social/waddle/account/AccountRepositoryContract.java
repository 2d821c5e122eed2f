package social.waddle.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class JdbcAccountRepositoryTest {

    private String url;
    private Connection keepAlive;
    private JdbcAccountRepository repository;

    @BeforeEach
    void createSchema() throws Exception {
        url = "jdbc:hsqldb:mem:accounts-" + UUID.randomUUID();
        keepAlive = DriverManager.getConnection(url, "SA", "");
        SqlScripts.createOpenfireVersionTable(keepAlive);
        SqlScripts.run(keepAlive, SqlScripts.database("waddle_hsqldb.sql"));
        repository = new JdbcAccountRepository(() -> DriverManager.getConnection(url, "SA", ""));
    }

    @AfterEach
    void dropDatabase() throws SQLException {
        try (Statement statement = keepAlive.createStatement()) {
            statement.execute("SHUTDOWN");
        }
    }

    private static AtprotoAccount account(String username, String did, String handle, String name) {
        Instant now = Instant.ofEpochMilli(1_700_000_000_000L);
        return new AtprotoAccount(username, did, Optional.ofNullable(handle), handle != null, Optional.ofNullable(name),
                Optional.of("https://pds.example"), EnumSet.of(CredentialType.APP_PASSWORD), false, now, now, now);
    }

    @Test
    void installScriptRecordsSchemaVersion() throws SQLException {
        try (Statement statement = keepAlive.createStatement();
             ResultSet rows = statement.executeQuery("SELECT version FROM ofVersion WHERE name = 'waddle'")) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.getInt(1)).isEqualTo(1);
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
    void pagesAndSearchesOnTheServerSide() {
        for (int i = 0; i < 30; i++) {
            String id = String.format("user%02dxxxxxxxxxxxxxxxxxx", i);
            repository.save(account(id, "did:plc:" + id, "user" + i + ".test", i % 2 == 0 ? "Even " + i : "Odd_" + i));
        }

        assertThat(repository.count()).isEqualTo(30);
        assertThat(repository.usernames(10, 5)).containsExactly("user10xxxxxxxxxxxxxxxxxx", "user11xxxxxxxxxxxxxxxxxx",
                "user12xxxxxxxxxxxxxxxxxx", "user13xxxxxxxxxxxxxxxxxx", "user14xxxxxxxxxxxxxxxxxx");
        assertThat(repository.countMatching("even")).isEqualTo(15);
        assertThat(repository.search("user1*.test", 0, 100)).hasSize(11);
        assertThat(repository.search("odd_", 0, 3)).hasSize(3);
        // SQL wildcards typed by a user match literally.
        assertThat(repository.countMatching("%")).isZero();
        assertThat(repository.countMatching("_1")).isEqualTo(6); // Odd_1, Odd_11 … Odd_19
    }
}
