package social.waddle.community;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import social.waddle.atproto.syntax.Did;

/** {@code did} may not be in the Waddle until {@code expiresAt}, or ever when there is no expiry. */
public record Ban(long waddleId, Did did, String reason, Actor bannedBy, Instant bannedAt, Optional<Instant> expiresAt) {

    /** A ban made by a person. */
    public Ban(long waddleId, Did did, String reason, Did bannedBy, Instant bannedAt, Optional<Instant> expiresAt) {
        this(waddleId, did, reason, Actor.of(bannedBy), bannedAt, expiresAt);
    }

    public Ban {
        Objects.requireNonNull(did);
        Objects.requireNonNull(reason);
        Objects.requireNonNull(bannedBy);
        Objects.requireNonNull(bannedAt);
        Objects.requireNonNull(expiresAt);
    }

    /** Whether the ban still holds at {@code now}; it ends at the instant it expires. */
    public boolean activeAt(Instant now) {
        return expiresAt.isEmpty() || now.isBefore(expiresAt.get());
    }
}
