package social.waddle.profile;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import social.waddle.account.AccountRepository;
import social.waddle.account.AtprotoAccount;
import social.waddle.account.ProfileRepository;
import social.waddle.account.StoredProfile;
import social.waddle.atproto.AtprotoException;
import social.waddle.atproto.profile.Avatar;
import social.waddle.atproto.profile.BlueskyProfile;
import social.waddle.atproto.syntax.Did;

/**
 * Keeps each ATProto account's Bluesky profile published to XMPP, never in the way of a login.
 *
 * <ul>
 *   <li>A session start ({@link #userOnline}) only looks at what is stored (and, once that is known to be fresh, at
 *       memory): a profile never fetched, older than the refresh interval, or published under another handle is
 *       fetched on the sync thread; the login does not wait for it.</li>
 *   <li>A failed fetch (PDS down, slow, garbage, budget spent) leaves the last profile in place (or, when none was
 *       ever published, publishes the handle alone) and backs off exponentially ({@link Options#backoffBase} doubling up to {@link Options#backoffMax}).</li>
 *   <li>{@link #refresh} (the console) and {@link #handleChanged} (re-resolution) fetch at once, back-off or not.</li>
 *   <li>Only what changed is published again: an unchanged avatar is not re-sent to PEP.</li>
 * </ul>
 */
public final class ProfileSync {

    private static final Logger Log = LoggerFactory.getLogger(ProfileSync.class);

    /** Entries of the in-memory "fresh until" map before it is cleared (a bound, not a cache policy). */
    static final int MAX_REMEMBERED = 100_000;

    /** The settings the sync reads each time. */
    public record Options(boolean enabled, Duration refreshAfter, Duration backoffBase, Duration backoffMax) {
    }

    /** What one sync did. */
    public enum Outcome { PUBLISHED, UNCHANGED, FAILED, SKIPPED }

    private final AccountRepository accounts;
    private final ProfileRepository profiles;
    private final ProfileSource fetcher;
    private final ProfilePublisher publisher;
    private final Executor executor;
    private final Clock clock;
    private final Supplier<Options> options;
    private final Set<String> queued = ConcurrentHashMap.newKeySet();
    private final Map<String, Instant> freshUntil = new ConcurrentHashMap<>();

    public ProfileSync(AccountRepository accounts, ProfileRepository profiles, ProfileSource fetcher,
                       ProfilePublisher publisher, Executor executor, Clock clock, Supplier<Options> options) {
        this.accounts = Objects.requireNonNull(accounts);
        this.profiles = Objects.requireNonNull(profiles);
        this.fetcher = Objects.requireNonNull(fetcher);
        this.publisher = Objects.requireNonNull(publisher);
        this.executor = Objects.requireNonNull(executor);
        this.clock = Objects.requireNonNull(clock);
        this.options = Objects.requireNonNull(options);
    }

    /** A session of {@code username} started: queues a fetch when the profile is due; returns at once. */
    public void userOnline(String username) {
        Options current = options.get();
        if (!current.enabled()) {
            return;
        }
        Instant now = clock.instant();
        Instant fresh = freshUntil.get(username);
        if (fresh != null && now.isBefore(fresh)) {
            return;
        }
        try {
            Optional<AtprotoAccount> account = accounts.findByUsername(username);
            if (account.isEmpty()) {
                return;
            }
            StoredProfile stored = profiles.find(account.get().did()).orElse(null);
            if (stored != null && !due(account.get(), stored, now, current)) {
                remember(username, stored, current);
                return;
            }
            queue(account.get().did(), false);
        } catch (RuntimeException e) {
            Log.warn("Could not look at the stored profile of {}; it is looked at again at the next login", username, e);
        }
    }

    /** Fetches and publishes the profile of {@code did} on the sync thread, back-off or not; false if already queued. */
    public boolean refresh(String did) {
        return queue(did, true);
    }

    /** The account's handle changed or stopped verifying: publish names again, on the sync thread. */
    public void handleChanged(String did) {
        queue(did, true);
    }

    public Optional<StoredProfile> profile(String did) {
        return profiles.find(did);
    }

    private boolean queue(String did, boolean force) {
        if (!queued.add(did)) {
            return false;
        }
        try {
            executor.execute(() -> {
                queued.remove(did);
                try {
                    syncNow(did, force);
                } catch (RuntimeException e) {
                    Log.warn("Profile sync of {} failed", did, e);
                }
            });
            return true;
        } catch (RejectedExecutionException e) {
            queued.remove(did);
            Log.debug("Profile sync of {} after the plugin stopped; ignored", did);
            return false;
        }
    }

    /** One sync of {@code did} in the calling thread. */
    public Outcome syncNow(String did, boolean force) {
        Optional<AtprotoAccount> found = accounts.findByDid(did);
        if (found.isEmpty()) {
            return Outcome.SKIPPED;
        }
        AtprotoAccount account = found.get();
        Options current = options.get();
        Instant now = clock.instant();
        StoredProfile stored = profiles.find(did).orElse(StoredProfile.unknown(did));
        if (!force && stored.nextAttempt().isPresent() && now.isBefore(stored.nextAttempt().get())) {
            return Outcome.SKIPPED;
        }
        Optional<String> handle = shownHandle(account);
        BlueskyProfile profile;
        try {
            if (account.pdsUrl().isEmpty()) {
                throw new AtprotoException(AtprotoException.Failure.NOT_FOUND, did + " has no known PDS yet");
            }
            profile = fetcher.fetch(Did.parse(did), URI.create(account.pdsUrl().get()));
        } catch (AtprotoException | RuntimeException e) {
            return failed(account, stored, handle, now, current, "reading the profile failed: " + e.getMessage());
        }
        Optional<String> sha1 = profile.avatar().map(Avatar::sha1);
        boolean avatarChanged = !sha1.equals(stored.avatarSha1()) || stored.publishedAt().isEmpty();
        boolean changed = force || avatarChanged || stored.publishedAt().isEmpty()
                || !profile.displayName().equals(stored.displayName()) || !handle.equals(stored.publishedHandle());
        if (changed) {
            try {
                publisher.publish(account, handle, profile, avatarChanged);
            } catch (Exception e) {
                return failed(account, stored, handle, now, current, "publishing the profile failed: " + e.getMessage());
            }
        }
        Optional<String> problems = profile.problems().isEmpty() ? Optional.empty()
                : Optional.of(String.join("; ", profile.problems()));
        StoredProfile fresh = new StoredProfile(did, profile.displayName(),
                profile.avatar().map(Avatar::cid), profile.avatar().map(avatar -> avatar.type().mediaType()), sha1,
                profile.avatar().map(Avatar::size).orElse(0), profile.recordCid(), handle,
                changed ? Optional.of(now) : stored.publishedAt(), Optional.of(now), Optional.of(now), 0,
                Optional.empty(), problems);
        profiles.save(fresh);
        if (!profile.displayName().equals(account.displayName())) {
            accounts.save(new AtprotoAccount(account.username(), account.did(), account.handle(),
                    account.handleVerified(), profile.displayName(), account.pdsUrl(), account.credentialTypes(),
                    account.loginBlocked(), account.firstSeen(), account.lastSeen(), account.resolvedAt()));
        }
        remember(account.username(), fresh, current);
        if (problems.isPresent()) {
            Log.warn("Profile of {} ({}) read with parts left out: {}", did, account.username(), problems.get());
        }
        if (profile.recordCid().isEmpty() && profile.problems().isEmpty()) {
            Log.info("Profile of {} ({}): its PDS has no app.bsky.actor.profile record 'self'; shown by {}", did,
                    account.username(), handle.isPresent() ? "handle" : "DID");
        }
        Log.debug("Profile of {} {}", did, changed ? "published" : "unchanged");
        return changed ? Outcome.PUBLISHED : Outcome.UNCHANGED;
    }

    private Outcome failed(AtprotoAccount account, StoredProfile stored, Optional<String> handle, Instant now,
                           Options current, String error) {
        Instant next = now.plus(backoff(stored.failures() + 1, current));
        StoredProfile after = stored.failed(now, next, error);
        if (stored.publishedAt().isEmpty()) {
            // Nothing was ever published: clients get a plain vCard and nick with the handle rather than none. The
            // profile stays unpublished, so the next fetch that works publishes all of it.
            try {
                publisher.publishIdentity(account, handle, Optional.empty());
            } catch (Exception e) {
                Log.warn("Could not publish the handle of {}", account.did(), e);
            }
        } else if (!handle.equals(stored.publishedHandle())) {
            // The handle changed but the PDS cannot be read: names follow the handle, the rest stays as it was.
            try {
                publisher.publishIdentity(account, handle, stored.displayName());
                after = new StoredProfile(after.did(), after.displayName(), after.avatarCid(), after.avatarType(),
                        after.avatarSha1(), after.avatarSize(), after.recordCid(), handle, Optional.of(now),
                        after.fetchedAt(), after.attemptedAt(), after.failures(), after.nextAttempt(), after.lastError());
            } catch (Exception e) {
                Log.warn("Could not publish the new handle of {}", account.did(), e);
            }
        }
        profiles.save(after);
        freshUntil.remove(account.username());
        Log.info("Profile of {} ({}) not refreshed, the last one stays: {}; next try after {}", account.did(),
                account.username(), error, next);
        return Outcome.FAILED;
    }

    /** Due when never published, older than the refresh interval, published under another handle, or a retry is due. */
    private boolean due(AtprotoAccount account, StoredProfile stored, Instant now, Options current) {
        if (stored.nextAttempt().isPresent()) {
            return !now.isBefore(stored.nextAttempt().get());
        }
        if (stored.fetchedAt().isEmpty() || stored.publishedAt().isEmpty()) {
            return true;
        }
        if (!shownHandle(account).equals(stored.publishedHandle())) {
            return true;
        }
        return !now.isBefore(stored.fetchedAt().get().plus(current.refreshAfter()));
    }

    private void remember(String username, StoredProfile stored, Options current) {
        if (stored.fetchedAt().isEmpty() || stored.nextAttempt().isPresent()) {
            return;
        }
        if (freshUntil.size() >= MAX_REMEMBERED) {
            freshUntil.clear();
        }
        // A handle change reaches the account row first and is picked up by the re-resolution, which calls
        // handleChanged; until then a remembered account is not looked at again.
        freshUntil.put(username, stored.fetchedAt().get().plus(current.refreshAfter()));
    }

    static Duration backoff(int failures, Options options) {
        Duration delay = options.backoffBase();
        for (int i = 1; i < failures && delay.compareTo(options.backoffMax()) < 0; i++) {
            delay = delay.multipliedBy(2);
        }
        return delay.compareTo(options.backoffMax()) > 0 ? options.backoffMax() : delay;
    }

    /** The handle shown for the account: its handle when it verifies both ways, else none (the DID is shown). */
    public static Optional<String> shownHandle(AtprotoAccount account) {
        return account.handleVerified() ? account.handle() : Optional.empty();
    }
}
