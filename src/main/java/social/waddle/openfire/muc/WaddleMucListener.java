package social.waddle.openfire.muc;

import java.util.Objects;

import org.jivesoftware.openfire.muc.MUCEventListener;
import org.xmpp.packet.JID;
import org.xmpp.packet.Message;

/**
 * Hands the events of the Waddle MUC service's rooms to the {@link RoomMirror}; events of other MUC services are
 * ignored. Runs on Openfire's MUC dispatch thread, so it only filters and queues.
 *
 * <p>Implements the listener of Openfire 4.2.0 and of 5.x at once: 5.x dispatches {@code roomCreated(long, JID)},
 * {@code roomDestroyed(long, JID)} and {@code occupantLeft(JID, JID, String)} where 4.2.0 dispatches the overloads
 * without room id or nickname, and a listener lacking any abstract method of the running version breaks MUC
 * dispatch ({@code AbstractMethodError}). The 5.x-only methods cannot carry {@code @Override} here, as we compile
 * against 4.2.0.
 */
public final class WaddleMucListener implements MUCEventListener {

    private final RoomMirror mirror;
    private final String serviceDomain;

    /** @param serviceDomain the Waddle MUC service's domain, e.g. {@code conference.example.com} */
    public WaddleMucListener(RoomMirror mirror, String serviceDomain) {
        this.mirror = Objects.requireNonNull(mirror);
        this.serviceDomain = Objects.requireNonNull(serviceDomain);
    }

    /** The room's localpart when {@code roomJID} is a room of the Waddle MUC service, else null. */
    private String room(JID roomJID) {
        if (roomJID == null || roomJID.getNode() == null || !serviceDomain.equals(roomJID.getDomain())) {
            return null;
        }
        return roomJID.getNode();
    }

    private static String user(JID user) {
        return user == null ? null : user.toString();
    }

    @Override
    public void roomCreated(JID roomJID) {
        String room = room(roomJID);
        if (room != null) {
            mirror.roomCreated(room);
        }
    }

    public void roomCreated(long roomID, JID roomJID) {
        roomCreated(roomJID);
    }

    @Override
    public void roomDestroyed(JID roomJID) {
        String room = room(roomJID);
        if (room != null) {
            mirror.roomDestroyed(room);
        }
    }

    public void roomDestroyed(long roomID, JID roomJID) {
        roomDestroyed(roomJID);
    }

    /** History is not mirrored: nothing to do. */
    public void roomClearChatHistory(long roomID, JID roomJID) {
    }

    @Override
    public void occupantJoined(JID roomJID, JID user, String nickname) {
        String room = room(roomJID);
        if (room != null) {
            mirror.occupantJoined(room, user(user));
        }
    }

    @Override
    public void occupantLeft(JID roomJID, JID user) {
        String room = room(roomJID);
        if (room != null) {
            mirror.occupantLeft(room, user(user));
        }
    }

    public void occupantLeft(JID roomJID, JID user, String nickname) {
        occupantLeft(roomJID, user);
    }

    /** A kicked nickname is followed by the occupant's own leave event: nothing to do here. */
    public void occupantNickKicked(JID roomJID, String nickname) {
    }

    /** Nicknames are not mirrored. */
    @Override
    public void nicknameChanged(JID roomJID, JID user, String oldNickname, String newNickname) {
    }

    @Override
    public void messageReceived(JID roomJID, JID user, String nickname, Message message) {
        String room = room(roomJID);
        if (room != null) {
            mirror.messageReceived(room, user(user));
        }
    }

    /** Private messages between occupants are theirs: not counted. */
    @Override
    public void privateMessageRecieved(JID toJID, JID fromJID, Message message) {
    }

    @Override
    public void roomSubjectChanged(JID roomJID, JID user, String newSubject) {
        String room = room(roomJID);
        if (room != null) {
            mirror.subjectChanged(room, user(user), newSubject == null ? "" : newSubject);
        }
    }
}
