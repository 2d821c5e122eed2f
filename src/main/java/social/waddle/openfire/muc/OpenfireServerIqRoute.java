package social.waddle.openfire.muc;

import java.time.Duration;
import java.util.Set;

import org.dom4j.Element;
import org.jivesoftware.openfire.IQRouter;
import org.jivesoftware.openfire.XMPPServer;
import org.jivesoftware.openfire.handler.IQHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xmpp.component.IQResultListener;
import org.xmpp.packet.IQ;
import org.xmpp.packet.JID;
import org.xmpp.packet.PacketError;

/**
 * {@link ServerIqRoute} on Openfire (4.2.0 and 5.x alike).
 *
 * <ul>
 *   <li>Most requests: {@code IQRouter.addIQResultListener(id, …)} then {@code IQRouter.route}. Handlers that answer
 *       through the router (PEP's {@code PubSubEngine}, MUC) have the answer handed to the listener.</li>
 *   <li>{@value #PRIVATE} and {@value #DISCO_INFO} to the server or the sender's own account: their handlers return the answer from {@code IQHandler.handleIQ},
 *       and {@code IQHandler.process} delivers it straight to the sender's session, past the router's listeners; for
 *       a request made on a user's behalf that is an error ("Cannot route packet … to bare JID") and no answer. So
 *       the handler registered for the namespace is called directly, on the caller's thread, and its answer handed
 *       over.</li>
 * </ul>
 */
public final class OpenfireServerIqRoute implements ServerIqRoute {

    private static final Logger Log = LoggerFactory.getLogger(OpenfireServerIqRoute.class);

    static final String PRIVATE = "jabber:iq:private";
    static final String DISCO_INFO = "http://jabber.org/protocol/disco#info";
    private static final Set<String> ANSWERED_BY_HANDLER = Set.of(PRIVATE, DISCO_INFO);

    @Override
    public void route(IQ request, IQResultListener answer, Duration timeout) {
        Element child = request.getChildElement();
        String namespace = child == null ? null : child.getNamespaceURI();
        if (ANSWERED_BY_HANDLER.contains(namespace) && toServerOrOwnAccount(request)) {
            answer.receivedAnswer(handle(request, namespace));
            return;
        }
        IQRouter router = XMPPServer.getInstance().getIQRouter();
        router.addIQResultListener(request.getID(), answer, timeout.toMillis());
        router.route(request);
    }

    /** Addressed to this server or to the sender's own account: what those handlers answer for. */
    private static boolean toServerOrOwnAccount(IQ request) {
        JID to = request.getTo();
        return to == null || to.toBareJID().equals(request.getFrom().toBareJID())
                || to.getNode() == null && to.getResource() == null
                && to.getDomain().equals(XMPPServer.getInstance().getServerInfo().getXMPPDomain());
    }

    private static IQ handle(IQ request, String namespace) {
        for (IQHandler handler : XMPPServer.getInstance().getIQHandlers()) {
            if (handler.getInfo() != null && namespace.equals(handler.getInfo().getNamespace())) {
                try {
                    IQ reply = handler.handleIQ(request.createCopy());
                    if (reply != null) {
                        return reply;
                    }
                } catch (Exception e) {
                    Log.debug("{} could not handle {}", handler.getClass().getName(), request.toXML(), e);
                    return error(request, PacketError.Condition.internal_server_error);
                }
            }
        }
        return error(request, PacketError.Condition.service_unavailable);
    }

    private static IQ error(IQ request, PacketError.Condition condition) {
        IQ error = IQ.createResultIQ(request);
        error.setError(condition);
        return error;
    }
}
