package social.waddle.community;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import social.waddle.atproto.syntax.Did;

/**
 * Who did what to which Waddle, channel or member, and when. {@code actor} is empty when the server acted by itself
 * (a ban that expired). Entries outlive the Waddle they are about, so {@code waddleSlug} is kept as it was.
 */
public record AuditEntry(
        long id,
        long waddleId,
        WaddleSlug waddleSlug,
        Optional<Did> actor,
        AuditAction action,
        Optional<Did> target,
        Optional<ChannelSlug> channel,
        String detail,
        Instant at) {

    public AuditEntry {
        Objects.requireNonNull(waddleSlug);
        Objects.requireNonNull(actor);
        Objects.requireNonNull(action);
        Objects.requireNonNull(target);
        Objects.requireNonNull(channel);
        Objects.requireNonNull(detail);
        Objects.requireNonNull(at);
    }
}
