package social.waddle.community.rooms;

import java.util.Optional;
import java.util.Set;

/**
 * Reads and changes rooms of the Waddle MUC service. Every method is idempotent and checks the service's answer;
 * a refusal or a missing answer is a {@link RoomGatewayException} naming the room and what the service said.
 */
public interface RoomGateway {

    /** The bare JID of a room in the Waddle MUC service, e.g. {@code general~my-waddle@conference.example.com}. */
    String roomJid(String localpart);

    /** Localparts of every room of the service. */
    Set<String> rooms() throws RoomGatewayException;

    Optional<RoomState> read(String localpart) throws RoomGatewayException;

    /**
     * Creates the room if it does not exist, then brings its configuration and affiliations to {@code spec},
     * changing only what differs.
     *
     * @return what was changed, in words for reports ("created", "set name", "alice@x: none → member"); empty if nothing
     */
    java.util.List<String> apply(RoomSpec spec) throws RoomGatewayException;

    /** Destroys the room (XEP-0045 §10.9); does nothing if it does not exist. */
    void destroy(String localpart, String reason) throws RoomGatewayException;
}
