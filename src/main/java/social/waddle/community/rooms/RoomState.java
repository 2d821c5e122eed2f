package social.waddle.community.rooms;

import java.util.Map;
import java.util.Optional;

/**
 * What a room looks like in the MUC service right now (read with owner and admin queries); {@code nicknames} are the
 * nicknames reserved for members, by bare JID.
 */
public record RoomState(
        String localpart,
        String name,
        String description,
        boolean membersOnly,
        boolean moderated,
        boolean persistent,
        boolean publicRoom,
        Optional<String> subject,
        Map<String, Affiliation> affiliations,
        Map<String, String> nicknames) {

    public RoomState {
        affiliations = Map.copyOf(affiliations);
        nicknames = Map.copyOf(nicknames);
    }

    /** A room whose members have no reserved nicknames. */
    public RoomState(String localpart, String name, String description, boolean membersOnly, boolean moderated,
                     boolean persistent, boolean publicRoom, Optional<String> subject,
                     Map<String, Affiliation> affiliations) {
        this(localpart, name, description, membersOnly, moderated, persistent, publicRoom, subject, affiliations,
                Map.of());
    }
}
