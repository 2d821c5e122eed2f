package social.waddle.compat.traps;

import org.jivesoftware.openfire.muc.MUCRoom;

/** Calls a method on a room object: invokeinterface in 4.2.0, but MUCRoom is a class in 5.x. */
public final class MucRoomNameReader {

    public String nameOf(MUCRoom room) {
        return room.getName();
    }
}
