package social.waddle.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import social.waddle.testbed.TestClock;

/** The service on the in-memory repository; {@link JdbcDevicePasswordsHsqldbTest} runs the same on HSQLDB. */
class DevicePasswordsTest {

    static final Instant T0 = Instant.parse("2026-12-04T10:00:00Z");
    static final String ALICE = "did:plc:aliceaaaaaaaaaaaaaaaaaaa";
    static final String BOB = "did:plc:bobbbbbbbbbbbbbbbbbbbbbb";

    protected DevicePasswordRepository repository;
    protected TestClock clock;
    protected DevicePasswords passwords;
    protected final List<Runnable> queuedUses = new ArrayList<>();
    protected final AtomicInteger hashes = new AtomicInteger();
    protected final List<String> revoked = new ArrayList<>();

    protected DevicePasswordRepository repository() throws Exception {
        return new InMemoryDevicePasswordRepository();
    }

    @BeforeEach
    void start() throws Exception {
        repository = repository();
        clock = new TestClock(T0);
        Executor queue = queuedUses::add;
        passwords = new DevicePasswords(repository, new DevicePasswordHasher(DevicePasswordHasher.MIN_ITERATIONS,
                new SecureRandom(), hashes::incrementAndGet), () -> 3, queue, clock, new SecureRandom());
        passwords.addListener((did, id) -> revoked.add(did + " " + id));
    }

    private void runQueuedUses() {
        queuedUses.forEach(Runnable::run);
        queuedUses.clear();
    }

    @Test
    void aCreatedPasswordIsShownOnceStoredAsAHashAndListed() {
        DevicePasswords.Created created = passwords.create(ALICE, " Phone – Conversations ");
        DevicePassword row = created.password();
        assertThat(created.text()).startsWith("wdl-" + row.id().substring(0, 4) + "-" + row.id().substring(4) + "-");
        DevicePassword stored = repository.find(row.id()).orElseThrow();
        assertThat(stored.hash()).startsWith("pbkdf2-sha256$").doesNotContain(created.text().substring(14));
        assertThat(stored.name()).isEqualTo("Phone – Conversations");
        assertThat(stored.createdAt()).isEqualTo(T0);
        assertThat(stored.lastUsedAt()).isEmpty();
        assertThat(passwords.list(ALICE)).extracting(DevicePassword::id).containsExactly(row.id());
        assertThat(passwords.list(BOB)).isEmpty();
        assertThat(row.hint()).isEqualTo(created.text().substring(0, 14) + "…");
    }

    @Test
    void thePasswordLogsInItsOwnAccountOnlyWithOneHashAndItsUseIsRecordedLater() {
        DevicePasswords.Created created = passwords.create(ALICE, "Laptop");
        clock.advance(Duration.ofMinutes(5));
        assertThat(passwords.check(ALICE, created.text(), Optional.of("203.0.113.9"))).contains(created.password().id());
        assertThat(hashes.get()).isEqualTo(1);
        assertThat(repository.find(created.password().id()).orElseThrow().lastUsedAt()).isEmpty();
        runQueuedUses();
        DevicePassword used = repository.find(created.password().id()).orElseThrow();
        assertThat(used.lastUsedAt()).contains(T0.plus(Duration.ofMinutes(5)));
        assertThat(used.lastAddress()).contains("203.0.113.9");

        assertThat(passwords.check(BOB, created.text(), Optional.empty())).isEmpty();
        assertThat(passwords.check(ALICE, created.text().toUpperCase(), Optional.empty())).isPresent();
        assertThat(hashes.get()).isEqualTo(2);
    }

    @Test
    void wrongPasswordsFailWithoutSearchingAndOtherFormsCostNothing() {
        DevicePasswords.Created created = passwords.create(ALICE, "Laptop");
        String text = created.text();
        char last = text.charAt(text.length() - 1);
        String wrongSecret = text.substring(0, text.length() - 1) + (last == 'a' ? 'b' : 'a');
        assertThat(passwords.check(ALICE, wrongSecret, Optional.empty())).isEmpty();
        assertThat(hashes.get()).isEqualTo(1);
        String unknownId = "wdl-zzzz-zzzz" + text.substring(13);
        assertThat(passwords.check(ALICE, unknownId, Optional.empty())).isEmpty();
        assertThat(passwords.check(ALICE, "abcd-efgh-ijkm-npqr", Optional.empty())).isEmpty();
        assertThat(passwords.check(ALICE, null, Optional.empty())).isEmpty();
        assertThat(hashes.get()).isEqualTo(1);
        runQueuedUses();
        assertThat(repository.find(created.password().id()).orElseThrow().lastUsedAt()).isEmpty();
    }

    @Test
    void aRevokedPasswordNoLongerLogsInAndTheListenersHear() {
        DevicePasswords.Created created = passwords.create(ALICE, "Old phone");
        String id = created.password().id();
        assertThat(passwords.revoke(BOB, id)).isFalse();
        assertThat(revoked).isEmpty();
        assertThat(passwords.check(ALICE, created.text(), Optional.empty())).isPresent();
        assertThat(passwords.revoke(ALICE, id)).isTrue();
        assertThat(revoked).containsExactly(ALICE + " " + id);
        assertThat(passwords.check(ALICE, created.text(), Optional.empty())).isEmpty();
        assertThat(passwords.list(ALICE)).isEmpty();
        assertThat(passwords.revoke(ALICE, id)).isFalse();
        assertThat(revoked).hasSize(1);
    }

    @Test
    void anAccountHasAtMostTheLimitAndABadNameStoresNothing() {
        passwords.create(ALICE, "one");
        clock.advance(Duration.ofSeconds(1));
        passwords.create(ALICE, "two");
        clock.advance(Duration.ofSeconds(1));
        passwords.create(ALICE, "three");
        assertThatThrownBy(() -> passwords.create(ALICE, "four")).isInstanceOf(InvalidDeviceRequest.class)
                .hasMessageContaining("3 device passwords");
        assertThat(passwords.create(BOB, "bob's").password().did()).isEqualTo(BOB);
        assertThatThrownBy(() -> passwords.create(BOB, "a\u202Eb")).isInstanceOf(InvalidDeviceRequest.class);
        assertThat(passwords.list(ALICE)).extracting(DevicePassword::name).containsExactly("one", "two", "three");
        assertThat(passwords.list(BOB)).hasSize(1);
    }

    @Test
    void aFailingUseRecorderNeverFailsTheLogin() {
        DevicePasswords.Created created = passwords.create(ALICE, "Laptop");
        DevicePasswords rejecting = new DevicePasswords(repository, new DevicePasswordHasher(DevicePasswordHasher.MIN_ITERATIONS,
                new SecureRandom()), () -> 3, task -> {
                    throw new java.util.concurrent.RejectedExecutionException("stopped");
                }, clock, new SecureRandom());
        assertThat(rejecting.check(ALICE, created.text(), Optional.empty())).isPresent();
    }
}
