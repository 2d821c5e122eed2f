package social.waddle.community.rooms;

/** The MUC service refused or did not answer; the message names the room and the XMPP error. */
public final class RoomGatewayException extends Exception {

    public RoomGatewayException(String message) {
        super(message);
    }

    public RoomGatewayException(String message, Throwable cause) {
        super(message, cause);
    }
}
