package social.waddle.openfire.profile;

import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

import org.dom4j.Element;
import org.xmpp.packet.IQ;
import org.xmpp.packet.JID;
import org.xmpp.packet.PacketError;

import social.waddle.atproto.profile.Avatar;
import social.waddle.openfire.muc.ServerIqRoute;

/**
 * Publishes User Avatar (<a href="https://xmpp.org/extensions/xep-0084.html">XEP-0084</a>: data, then metadata, item
 * id the SHA-1 of the image; an empty metadata item when there is no avatar) and User Nickname
 * (<a href="https://xmpp.org/extensions/xep-0172.html">XEP-0172</a>) in the user's own PEP service, as the user: from
 * their bare JID, addressed to nobody (XEP-0163 §3), routed inside the server so the answers come back to us. The
 * nodes are made open, as the Bluesky profile itself is public: asked in the publish-options (XEP-0060 §7.1.5), and,
 * as Openfire 5.1.1 creates PEP nodes with the default access model (presence) whatever the options say, configured
 * by their owner after the first publication of this run (§8.2).
 */
final class PepPublisher {

    static final String PUBSUB = "http://jabber.org/protocol/pubsub";
    static final String AVATAR_DATA = "urn:xmpp:avatar:data";
    static final String AVATAR_METADATA = "urn:xmpp:avatar:metadata";
    static final String NICK = "http://jabber.org/protocol/nick";

    private final ServerIqRoute route;
    private final Duration timeout;
    private final String idPrefix = "waddle-profile-" + UUID.randomUUID().toString().substring(0, 8) + "-";
    private final AtomicLong nextId = new AtomicLong();
    /** Nodes (user + node) configured open during this run. */
    private final java.util.Set<String> configured = java.util.concurrent.ConcurrentHashMap.newKeySet();

    PepPublisher(ServerIqRoute route, Duration timeout) {
        this.route = route;
        this.timeout = timeout;
    }

    void publishAvatar(JID user, Optional<Avatar> avatar) throws PublishException {
        if (avatar.isPresent()) {
            Avatar image = avatar.get();
            Element data = org.dom4j.DocumentHelper.createElement(org.dom4j.QName.get("data", AVATAR_DATA));
            data.setText(Base64.getEncoder().encodeToString(image.bytes()));
            publish(user, AVATAR_DATA, image.sha1(), data);
        }
        Element metadata = org.dom4j.DocumentHelper.createElement(org.dom4j.QName.get("metadata", AVATAR_METADATA));
        if (avatar.isPresent()) {
            Avatar image = avatar.get();
            Element info = metadata.addElement("info")
                    .addAttribute("bytes", Integer.toString(image.size()))
                    .addAttribute("id", image.sha1())
                    .addAttribute("type", image.type().mediaType());
            image.width().ifPresent(width -> info.addAttribute("width", Integer.toString(width)));
            image.height().ifPresent(height -> info.addAttribute("height", Integer.toString(height)));
        }
        publish(user, AVATAR_METADATA, avatar.map(Avatar::sha1).orElse("none"), metadata);
    }

    void publishNick(JID user, String nick) throws PublishException {
        Element element = org.dom4j.DocumentHelper.createElement(org.dom4j.QName.get("nick", NICK));
        element.setText(nick);
        publish(user, NICK, "current", element);
    }

    private void publish(JID user, String node, String itemId, Element payload) throws PublishException {
        IQ answer = ask(publishRequest(user, node, itemId, payload, true));
        if (answer.getType() == IQ.Type.error && answer.getError() != null
                && answer.getError().getCondition() == PacketError.Condition.conflict
                || answer.getType() == IQ.Type.error && "precondition-not-met".equals(applicationCondition(answer))) {
            answer = ask(publishRequest(user, node, itemId, payload, false));
        }
        if (answer.getType() != IQ.Type.result) {
            throw new PublishException("PEP node " + node + " of " + user + " refused the item: " + describe(answer));
        }
        String key = user.toBareJID() + " " + node;
        if (!configured.contains(key)) {
            IQ configuredAnswer = ask(configureOpen(user, node));
            if (configuredAnswer.getType() != IQ.Type.result) {
                throw new PublishException("PEP node " + node + " of " + user + " could not be made open: "
                        + describe(configuredAnswer));
            }
            if (configured.size() > 100_000) {
                configured.clear();
            }
            configured.add(key);
        }
    }

    /** The owner's node configuration (XEP-0060 §8.2.4): access model open, items persisted. */
    static IQ configureOpen(JID user, String node) {
        IQ iq = new IQ(IQ.Type.set);
        iq.setFrom(new JID(user.toBareJID()));
        Element form = iq.setChildElement("pubsub", PUBSUB + "#owner").addElement("configure").addAttribute("node", node)
                .addElement("x", "jabber:x:data").addAttribute("type", "submit");
        form.addElement("field").addAttribute("var", "FORM_TYPE").addAttribute("type", "hidden")
                .addElement("value").setText(PUBSUB + "#node_config");
        form.addElement("field").addAttribute("var", "pubsub#access_model").addElement("value").setText("open");
        form.addElement("field").addAttribute("var", "pubsub#persist_items").addElement("value").setText("1");
        return iq;
    }

    static IQ publishRequest(JID user, String node, String itemId, Element payload, boolean withOptions) {
        IQ iq = new IQ(IQ.Type.set);
        iq.setFrom(new JID(user.toBareJID()));
        Element pubsub = iq.setChildElement("pubsub", PUBSUB);
        pubsub.addElement("publish").addAttribute("node", node).addElement("item").addAttribute("id", itemId)
                .add(payload.createCopy());
        if (withOptions) {
            Element form = pubsub.addElement("publish-options").addElement("x", "jabber:x:data").addAttribute("type", "submit");
            form.addElement("field").addAttribute("var", "FORM_TYPE").addAttribute("type", "hidden")
                    .addElement("value").setText(PUBSUB + "#publish-options");
            form.addElement("field").addAttribute("var", "pubsub#access_model").addElement("value").setText("open");
            form.addElement("field").addAttribute("var", "pubsub#persist_items").addElement("value").setText("true");
        }
        return iq;
    }

    private IQ ask(IQ request) throws PublishException {
        request.setID(idPrefix + nextId.incrementAndGet());
        try {
            return route.ask(request, timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PublishException("Interrupted while publishing to PEP", e);
        } catch (TimeoutException e) {
            throw new PublishException("No answer from the PEP service of " + request.getFrom() + " within " + timeout, e);
        }
    }

    private static String applicationCondition(IQ answer) {
        Element error = answer.getElement().element("error");
        if (error == null) {
            return "";
        }
        for (Element child : error.elements()) {
            if ((PUBSUB + "#errors").equals(child.getNamespaceURI())) {
                return child.getName();
            }
        }
        return "";
    }

    private static String describe(IQ answer) {
        if (answer.getType() != IQ.Type.error || answer.getError() == null) {
            return answer.getType().toString();
        }
        String text = answer.getError().getText();
        String application = applicationCondition(answer);
        return answer.getError().getCondition().toXMPP() + (application.isEmpty() ? "" : " (" + application + ")")
                + (text == null ? "" : ": " + text);
    }

    /** A PEP publication was refused or not answered. */
    static final class PublishException extends Exception {

        private static final long serialVersionUID = 1L;

        PublishException(String message) {
            super(message);
        }

        PublishException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
