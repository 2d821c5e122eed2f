package social.waddle.community;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Which audit entries of all Waddles to read: those of one Waddle (by slug, so entries of deleted Waddles are found
 * too), by one actor, of one action, at or after {@code from} and before {@code until}. Empty parts do not filter.
 */
public record AuditQuery(Optional<WaddleSlug> waddle, Optional<Actor> actor, Optional<AuditAction> action,
                         Optional<Instant> from, Optional<Instant> until) {

    public AuditQuery {
        Objects.requireNonNull(waddle);
        Objects.requireNonNull(actor);
        Objects.requireNonNull(action);
        Objects.requireNonNull(from);
        Objects.requireNonNull(until);
    }

    public static AuditQuery all() {
        return new AuditQuery(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }

    public AuditQuery withWaddle(WaddleSlug slug) {
        return new AuditQuery(Optional.of(slug), actor, action, from, until);
    }

    public AuditQuery withActor(Actor who) {
        return new AuditQuery(waddle, Optional.of(who), action, from, until);
    }

    public AuditQuery withAction(AuditAction what) {
        return new AuditQuery(waddle, actor, Optional.of(what), from, until);
    }

    /** Entries at or after {@code start} and before {@code end}. */
    public AuditQuery between(Optional<Instant> start, Optional<Instant> end) {
        return new AuditQuery(waddle, actor, action, start, end);
    }
}
