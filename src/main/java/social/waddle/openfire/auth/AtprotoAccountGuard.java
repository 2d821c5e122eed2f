package social.waddle.openfire.auth;

import org.dom4j.Element;
import org.jivesoftware.openfire.XMPPServer;
import org.jivesoftware.openfire.interceptor.PacketInterceptor;
import org.jivesoftware.openfire.interceptor.PacketRejectedException;
import org.jivesoftware.openfire.session.Session;
import org.xmpp.packet.IQ;
import org.xmpp.packet.JID;
import org.xmpp.packet.Packet;

/**
 * Refuses in-band registration changes (XEP-0077 password change, account removal) that an ATProto user sends to
 * this server, before Openfire's handler sees them; Openfire answers {@code not-allowed}.
 *
 * <p>The providers alone cannot keep such accounts intact: Openfire's {@code UserManager.deleteUser} tells every
 * listener the user is being deleted (roster, vCard, private storage, groups are wiped) before it asks the user
 * provider, which then refuses. An ATProto account is managed at its PDS, so nothing here may change or remove it.
 * See https://xmpp.org/extensions/xep-0077.html#usecases-cancel.
 *
 * <p>Their own vCard (XEP-0054 §3.2 update) is refused too: it is written by the server from the Bluesky profile,
 * which is where the user changes their name and avatar.
 */
public final class AtprotoAccountGuard implements PacketInterceptor {

    static final String REGISTER_NAMESPACE = "jabber:iq:register";
    static final String VCARD_NAMESPACE = "vcard-temp";

    @Override
    public void interceptPacket(Packet packet, Session session, boolean incoming, boolean processed)
            throws PacketRejectedException {
        if (!incoming || processed || session == null || !(packet instanceof IQ)) {
            return;
        }
        IQ iq = (IQ) packet;
        Element child = iq.getChildElement();
        if (iq.getType() != IQ.Type.set || child == null) {
            return;
        }
        JID sender = session.getAddress();
        String username = sender == null ? null : sender.getNode();
        boolean registration = REGISTER_NAMESPACE.equals(child.getNamespaceURI()) && addressedToThisServer(iq.getTo());
        boolean ownVCard = VCARD_NAMESPACE.equals(child.getNamespaceURI())
                && (iq.getTo() == null || sender != null && iq.getTo().toBareJID().equals(sender.toBareJID()));
        if ((registration || ownVCard) && username != null && WaddleAuthProvider.isAtprotoAccount(username)) {
            throw new PacketRejectedException("ATProto account " + username + " is managed at its PDS; "
                    + (registration ? "in-band registration changes are refused" : "its vCard comes from its Bluesky profile"));
        }
    }

    /** Registration with the server itself, not with a room or another service (which use the same namespace). */
    private static boolean addressedToThisServer(JID to) {
        if (to == null) {
            return true;
        }
        XMPPServer server = XMPPServer.getInstance();
        return to.getNode() == null && to.getResource() == null && server != null
                && to.getDomain().equals(server.getServerInfo().getXMPPDomain());
    }
}
