package social.waddle.community;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import social.waddle.atproto.syntax.Did;

/**
 * Who did what to which Waddle, channel or member, and when. {@code actor} is the DID of the person who acted;
 * {@code serverAdmin} the console username of a server admin who acted (see {@link Actor.ServerAdmin}), or the stored
 * form of a {@link Actor.BlueskySync} (it starts with {@value Actor#BLUESKY_SYNC_PREFIX}, never a username); both are empty
 * when the server acted by itself (a ban that expired), and never both present. Entries outlive the Waddle they are
 * about, so {@code waddleSlug} is kept as it was.
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
        Instant at,
        Optional<String> serverAdmin) {

    public AuditEntry {
        Objects.requireNonNull(waddleSlug);
        Objects.requireNonNull(actor);
        Objects.requireNonNull(action);
        Objects.requireNonNull(target);
        Objects.requireNonNull(channel);
        Objects.requireNonNull(detail);
        Objects.requireNonNull(at);
        Objects.requireNonNull(serverAdmin);
        if (actor.isPresent() && serverAdmin.isPresent()) {
            throw new IllegalArgumentException("An audit entry has one actor, not " + actor.get() + " and " + serverAdmin.get());
        }
    }

    /** An entry whose actor, if any, is a person. */
    public AuditEntry(long id, long waddleId, WaddleSlug waddleSlug, Optional<Did> actor, AuditAction action,
                      Optional<Did> target, Optional<ChannelSlug> channel, String detail, Instant at) {
        this(id, waddleId, waddleSlug, actor, action, target, channel, detail, at, Optional.empty());
    }

    /** An entry by {@code actor}, or by the server itself when empty. */
    public static AuditEntry by(long id, long waddleId, WaddleSlug waddleSlug, Optional<Actor> actor, AuditAction action,
                                Optional<Did> target, Optional<ChannelSlug> channel, String detail, Instant at) {
        return new AuditEntry(id, waddleId, waddleSlug, actor.flatMap(Actor::personDid), action, target, channel, detail, at,
                actor.filter(Actor.ServerAdmin.class::isInstance).map(admin -> ((Actor.ServerAdmin) admin).username())
                        .or(() -> actor.filter(Actor.BlueskySync.class::isInstance).map(Actor::stored)));
    }

    /** Who acted; empty when the server did. */
    public Optional<Actor> actedBy() {
        return actor.<Actor>map(Actor::of).or(() -> serverAdmin.map(name -> name.startsWith(Actor.BLUESKY_SYNC_PREFIX)
                ? Actor.parseStored(name) : Actor.serverAdmin(name)));
    }
}
