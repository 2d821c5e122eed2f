package social.waddle.openfire.muc;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.dom4j.Element;
import org.xmpp.packet.IQ;
import org.xmpp.packet.JID;

/**
 * The stanzas with which the server keeps a user's <a href="https://xmpp.org/extensions/xep-0402.html">XEP-0402</a>
 * bookmarks of Waddle channels in their PEP node {@value #NODE}, sent as if by the user: addressed to nobody (the
 * user's own PEP service, XEP-0163 §3), from the user's bare JID. Item ids are room JIDs (XEP-0402 §3).
 */
final class ChannelBookmarks {

    static final String NODE = "urn:xmpp:bookmarks:1";
    static final String PUBSUB = "http://jabber.org/protocol/pubsub";
    static final String PUBSUB_OWNER = PUBSUB + "#owner";
    static final String PUBLISH_OPTIONS = PUBSUB + "#publish-options";
    static final String NODE_CONFIG = PUBSUB + "#node_config";

    /**
     * What every node of XEP-0402 §5 carries. {@code max_items} is {@code max} as the XEP asks; Openfire 4.2.0 ignores
     * publish-options, and its node configuration takes only a number, so {@link #configureNode} sets
     * {@value #CONFIGURED_MAX_ITEMS}.
     */
    static final String CONFIGURED_MAX_ITEMS = "1000";

    /** One bookmark: a room, its display name and the nickname to join with. */
    record Bookmark(String roomJid, String name, String nick) {
    }

    private ChannelBookmarks() {
    }

    /** Publishes one bookmark, with the XEP-0402 publish-options unless {@code withOptions} is false. */
    static IQ publish(JID user, Bookmark bookmark, boolean withOptions) {
        IQ iq = fromUser(user, IQ.Type.set);
        Element pubsub = iq.setChildElement("pubsub", PUBSUB);
        Element item = pubsub.addElement("publish").addAttribute("node", NODE)
                .addElement("item").addAttribute("id", bookmark.roomJid());
        Element conference = item.addElement("conference", NODE)
                .addAttribute("name", bookmark.name())
                .addAttribute("autojoin", "true");
        conference.addElement("nick").setText(bookmark.nick());
        if (withOptions) {
            Element form = Stanzas.addDataForm(pubsub.addElement("publish-options"), "submit");
            addHidden(form, PUBLISH_OPTIONS);
            addValue(form, "pubsub#persist_items", "true");
            addValue(form, "pubsub#max_items", "max");
            addValue(form, "pubsub#send_last_published_item", "never");
            addValue(form, "pubsub#access_model", "whitelist");
        }
        return iq;
    }

    static IQ retract(JID user, String roomJid) {
        IQ iq = fromUser(user, IQ.Type.set);
        iq.setChildElement("pubsub", PUBSUB).addElement("retract").addAttribute("node", NODE).addAttribute("notify", "true")
                .addElement("item").addAttribute("id", roomJid);
        return iq;
    }

    static IQ items(JID user) {
        IQ iq = fromUser(user, IQ.Type.get);
        iq.setChildElement("pubsub", PUBSUB).addElement("items").addAttribute("node", NODE);
        return iq;
    }

    /** The XEP-0402 node configuration, for servers that ignored the publish-options (Openfire 4.2.0). */
    static IQ configureNode(JID user) {
        IQ iq = fromUser(user, IQ.Type.set);
        Element configure = iq.setChildElement("pubsub", PUBSUB_OWNER).addElement("configure").addAttribute("node", NODE);
        Element form = Stanzas.addDataForm(configure, "submit");
        addHidden(form, NODE_CONFIG);
        addValue(form, "pubsub#persist_items", "1");
        addValue(form, "pubsub#max_items", CONFIGURED_MAX_ITEMS);
        addValue(form, "pubsub#send_last_published_item", "never");
        addValue(form, "pubsub#access_model", "whitelist");
        return iq;
    }

    /** Item ids of an items result (room JIDs of the bookmarks); empty for an error or no items. */
    static Set<String> itemIds(IQ result) {
        Set<String> ids = new LinkedHashSet<>();
        Element pubsub = result.getChildElement();
        Element items = pubsub == null ? null : pubsub.element("items");
        if (result.getType() != IQ.Type.result || items == null) {
            return ids;
        }
        for (Element item : items.elements("item")) {
            String id = item.attributeValue("id");
            if (id != null) {
                ids.add(id);
            }
        }
        return ids;
    }

    /** "result", or the error's condition and text. */
    static String describe(IQ answer) {
        return answer.getType() == IQ.Type.error ? Stanzas.describeError(answer) : answer.getType().toString();
    }

    private static IQ fromUser(JID user, IQ.Type type) {
        IQ iq = new IQ(type);
        iq.setFrom(new JID(user.toBareJID()));
        return iq;
    }

    private static void addHidden(Element form, String formType) {
        Stanzas.addValues(Stanzas.addField(form, "FORM_TYPE", "hidden", null), List.of(formType));
    }

    private static void addValue(Element form, String variable, String value) {
        Stanzas.addValues(Stanzas.addField(form, variable, null, null), List.of(value));
    }
}
