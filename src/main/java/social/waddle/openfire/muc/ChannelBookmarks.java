package social.waddle.openfire.muc;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.dom4j.Element;
import org.dom4j.QName;
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
    static final String PUBSUB_ERRORS = PUBSUB + "#errors";
    static final String PUBLISH_OPTIONS = PUBSUB + "#publish-options";
    static final String NODE_CONFIG = PUBSUB + "#node_config";
    static final String DISCO_INFO = "http://jabber.org/protocol/disco#info";
    /** XEP-0060 §16.4.1 feature: the service takes {@code max} as a value of {@code pubsub#max_items}. */
    static final String CONFIG_NODE_MAX = PUBSUB + "#config-node-max";

    /**
     * The node configuration a server gets, chosen by what it announces.
     *
     * <ul>
     *   <li>{@link #XEP_0402}: exactly the publish-options of XEP-0402 §5, for a service announcing
     *       {@value #CONFIG_NODE_MAX}.</li>
     *   <li>{@link #NUMERIC}: for every other service, Openfire 5.x among them. Openfire parses {@code pubsub#max_items}
     *       with {@code Integer.parseInt} when it creates or configures a node ({@code LeafNode.postConfigure}), so
     *       {@code max} is an internal server error that answers nothing; and its node configuration form has no
     *       {@code pubsub#send_last_published_item}, so that precondition never holds on an existing node
     *       ({@code PubSubEngine.nodeMeetsPreconditions} refuses unknown fields). Openfire's preconditions compare
     *       values as text (booleans also as 1/0), so a number we chose always matches the node we configured.</li>
     * </ul>
     */
    enum NodeProfile {
        XEP_0402("max", true),
        NUMERIC(ChannelBookmarks.NUMERIC_MAX_ITEMS, false);

        final String maxItems;
        final boolean sendLastPublishedItem;

        NodeProfile(String maxItems, boolean sendLastPublishedItem) {
            this.maxItems = maxItems;
            this.sendLastPublishedItem = sendLastPublishedItem;
        }
    }

    /** {@code pubsub#max_items} where {@code max} cannot be said: far above any member's number of channels. */
    static final String NUMERIC_MAX_ITEMS = "1000";

    /** One bookmark: a room, its display name and the nickname to join with. */
    record Bookmark(String roomJid, String name, String nick) {
    }

    private ChannelBookmarks() {
    }

    /** Publishes one bookmark, with the publish-options of {@code profile}, or none when it is null. */
    static IQ publish(JID user, Bookmark bookmark, NodeProfile profile) {
        IQ iq = fromUser(user, IQ.Type.set);
        Element pubsub = iq.setChildElement("pubsub", PUBSUB);
        Element item = pubsub.addElement("publish").addAttribute("node", NODE)
                .addElement("item").addAttribute("id", bookmark.roomJid());
        Element conference = item.addElement("conference", NODE)
                .addAttribute("name", bookmark.name())
                .addAttribute("autojoin", "true");
        conference.addElement("nick").setText(bookmark.nick());
        if (profile != null) {
            Element form = Stanzas.addDataForm(pubsub.addElement("publish-options"), "submit");
            addHidden(form, PUBLISH_OPTIONS);
            addValue(form, "pubsub#persist_items", "true");
            addValue(form, "pubsub#max_items", profile.maxItems);
            if (profile.sendLastPublishedItem) {
                addValue(form, "pubsub#send_last_published_item", "never");
            }
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

    /**
     * The XEP-0402 node configuration (XEP-0060 §8.2.4), sent by the node's owner: for a node that exists with another
     * configuration (publish precondition not met), or on a server that ignored the publish-options (Openfire 4.2.0).
     */
    static IQ configureNode(JID user, NodeProfile profile) {
        IQ iq = fromUser(user, IQ.Type.set);
        Element configure = iq.setChildElement("pubsub", PUBSUB_OWNER).addElement("configure").addAttribute("node", NODE);
        Element form = Stanzas.addDataForm(configure, "submit");
        addHidden(form, NODE_CONFIG);
        addValue(form, "pubsub#persist_items", "1");
        addValue(form, "pubsub#max_items", profile.maxItems);
        if (profile.sendLastPublishedItem) {
            addValue(form, "pubsub#send_last_published_item", "never");
        }
        addValue(form, "pubsub#access_model", "whitelist");
        return iq;
    }

    /** XEP-0030 disco#info of the user's server, asked as the user: its features say which profile it takes. */
    static IQ serverInfo(JID user) {
        IQ iq = fromUser(user, IQ.Type.get);
        iq.setTo(new JID(null, user.getDomain(), null));
        iq.setChildElement("query", DISCO_INFO);
        return iq;
    }

    /** The profile a disco#info result calls for. */
    static NodeProfile profileOf(IQ serverInfo) {
        Element query = serverInfo.getChildElement();
        if (serverInfo.getType() == IQ.Type.result && query != null) {
            for (Element feature : query.elements("feature")) {
                if (CONFIG_NODE_MAX.equals(feature.attributeValue("var"))) {
                    return NodeProfile.XEP_0402;
                }
            }
        }
        return NodeProfile.NUMERIC;
    }

    /** The XEP-0060 application condition of a pubsub error (e.g. {@code precondition-not-met}), or "". */
    static String pubsubErrorCondition(IQ answer) {
        Element error = answer.getType() == IQ.Type.error ? answer.getElement().element("error") : null;
        if (error != null) {
            for (Element child : error.elements()) {
                if (PUBSUB_ERRORS.equals(child.getNamespaceURI())) {
                    return child.getName();
                }
            }
        }
        return "";
    }

    /** Item ids of an items result (room JIDs of the bookmarks); empty for an error or no items. */
    static Set<String> itemIds(IQ result) {
        return new LinkedHashSet<>(itemNames(result).keySet());
    }

    /**
     * The items of an items result: room JID to the bookmark's name ("" when it has none, or no XEP-0402
     * {@code conference} payload); empty for an error or no items.
     */
    static Map<String, String> itemNames(IQ result) {
        Map<String, String> names = new LinkedHashMap<>();
        Element pubsub = result.getChildElement();
        Element items = pubsub == null ? null : pubsub.element("items");
        if (result.getType() != IQ.Type.result || items == null) {
            return names;
        }
        for (Element item : items.elements("item")) {
            String id = item.attributeValue("id");
            Element conference = item.element(QName.get("conference", NODE));
            if (id != null) {
                String name = conference == null ? null : conference.attributeValue("name");
                names.put(id, name == null ? "" : name);
            }
        }
        return names;
    }

    /** "result", or the error's condition and text. */
    static String describe(IQ answer) {
        return answer.getType() == IQ.Type.error ? Stanzas.describeError(answer) : answer.getType().toString();
    }

    static IQ fromUser(JID user, IQ.Type type) {
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
