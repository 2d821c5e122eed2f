package social.waddle.openfire;

import org.dom4j.Element;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xmpp.component.Component;
import org.xmpp.component.ComponentException;
import org.xmpp.component.ComponentManager;
import org.xmpp.packet.IQ;
import org.xmpp.packet.JID;
import org.xmpp.packet.Packet;
import org.xmpp.packet.PacketError;

/**
 * The server-side component at {@code waddle.<domain>}: answers XEP-0030 service discovery so clients (and
 * admins) can see the plugin is there; Waddle commands hang off it.
 */
final class WaddleComponent implements Component {

    private static final Logger Log = LoggerFactory.getLogger(WaddleComponent.class);

    static final String DISCO_INFO = "http://jabber.org/protocol/disco#info";
    static final String DISCO_ITEMS = "http://jabber.org/protocol/disco#items";
    /** Advertised on the component so a client or test can tell the plugin is loaded. */
    static final String WADDLE_FEATURE = "urn:waddle:openfire:0";

    private final String version;
    private volatile ComponentManager componentManager;
    private volatile JID address;

    WaddleComponent(String version) {
        this.version = version;
    }

    @Override
    public String getName() {
        return "Waddle";
    }

    @Override
    public String getDescription() {
        return "Waddle communities and ATProto identities";
    }

    @Override
    public void initialize(JID jid, ComponentManager manager) throws ComponentException {
        this.address = jid;
        this.componentManager = manager;
    }

    @Override
    public void start() {
        Log.info("Waddle component {} started", address);
    }

    @Override
    public void shutdown() {
        Log.info("Waddle component {} stopped", address);
    }

    @Override
    public void processPacket(Packet packet) {
        if (!(packet instanceof IQ)) {
            return;
        }
        IQ iq = (IQ) packet;
        if (iq.getType() != IQ.Type.get && iq.getType() != IQ.Type.set) {
            return;
        }
        IQ reply = answer(iq);
        try {
            componentManager.sendPacket(this, reply);
        } catch (ComponentException e) {
            Log.warn("Could not answer {} from {}", iq.getChildElement() == null ? "IQ" : iq.getChildElement().getNamespaceURI(), iq.getFrom(), e);
        }
    }

    IQ answer(IQ iq) {
        Element child = iq.getChildElement();
        String namespace = child == null ? "" : child.getNamespaceURI();
        IQ reply = IQ.createResultIQ(iq);
        if (iq.getType() == IQ.Type.get && DISCO_INFO.equals(namespace) && child.attributeValue("node") == null) {
            Element query = reply.setChildElement("query", DISCO_INFO);
            query.addElement("identity")
                    .addAttribute("category", "component")
                    .addAttribute("type", "generic")
                    .addAttribute("name", "Waddle " + version);
            query.addElement("feature").addAttribute("var", DISCO_INFO);
            query.addElement("feature").addAttribute("var", DISCO_ITEMS);
            query.addElement("feature").addAttribute("var", WADDLE_FEATURE);
            return reply;
        }
        if (iq.getType() == IQ.Type.get && DISCO_ITEMS.equals(namespace)) {
            reply.setChildElement("query", DISCO_ITEMS);
            return reply;
        }
        if (child != null) {
            reply.setChildElement(child.createCopy());
        }
        reply.setError(PacketError.Condition.service_unavailable);
        return reply;
    }
}
