package social.waddle.community.rooms;

import java.util.Map;
import java.util.Objects;

/**
 * The state a channel's room must have. {@code affiliations} maps bare JIDs to their affiliation; JIDs not listed
 * must have none (except the service's own system admins). Config fields map to the XEP-0045 §15.5.3 room
 * configuration form ({@code muc#roomconfig_*}). {@code nicknames} maps members' bare JIDs to the nickname reserved
 * for them in the room (XEP-0045 §7.12, §9.3: the {@code nick} of their member item); members not listed there have
 * none. {@code subject} is the room's subject (XEP-0045 §8.1) when not empty; an empty one leaves whatever subject
 * the room has.
 */
public record RoomSpec(
        String localpart,
        String name,
        String description,
        boolean membersOnly,
        boolean moderated,
        boolean persistent,
        boolean publicRoom,
        Map<String, Affiliation> affiliations,
        Map<String, String> nicknames,
        String subject) {

    public RoomSpec {
        Objects.requireNonNull(localpart);
        Objects.requireNonNull(name);
        Objects.requireNonNull(description);
        affiliations = Map.copyOf(affiliations);
        nicknames = Map.copyOf(nicknames);
        Objects.requireNonNull(subject);
    }

    /** A spec that reserves no nicknames and leaves the room's subject alone. */
    public RoomSpec(String localpart, String name, String description, boolean membersOnly, boolean moderated,
                    boolean persistent, boolean publicRoom, Map<String, Affiliation> affiliations) {
        this(localpart, name, description, membersOnly, moderated, persistent, publicRoom, affiliations, Map.of(), "");
    }

    /** A spec that reserves no nicknames. */
    public RoomSpec(String localpart, String name, String description, boolean membersOnly, boolean moderated,
                    boolean persistent, boolean publicRoom, Map<String, Affiliation> affiliations, String subject) {
        this(localpart, name, description, membersOnly, moderated, persistent, publicRoom, affiliations, Map.of(),
                subject);
    }

    /** A spec that leaves the room's subject alone. */
    public RoomSpec(String localpart, String name, String description, boolean membersOnly, boolean moderated,
                    boolean persistent, boolean publicRoom, Map<String, Affiliation> affiliations,
                    Map<String, String> nicknames) {
        this(localpart, name, description, membersOnly, moderated, persistent, publicRoom, affiliations, nicknames, "");
    }
}
