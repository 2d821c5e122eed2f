package social.waddle.device;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Optional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import social.waddle.account.TestDatabase;

/** {@link DevicePasswordsTest} on table ofWaddleDevicePassword in HSQLDB, made by the plugin's install script. */
class JdbcDevicePasswordsHsqldbTest extends DevicePasswordsTest {

    private TestDatabase database;

    @Override
    protected DevicePasswordRepository repository() throws Exception {
        database = new TestDatabase();
        return new JdbcDevicePasswordRepository(database.connections());
    }

    @AfterEach
    void close() throws Exception {
        database.close();
    }

    @Test
    void allColumnsRoundTripAndALongAddressIsCut() {
        DevicePassword row = new DevicePassword("abcdefgh", ALICE, "📱 Phone – Conversations <b>", "pbkdf2-sha256$1$x$y",
                Instant.parse("2026-12-04T10:00:00.123Z"), Optional.empty(), Optional.empty());
        repository.insert(row);
        repository.recordUse("abcdefgh", Instant.parse("2026-12-04T11:00:00.456Z"), "x".repeat(300));
        DevicePassword read = repository.find("abcdefgh").orElseThrow();
        assertThat(read.name()).isEqualTo(row.name());
        assertThat(read.hash()).isEqualTo(row.hash());
        assertThat(read.createdAt()).isEqualTo(row.createdAt());
        assertThat(read.lastUsedAt()).contains(Instant.parse("2026-12-04T11:00:00.456Z"));
        assertThat(read.lastAddress()).contains("x".repeat(100));
        assertThat(repository.countOf(ALICE)).isEqualTo(1);
        assertThat(repository.delete(BOB, "abcdefgh")).isFalse();
        assertThat(repository.delete(ALICE, "abcdefgh")).isTrue();
        assertThat(repository.find("abcdefgh")).isEmpty();
    }
}
