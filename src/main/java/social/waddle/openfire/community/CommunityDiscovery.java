package social.waddle.openfire.community;

import java.util.List;
import java.util.Optional;

import org.dom4j.Element;
import org.xmpp.packet.JID;

import social.waddle.atproto.syntax.Did;
import social.waddle.community.Channel;
import social.waddle.community.Member;
import social.waddle.community.Visibility;
import social.waddle.community.Waddle;
import social.waddle.community.WaddleException;
import social.waddle.community.WaddleService;
import social.waddle.community.WaddleSlug;

/**
 * <a href="https://xmpp.org/extensions/xep-0030.html">XEP-0030</a> discovery of Waddles on the component. Items of the
 * component: the listed (public and invite-only) Waddles, each as node {@code waddle/<slug>}. Items of a Waddle node:
 * its channels, as their room JIDs with the channel names. Info of a Waddle node: a {@code hierarchy/branch} identity
 * and a <a href="https://xmpp.org/extensions/xep-0128.html">XEP-0128</a> form with description, visibility and member
 * count. A private Waddle's node exists only for its members; to anyone else it is not there.
 */
public final class CommunityDiscovery {

    public static final String NODE_PREFIX = "waddle/";
    public static final String FORM_TYPE = "urn:waddle:openfire:0#waddle";
    public static final String DESCRIPTION = "description";
    public static final String VISIBILITY = "visibility";
    public static final String MEMBERS = "members";
    /** Most Waddles listed in one disco#items answer (XEP-0059 paging is not offered). */
    static final int MAX_LISTED = 500;

    private static final String DISCO_INFO = "http://jabber.org/protocol/disco#info";
    private static final String DISCO_ITEMS = "http://jabber.org/protocol/disco#items";

    private final WaddleService service;
    private final People people;
    private final String mucDomain;

    public CommunityDiscovery(WaddleService service, String xmppDomain, String mucDomain) {
        this.service = service;
        this.people = new People(xmppDomain);
        this.mucDomain = mucDomain;
    }

    public static boolean isWaddleNode(String node) {
        return node != null && node.startsWith(NODE_PREFIX);
    }

    public static String node(WaddleSlug slug) {
        return NODE_PREFIX + slug.value();
    }

    /** Adds the listed Waddles to a disco#items {@code query} of {@code component}. */
    public void addWaddleItems(JID component, Element query) {
        for (Waddle waddle : service.listedWaddles(MAX_LISTED)) {
            query.addElement("item").addAttribute("jid", component.toString())
                    .addAttribute("node", node(waddle.slug())).addAttribute("name", waddle.name());
        }
    }

    /** Adds the channels of the Waddle {@code node} names to a disco#items {@code query}; false when not there. */
    public boolean addChannelItems(JID requester, String node, Element query) {
        Optional<Waddle> waddle = visibleWaddle(requester, node);
        if (waddle.isEmpty()) {
            return false;
        }
        List<Channel> channels;
        try {
            channels = service.channels(waddle.get().slug());
        } catch (WaddleException deletedMeanwhile) {
            return false;
        }
        for (Channel channel : channels) {
            query.addElement("item").addAttribute("jid", channel.roomJid(mucDomain))
                    .addAttribute("name", channel.name());
        }
        return true;
    }

    /** Adds identity, features and the Waddle's XEP-0128 form to a disco#info {@code query}; false when not there. */
    public boolean addWaddleInfo(JID requester, String node, Element query) {
        Optional<Waddle> waddle = visibleWaddle(requester, node);
        if (waddle.isEmpty()) {
            return false;
        }
        int members;
        try {
            members = service.members(waddle.get().slug()).size();
        } catch (WaddleException deletedMeanwhile) {
            return false;
        }
        query.addElement("identity").addAttribute("category", "hierarchy").addAttribute("type", "branch")
                .addAttribute("name", waddle.get().name());
        query.addElement("feature").addAttribute("var", DISCO_INFO);
        query.addElement("feature").addAttribute("var", DISCO_ITEMS);
        CommandForm form = CommandForm.result(query, FORM_TYPE, null);
        form.textMulti(DESCRIPTION, "Description").values(waddle.get().description().isEmpty() ? List.of()
                : waddle.get().description().lines().toList());
        form.listSingle(VISIBILITY, "Who may find and join it", CommunityCommands.visibilityOptions())
                .value(FormValues.optionValue(waddle.get().visibility()));
        form.textSingle(MEMBERS, "Members").value(Integer.toString(members));
        return true;
    }

    private Optional<Waddle> visibleWaddle(JID requester, String node) {
        if (!isWaddleNode(node) || !WaddleSlug.isValid(node.substring(NODE_PREFIX.length()))) {
            return Optional.empty();
        }
        Optional<Waddle> waddle = service.find(new WaddleSlug(node.substring(NODE_PREFIX.length())));
        if (waddle.isEmpty() || waddle.get().visibility() != Visibility.PRIVATE) {
            return waddle;
        }
        Optional<Did> did = people.didOf(requester);
        try {
            boolean member = did.isPresent() && service.members(waddle.get().slug()).stream()
                    .map(Member::did).anyMatch(did.get()::equals);
            return member ? waddle : Optional.empty();
        } catch (WaddleException deletedMeanwhile) {
            return Optional.empty();
        }
    }
}
