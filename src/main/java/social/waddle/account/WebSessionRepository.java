package social.waddle.account;

import java.time.Instant;
import java.util.Optional;

/**
 * Web sessions of the public pages, stored by the SHA-256 of their cookie token (never the token). Shared by every
 * node of a cluster and kept over restarts when stored in Openfire's database.
 */
public interface WebSessionRepository {

    /** One stored session. {@code handle} is the one verified at sign-in, if any. */
    record WebSessionRow(String tokenHash, String did, Optional<String> handle, Instant createdAt, Instant expiresAt,
                         String address) {
    }

    void insert(WebSessionRow row);

    Optional<WebSessionRow> find(String tokenHash);

    /** @return whether a row was deleted */
    boolean delete(String tokenHash);

    /** @return how many rows were deleted */
    int deleteAllOf(String did);

    /** Deletes sessions that ended before {@code now}; returns how many. */
    int deleteExpired(Instant now);
}
