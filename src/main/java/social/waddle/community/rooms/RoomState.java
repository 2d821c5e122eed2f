package social.waddle.community.rooms;

import java.util.Map;
import java.util.Optional;

/** What a room looks like in the MUC service right now (read with owner and admin queries). */
public record RoomState(
        String localpart,
        String name,
        String description,
        boolean membersOnly,
        boolean moderated,
        boolean persistent,
        boolean publicRoom,
        Optional<String> subject,
        Map<String, Affiliation> affiliations) {

    public RoomState {
        affiliations = Map.copyOf(affiliations);
    }
}
