package social.waddle.community;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import social.waddle.atproto.AtprotoException;
import social.waddle.atproto.identity.JidLocalpart;
import social.waddle.atproto.syntax.Did;

/** Someone who belongs to a Waddle, known by DID; {@code lastSeen} moves when they are seen in one of its rooms. */
public record Member(long waddleId, Did did, Role role, Instant joinedAt, Optional<Instant> lastSeen) {

    public Member {
        Objects.requireNonNull(did);
        Objects.requireNonNull(role);
        Objects.requireNonNull(joinedAt);
        Objects.requireNonNull(lastSeen);
    }

    /** The member's bare JID on {@code xmppDomain}; members are only ever admitted with DIDs that have one. */
    public String jid(String xmppDomain) {
        return bareJid(did, xmppDomain);
    }

    static String bareJid(Did did, String xmppDomain) {
        try {
            return JidLocalpart.toLocalpart(did) + "@" + xmppDomain;
        } catch (AtprotoException e) {
            throw new IllegalStateException(did + " has no JID: " + e.getMessage(), e);
        }
    }

    Member withRole(Role newRole) {
        return new Member(waddleId, did, newRole, joinedAt, lastSeen);
    }
}
