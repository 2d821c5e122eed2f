package social.waddle.community;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import social.waddle.atproto.syntax.Did;

/** A code that lets people join a Waddle, until it expires or has been used {@code maxUses} times. */
public record Invite(
        String code,
        long waddleId,
        Actor createdBy,
        Instant createdAt,
        Optional<Instant> expiresAt,
        OptionalInt maxUses,
        int uses) {

    /** An invite made by a person. */
    public Invite(String code, long waddleId, Did createdBy, Instant createdAt, Optional<Instant> expiresAt,
                  OptionalInt maxUses, int uses) {
        this(code, waddleId, Actor.of(createdBy), createdAt, expiresAt, maxUses, uses);
    }

    public Invite {
        Objects.requireNonNull(code);
        Objects.requireNonNull(createdBy);
        Objects.requireNonNull(createdAt);
        Objects.requireNonNull(expiresAt);
        Objects.requireNonNull(maxUses);
    }

    public boolean expiredAt(Instant now) {
        return expiresAt.isPresent() && !now.isBefore(expiresAt.get());
    }

    public boolean usedUp() {
        return maxUses.isPresent() && uses >= maxUses.getAsInt();
    }
}
