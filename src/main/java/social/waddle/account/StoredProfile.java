package social.waddle.account;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What is known of one account's Bluesky profile: what was last read from its PDS and published to XMPP, and how
 * fetching it went. A failed fetch changes only the bookkeeping ({@code attemptedAt}, {@code failures},
 * {@code nextAttempt}, {@code lastError}): the last profile read stays what is shown.
 *
 * @param publishedHandle the handle last written into the vCard and nickname, to tell when a handle change must be
 *                        published; empty when the account had no verified handle then
 */
public record StoredProfile(
        String did,
        Optional<String> displayName,
        Optional<String> avatarCid,
        Optional<String> avatarType,
        Optional<String> avatarSha1,
        int avatarSize,
        Optional<String> recordCid,
        Optional<String> publishedHandle,
        Optional<Instant> publishedAt,
        Optional<Instant> fetchedAt,
        Optional<Instant> attemptedAt,
        int failures,
        Optional<Instant> nextAttempt,
        Optional<String> lastError) {

    public StoredProfile {
        Objects.requireNonNull(did);
        Objects.requireNonNull(displayName);
        Objects.requireNonNull(avatarCid);
        Objects.requireNonNull(avatarType);
        Objects.requireNonNull(avatarSha1);
        Objects.requireNonNull(recordCid);
        Objects.requireNonNull(publishedHandle);
        Objects.requireNonNull(publishedAt);
        Objects.requireNonNull(fetchedAt);
        Objects.requireNonNull(attemptedAt);
        Objects.requireNonNull(nextAttempt);
        Objects.requireNonNull(lastError);
    }

    /** Nothing fetched yet. */
    public static StoredProfile unknown(String did) {
        return new StoredProfile(did, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), 0,
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), 0,
                Optional.empty(), Optional.empty());
    }

    public boolean hasAvatar() {
        return avatarSha1.isPresent();
    }

    /** A failed attempt: the profile stays, the bookkeeping records when to try again and why it failed. */
    public StoredProfile failed(Instant at, Instant next, String error) {
        return new StoredProfile(did, displayName, avatarCid, avatarType, avatarSha1, avatarSize, recordCid,
                publishedHandle, publishedAt, fetchedAt, Optional.of(at), failures + 1, Optional.of(next),
                Optional.of(error));
    }
}
