package social.waddle.compat.traps;

import org.jivesoftware.openfire.muc.MUCEventListener;
import org.xmpp.packet.JID;
import org.xmpp.packet.Message;

/** Control: the 4.2.0 methods plus, without {@code @Override}, the ones 5.1.1 added. Links on both. */
public final class CompleteMucListener implements MUCEventListener {

    @Override
    public void roomCreated(JID roomJID) {
    }

    public void roomCreated(long roomID, JID roomJID) {
    }

    @Override
    public void roomDestroyed(JID roomJID) {
    }

    public void roomDestroyed(long roomID, JID roomJID) {
    }

    public void roomClearChatHistory(long roomID, JID roomJID) {
    }

    @Override
    public void occupantJoined(JID roomJID, JID user, String nickname) {
    }

    @Override
    public void occupantLeft(JID roomJID, JID user) {
    }

    public void occupantLeft(JID roomJID, JID user, String nickname) {
    }

    public void occupantNickKicked(JID roomJID, String nickname) {
    }

    @Override
    public void nicknameChanged(JID roomJID, JID user, String oldNickname, String newNickname) {
    }

    @Override
    public void messageReceived(JID roomJID, JID user, String nickname, Message message) {
    }

    @Override
    public void privateMessageRecieved(JID toJID, JID fromJID, Message message) {
    }

    @Override
    public void roomSubjectChanged(JID roomJID, JID user, String newSubject) {
    }
}
