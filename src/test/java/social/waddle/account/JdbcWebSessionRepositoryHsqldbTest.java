package social.waddle.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import social.waddle.account.WebSessionRepository.WebSessionRow;
import social.waddle.testbed.TestClock;
import social.waddle.web.site.Person;
import social.waddle.web.site.StoredWebSessions;
import social.waddle.web.site.WebSessions;

/** Web sessions in HSQLDB with the plugin's install script, as {@link StoredWebSessions} uses them. */
class JdbcWebSessionRepositoryHsqldbTest {

    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    private static final String ALICE = "did:plc:aliceaaaaaaaaaaaaaaaaaaa";
    private static final String BOB = "did:plc:bobbbbbbbbbbbbbbbbbbbbbb";

    private TestDatabase database;
    private JdbcWebSessionRepository rows;
    private TestClock clock;
    private final AtomicBoolean aliceUsable = new AtomicBoolean(true);
    private StoredWebSessions sessions;

    @BeforeEach
    void open() throws Exception {
        database = new TestDatabase();
        rows = new JdbcWebSessionRepository(database.connections());
        clock = new TestClock(T0);
        sessions = new StoredWebSessions(rows, () -> Duration.ofHours(8),
                did -> !did.equals(ALICE) || aliceUsable.get(), clock);
    }

    @AfterEach
    void close() throws Exception {
        database.close();
    }

    @Test
    void onlyTheHashOfTheTokenIsStoredAndTheTokenFindsThePerson() {
        WebSessions.Started started = sessions.start(new Person(ALICE, Optional.of("alice.test")), "203.0.113.7");
        assertThat(started.expiresAt()).isEqualTo(T0.plus(Duration.ofHours(8)));
        assertThat(rows.find(started.token())).isEmpty();
        WebSessionRow stored = rows.find(hash(started.token())).orElseThrow();
        assertThat(stored.tokenHash()).hasSize(64).doesNotContain(started.token());
        assertThat(stored.address()).isEqualTo("203.0.113.7");
        assertThat(sessions.find(started.token())).contains(new Person(ALICE, Optional.of("alice.test")));
        assertThat(sessions.find(started.token() + "x")).isEmpty();
    }

    @Test
    void anExpiredSessionIsWorthlessAndRemoved() {
        WebSessions.Started started = sessions.start(new Person(ALICE, Optional.empty()), "::1");
        clock.advance(Duration.ofHours(8));
        assertThat(sessions.find(started.token())).isEmpty();
        assertThat(rows.find(hash(started.token()))).isEmpty();
    }

    @Test
    void signingOutEverywhereEndsOnlyThatPersonsSessions() {
        WebSessions.Started phone = sessions.start(new Person(ALICE, Optional.empty()), "a");
        WebSessions.Started laptop = sessions.start(new Person(ALICE, Optional.empty()), "b");
        WebSessions.Started bobs = sessions.start(new Person(BOB, Optional.empty()), "c");
        assertThat(sessions.endAll(ALICE)).isEqualTo(2);
        assertThat(sessions.find(phone.token())).isEmpty();
        assertThat(sessions.find(laptop.token())).isEmpty();
        assertThat(sessions.find(bobs.token())).isPresent();
    }

    @Test
    void aBlockedOrDeletedAccountsCookieIsRefusedAtOnce() {
        WebSessions.Started started = sessions.start(new Person(ALICE, Optional.empty()), "a");
        aliceUsable.set(false);
        assertThat(sessions.find(started.token())).isEmpty();
        aliceUsable.set(true);
        assertThat(sessions.find(started.token())).isPresent();
    }

    @Test
    void purgingRemovesOnlyEndedSessions() {
        sessions.start(new Person(ALICE, Optional.empty()), "a");
        clock.advance(Duration.ofHours(7));
        WebSessions.Started later = sessions.start(new Person(BOB, Optional.empty()), "b");
        clock.advance(Duration.ofHours(2));
        assertThat(sessions.purgeExpired()).isEqualTo(1);
        assertThat(sessions.find(later.token())).isPresent();
        clock.advance(Duration.ofHours(7));
        sessions.start(new Person(ALICE, Optional.empty()), "c");
        assertThat(rows.find(hash(later.token()))).as("ended sessions go at the next sign-in").isEmpty();
    }

    private static String hash(String token) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

}
