package social.waddle.account;

import java.time.Instant;
import java.util.List;

/**
 * Invite links a person opened while signed in on the public pages and has not used yet, so their home page can list
 * them. A person keeps at most {@link #MAX_PER_PERSON}: opening another one forgets the oldest.
 */
public interface PendingInviteRepository {

    int MAX_PER_PERSON = 20;

    record PendingInvite(String did, String code, Instant openedAt) {
    }

    /** Records that {@code did} opened the invite (again: only the time changes), then trims to the newest ones. */
    void remember(String did, String code, Instant openedAt);

    /** The newest first. */
    List<PendingInvite> of(String did);

    void forget(String did, String code);
}
