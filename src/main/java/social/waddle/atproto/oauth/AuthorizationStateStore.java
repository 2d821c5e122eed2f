package social.waddle.atproto.oauth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;

import social.waddle.atproto.oauth.OAuthException.Reason;

/**
 * Sign-ins in progress, keyed by their {@code state}: each can be taken exactly once, and only before it expires
 * (RFC 6749 §10.12 and https://atproto.com/specs/oauth: the state binds the callback to the PAR that issued it).
 * A taken or expired state is remembered (as a SHA-256 hash, until twice the lifetime has passed) so that a replay
 * is reported as a replay and not as a forgery. At most {@code maxPending} sign-ins wait at once, so strangers
 * cannot fill the memory by starting sign-ins they never finish.
 *
 * <p>In memory and for one server: a cluster needs sticky sessions for the callback, or a shared store.
 */
public final class AuthorizationStateStore {

    public static final Duration DEFAULT_LIFETIME = Duration.ofMinutes(10);
    public static final int DEFAULT_MAX_PENDING = 10_000;

    private enum Spent {
        USED, EXPIRED
    }

    private record Tombstone(Spent how, Instant forgetAt) {
    }

    private final Clock clock;
    private final Duration lifetime;
    private final int maxPending;
    private final Map<String, PendingAuthorization> pending = new HashMap<>();
    private final Map<String, Tombstone> spent = new HashMap<>();

    public AuthorizationStateStore(Clock clock, Duration lifetime, int maxPending) {
        this.clock = Objects.requireNonNull(clock);
        if (lifetime.isNegative() || lifetime.isZero()) {
            throw new IllegalArgumentException("The sign-in lifetime must be positive, got " + lifetime + ".");
        }
        if (maxPending < 1) {
            throw new IllegalArgumentException("At least one pending sign-in must be allowed, got " + maxPending + ".");
        }
        this.lifetime = lifetime;
        this.maxPending = maxPending;
    }

    public Duration lifetime() {
        return lifetime;
    }

    /** When a sign-in started now must be completed by. */
    public Instant expiryFor(Instant createdAt) {
        return createdAt.plus(lifetime);
    }

    public synchronized void put(PendingAuthorization authorization) throws OAuthException {
        purge();
        if (pending.size() >= maxPending) {
            throw new OAuthException(Reason.TOO_MANY_PENDING, "Too many sign-ins are in progress (" + maxPending
                    + "); try again in a few minutes.");
        }
        if (pending.putIfAbsent(authorization.state(), authorization) != null) {
            throw new IllegalStateException("A state value was issued twice");
        }
    }

    /**
     * Removes and returns the sign-in of this state: a second call with the same state fails as a replay.
     *
     * @throws OAuthException {@code UNKNOWN_STATE}, {@code REPLAYED_STATE} or {@code EXPIRED_STATE}
     */
    public synchronized PendingAuthorization take(String state) throws OAuthException {
        if (state == null || state.isEmpty()) {
            throw new OAuthException(Reason.UNKNOWN_STATE, "The sign-in answer carries no state: it was not started"
                    + " here. Start the sign-in again.");
        }
        Instant now = clock.instant();
        PendingAuthorization found = pending.remove(state);
        String hash = hash(state);
        if (found == null) {
            purge();
            Tombstone tombstone = spent.get(hash);
            if (tombstone != null && tombstone.how() == Spent.USED) {
                throw new OAuthException(Reason.REPLAYED_STATE, "This sign-in answer was already used once; a state"
                        + " is good for one sign-in only. Start the sign-in again.");
            }
            if (tombstone != null) {
                throw new OAuthException(Reason.EXPIRED_STATE, "This sign-in took longer than " + lifetime.toMinutes()
                        + " minutes and expired. Start the sign-in again.");
            }
            throw new OAuthException(Reason.UNKNOWN_STATE, "This sign-in answer does not belong to a sign-in started"
                    + " here (unknown state). Start the sign-in again.");
        }
        spent.put(hash, new Tombstone(Spent.USED, now.plus(lifetime.multipliedBy(2))));
        if (!now.isBefore(found.expiresAt())) {
            purge();
            throw new OAuthException(Reason.EXPIRED_STATE, "This sign-in took longer than " + lifetime.toMinutes()
                    + " minutes and expired. Start the sign-in again.");
        }
        purge();
        return found;
    }

    public synchronized int pendingCount() {
        purge();
        return pending.size();
    }

    private void purge() {
        Instant now = clock.instant();
        for (Iterator<PendingAuthorization> it = pending.values().iterator(); it.hasNext(); ) {
            PendingAuthorization authorization = it.next();
            if (!now.isBefore(authorization.expiresAt())) {
                it.remove();
                spent.put(hash(authorization.state()), new Tombstone(Spent.EXPIRED, now.plus(lifetime)));
            }
        }
        spent.values().removeIf(tombstone -> !now.isBefore(tombstone.forgetAt()));
    }

    private static String hash(String state) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(state.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from the JDK", e);
        }
    }
}
