package social.waddle.profile;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import social.waddle.account.AccountRepository;
import social.waddle.account.AtprotoAccount;
import social.waddle.account.CredentialType;
import social.waddle.account.ProfileRepository;
import social.waddle.account.StoredProfile;
import social.waddle.atproto.AtprotoException;
import social.waddle.atproto.AtprotoException.Failure;
import social.waddle.atproto.profile.Avatar;
import social.waddle.atproto.profile.BlueskyProfile;
import social.waddle.atproto.syntax.Did;

/** The profile sync's decisions: when to fetch, what a failure keeps, what is published again. */
class ProfileSyncTest {

    private static final String DID = "did:plc:abcdefghijklmnopqrstuvwx";
    private static final String USERNAME = "abcdefghijklmnopqrstuvwx";
    private static final Instant START = Instant.parse("2026-12-01T10:00:00Z");
    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R',
            0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0};

    private final MutableClock clock = new MutableClock(START);
    private final InMemoryAccounts accounts = new InMemoryAccounts();
    private final InMemoryProfiles profiles = new InMemoryProfiles();
    private final List<Runnable> queued = new ArrayList<>();
    private final List<String> published = new ArrayList<>();
    private final AtomicInteger fetches = new AtomicInteger();
    private final AtomicReference<Object> next = new AtomicReference<>(profile("Alice", true));
    private final ProfileSync sync = new ProfileSync(accounts, profiles, this::fetch, new RecordingPublisher(),
            queued::add, clock, () -> new ProfileSync.Options(true, Duration.ofHours(24), Duration.ofMinutes(5),
            Duration.ofHours(6)));

    ProfileSyncTest() {
        accounts.save(account("alice.test", true));
    }

    @Test
    void aLoginOnlyQueuesTheFirstFetchAndTheSyncPublishesAndStoresIt() {
        sync.userOnline(USERNAME);

        assertThat(fetches).hasValue(0);
        assertThat(queued).hasSize(1);
        runQueued();
        assertThat(published).containsExactly("publish alice.test Alice avatar-changed");
        StoredProfile stored = profiles.find(DID).orElseThrow();
        assertThat(stored.displayName()).contains("Alice");
        assertThat(stored.avatarSha1()).contains(Avatar.sha1Hex(PNG));
        assertThat(stored.publishedHandle()).contains("alice.test");
        assertThat(accounts.findByDid(DID).orElseThrow().displayName()).contains("Alice");
    }

    @Test
    void reLoginsWithinTheRefreshIntervalCostNoFetchAndNoQueuedWork() {
        sync.userOnline(USERNAME);
        runQueued();

        clock.advance(Duration.ofHours(23));
        for (int i = 0; i < 1000; i++) {
            sync.userOnline(USERNAME);
        }

        assertThat(queued).isEmpty();
        assertThat(fetches).hasValue(1);
        clock.advance(Duration.ofHours(2));
        sync.userOnline(USERNAME);
        assertThat(queued).hasSize(1);
    }

    @Test
    void aFailureKeepsTheLastProfileAndBacksOffExponentially() {
        sync.syncNow(DID, false);
        next.set(new AtprotoException(Failure.TIMEOUT, "pds.example timed out"));

        clock.advance(Duration.ofHours(25));
        assertThat(sync.syncNow(DID, false)).isEqualTo(ProfileSync.Outcome.FAILED);

        StoredProfile stored = profiles.find(DID).orElseThrow();
        assertThat(stored.displayName()).contains("Alice");
        assertThat(stored.avatarSha1()).contains(Avatar.sha1Hex(PNG));
        assertThat(stored.failures()).isEqualTo(1);
        assertThat(stored.lastError()).hasValueSatisfying(error -> assertThat(error).contains("timed out"));
        assertThat(stored.nextAttempt()).contains(clock.instant().plus(Duration.ofMinutes(5)));
        assertThat(sync.syncNow(DID, false)).as("backing off").isEqualTo(ProfileSync.Outcome.SKIPPED);
        clock.advance(Duration.ofMinutes(5));
        sync.syncNow(DID, false);
        assertThat(profiles.find(DID).orElseThrow().nextAttempt()).contains(clock.instant().plus(Duration.ofMinutes(10)));
        assertThat(published).hasSize(1);
    }

    @Test
    void anUnchangedProfileIsNotPublishedAgainAndAChangedOneIs() {
        sync.syncNow(DID, false);
        clock.advance(Duration.ofHours(25));
        assertThat(sync.syncNow(DID, false)).isEqualTo(ProfileSync.Outcome.UNCHANGED);

        next.set(profile("Alice Renamed", true));
        assertThat(sync.syncNow(DID, false)).isEqualTo(ProfileSync.Outcome.PUBLISHED);
        assertThat(published).containsExactly("publish alice.test Alice avatar-changed",
                "publish alice.test Alice Renamed same-avatar");
    }

    @Test
    void aNewHandleIsPublishedEvenWhenThePdsIsDown() {
        sync.syncNow(DID, false);
        accounts.save(account("alice2.test", true));
        next.set(new AtprotoException(Failure.NETWORK, "connection refused"));

        sync.syncNow(DID, true);

        assertThat(published).last().isEqualTo("identity alice2.test Alice");
        assertThat(profiles.find(DID).orElseThrow().publishedHandle()).contains("alice2.test");
    }

    @Test
    void aFirstFetchThatFailsPublishesTheHandleAloneAndTheNextOneThatWorksPublishesAll() {
        next.set(new AtprotoException(Failure.MALFORMED_DOCUMENT, "pds.example answered garbage"));

        assertThat(sync.syncNow(DID, false)).isEqualTo(ProfileSync.Outcome.FAILED);
        assertThat(published).containsExactly("identity alice.test -");
        assertThat(profiles.find(DID).orElseThrow().publishedAt()).isEmpty();

        next.set(profile("Alice", true));
        assertThat(sync.syncNow(DID, true)).isEqualTo(ProfileSync.Outcome.PUBLISHED);
        assertThat(published).last().isEqualTo("publish alice.test Alice avatar-changed");
    }

    @Test
    void aHandleThatDoesNotVerifyIsNotShown() {
        accounts.save(account("fake.test", false));

        sync.syncNow(DID, false);

        assertThat(published).containsExactly("publish (DID) Alice avatar-changed");
    }

    // ---- fixtures

    private static final class MutableClock extends java.time.Clock {
        private volatile Instant now;

        MutableClock(Instant start) {
            now = start;
        }

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public java.time.ZoneId getZone() {
            return java.time.ZoneOffset.UTC;
        }

        @Override
        public java.time.Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private BlueskyProfile fetch(Did did, URI pds) throws AtprotoException {
        fetches.incrementAndGet();
        Object answer = next.get();
        if (answer instanceof AtprotoException failure) {
            throw failure;
        }
        return (BlueskyProfile) answer;
    }

    private void runQueued() {
        List<Runnable> tasks = new ArrayList<>(queued);
        queued.clear();
        tasks.forEach(Runnable::run);
    }

    private static BlueskyProfile profile(String name, boolean avatar) {
        return new BlueskyProfile(Optional.of(name), Optional.empty(),
                avatar ? Optional.of(Avatar.of("bafkreiavatar", PNG)) : Optional.empty(), Optional.of("bafyrecord"),
                List.of());
    }

    private static AtprotoAccount account(String handle, boolean verified) {
        return new AtprotoAccount(USERNAME, DID, Optional.of(handle), verified, Optional.empty(),
                Optional.of("https://pds.example"), EnumSet.noneOf(CredentialType.class), false, START, START, START);
    }

    private final class RecordingPublisher implements ProfilePublisher {
        @Override
        public void publish(AtprotoAccount account, Optional<String> handle, BlueskyProfile profile, boolean avatarChanged) {
            published.add("publish " + handle.orElse("(DID)") + " " + profile.displayName().orElse("-") + " "
                    + (avatarChanged ? "avatar-changed" : "same-avatar"));
        }

        @Override
        public void publishIdentity(AtprotoAccount account, Optional<String> handle, Optional<String> displayName) {
            published.add("identity " + handle.orElse("(DID)") + " " + displayName.orElse("-"));
        }
    }

    private static final class InMemoryProfiles implements ProfileRepository {
        private final Map<String, StoredProfile> rows = new ConcurrentHashMap<>();

        @Override
        public Optional<StoredProfile> find(String did) {
            return Optional.ofNullable(rows.get(did));
        }

        @Override
        public void save(StoredProfile profile) {
            rows.put(profile.did(), profile);
        }
    }

    private static final class InMemoryAccounts implements AccountRepository {
        private final Map<String, AtprotoAccount> rows = new ConcurrentHashMap<>();

        @Override
        public Optional<AtprotoAccount> findByUsername(String username) {
            return Optional.ofNullable(rows.get(username));
        }

        @Override
        public Optional<AtprotoAccount> findByDid(String did) {
            return rows.values().stream().filter(account -> account.did().equals(did)).findFirst();
        }

        @Override
        public void save(AtprotoAccount account) {
            rows.put(account.username(), account);
        }

        @Override
        public int count() {
            return rows.size();
        }

        @Override
        public List<AtprotoAccount> resolvedBefore(Instant before, int limit) {
            return rows.values().stream().filter(account -> account.resolvedAt().isBefore(before)).limit(limit).toList();
        }

        @Override
        public List<String> usernames(int offset, int limit) {
            return rows.keySet().stream().sorted().skip(offset).limit(limit).toList();
        }

        @Override
        public List<AtprotoAccount> search(String query, int offset, int limit) {
            return List.of();
        }

        @Override
        public int countMatching(String query) {
            return 0;
        }
    }
}
