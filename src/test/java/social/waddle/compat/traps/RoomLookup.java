package social.waddle.compat.traps;

import org.jivesoftware.openfire.XMPPServer;
import org.jivesoftware.openfire.muc.MultiUserChatService;
import org.jivesoftware.util.JiveGlobals;

/**
 * Control: API that links on both versions, though {@code getChatRoom} returns a {@code MUCRoom} (a descriptor
 * mention is not a use of the room object).
 */
public final class RoomLookup {

    public boolean roomExists(String service, String room) {
        MultiUserChatService chat = XMPPServer.getInstance().getMultiUserChatManager()
                .getMultiUserChatService(service);
        return chat != null && chat.getChatRoom(room) != null
                && JiveGlobals.getBooleanProperty("xmpp.muc.enabled", true);
    }
}
