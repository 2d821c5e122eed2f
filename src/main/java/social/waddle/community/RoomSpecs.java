package social.waddle.community;

import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import social.waddle.atproto.syntax.Did;
import social.waddle.community.rooms.Affiliation;
import social.waddle.community.rooms.RoomSpec;

/**
 * The room a channel needs (XEP-0045 §10.2 configuration, §9–10 affiliations), from its Waddle, members and bans.
 *
 * <ul>
 *   <li>Name {@code <Waddle name> · <channel name>}; description the channel's topic, or the Waddle's description
 *       when the channel has none.</li>
 *   <li>Subject the channel's topic (XEP-0045 §8.1), when it has one; a channel without a topic leaves the room's
 *       subject alone.</li>
 *   <li>Persistent always; members-only unless the Waddle is public; listed in the room directory unless the Waddle
 *       is private; moderated for announcement channels.</li>
 *   <li>Affiliations: owner → owner, admin and moderator → admin, member → member, banned → outcast (a ban that holds
 *       at {@code now} wins over any membership); everyone else → none, by not being listed.</li>
 *   <li>Reserved nicknames: each member (affiliation member) gets their handle reserved in the room while it
 *       verifies, else their JID's localpart, so they enter under it and nobody else can take it (XEP-0045 §7.12;
 *       Openfire also restricts their entry to it, see the room configuration, and refuses members without one
 *       there). Owners and admins cannot have one: Openfire keeps reserved nicknames for members only.</li>
 * </ul>
 */
public final class RoomSpecs {

    private RoomSpecs() {
    }

    /**
     * @param xmppDomain the server's XMPP domain, where members' JIDs live (not the MUC service's subdomain)
     */
    public static RoomSpec of(Waddle waddle, Channel channel, Collection<Member> members, Collection<Ban> bans,
                              String xmppDomain, Instant now) {
        return of(waddle, channel, members, bans, xmppDomain, now, did -> Optional.empty());
    }

    /** @param nicknames the verified handle of a member, reserved as their nickname */
    public static RoomSpec of(Waddle waddle, Channel channel, Collection<Member> members, Collection<Ban> bans,
                              String xmppDomain, Instant now, Function<Did, Optional<String>> nicknames) {
        if (channel.waddleId() != waddle.id()) {
            throw new IllegalArgumentException("channel " + channel.slug() + " belongs to Waddle " + channel.waddleId()
                    + ", not to " + waddle.slug());
        }
        Map<String, Affiliation> affiliations = new HashMap<>();
        for (Member member : members) {
            if (member.waddleId() == waddle.id()) {
                affiliations.put(member.jid(xmppDomain), affiliation(member.role()));
            }
        }
        for (Ban ban : bans) {
            if (ban.waddleId() == waddle.id() && ban.activeAt(now)) {
                affiliations.put(Member.bareJid(ban.did(), xmppDomain), Affiliation.OUTCAST);
            }
        }
        Map<String, String> reserved = new HashMap<>();
        for (Member member : members) {
            String jid = member.jid(xmppDomain);
            if (member.waddleId() == waddle.id() && affiliations.get(jid) == Affiliation.MEMBER) {
                // Openfire refuses members without a nickname in rooms restricted to reserved nicknames.
                reserved.put(jid, nicknames.apply(member.did()).orElse(jid.substring(0, jid.indexOf('@'))));
            }
        }
        return new RoomSpec(
                RoomNames.localpart(waddle.slug(), channel.slug()),
                waddle.name() + " · " + channel.name(),
                channel.topic().isEmpty() ? waddle.description() : channel.topic(),
                waddle.visibility() != Visibility.PUBLIC,
                channel.kind() == ChannelKind.ANNOUNCEMENT,
                true,
                waddle.visibility() != Visibility.PRIVATE,
                affiliations,
                reserved,
                channel.topic());
    }

    public static Affiliation affiliation(Role role) {
        return switch (role) {
            case OWNER -> Affiliation.OWNER;
            case ADMIN, MODERATOR -> Affiliation.ADMIN;
            case MEMBER -> Affiliation.MEMBER;
        };
    }
}
