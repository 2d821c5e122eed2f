package social.waddle.openfire.muc;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.dom4j.Element;
import org.xmpp.packet.IQ;
import org.xmpp.packet.JID;
import org.xmpp.packet.Packet;
import org.xmpp.packet.PacketError;
import org.xmpp.packet.Presence;

/**
 * A small in-memory XEP-0045 service for unit tests, answering the way Openfire does: synchronously, on the sending
 * thread, through {@link StanzaExchange#accept}. It keeps rooms (configuration, affiliations, occupants), answers
 * only occupants' owner/admin queries, and can be told to refuse one kind of request.
 */
final class FakeMucService implements StanzaExchange.Sender {

    static final String DOMAIN = "conference.example.com";

    static final class Room {
        final Map<String, String> config = new LinkedHashMap<>();
        final Map<String, String> affiliations = new TreeMap<>();
        /** Reserved nicknames of members, by bare JID. */
        final Map<String, String> nicknames = new TreeMap<>();
        final Set<JID> occupants = new HashSet<>();
        String subject = "";

        Room(String localpart) {
            config.put("muc#roomconfig_roomname", localpart);
            config.put("muc#roomconfig_roomdesc", "");
            config.put("muc#roomconfig_membersonly", "0");
            config.put("muc#roomconfig_moderatedroom", "0");
            config.put("muc#roomconfig_persistentroom", "0");
            config.put("muc#roomconfig_publicroom", "1");
            // Openfire's defaults for its own fields.
            config.put("x-muc#roomconfig_reservednick", "0");
            config.put("x-muc#roomconfig_canchangenick", "1");
        }
    }

    final Map<String, Room> rooms = new TreeMap<>();
    final List<Packet> received = new ArrayList<>();
    private final Map<String, PacketError.Condition> refusals = new HashMap<>();
    private StanzaExchange exchange;
    private boolean silent;

    void answerThrough(StanzaExchange answers) {
        this.exchange = answers;
    }

    /** Requests whose {@link #kind} is {@code kind} are answered with this error. */
    void refuse(String kind, PacketError.Condition condition) {
        refusals.put(kind, condition);
    }

    /** Stops answering at all. */
    void fallSilent() {
        silent = true;
    }

    Room room(String localpart) {
        return rooms.get(localpart);
    }

    Room addRoom(String localpart, String ownerJid) {
        Room room = new Room(localpart);
        room.config.put("muc#roomconfig_persistentroom", "1");
        room.affiliations.put(ownerJid, "owner");
        rooms.put(localpart, room);
        return room;
    }

    /** How many stanzas of a kind were received, e.g. {@code "muc#admin set"}. */
    long count(String kind) {
        return received.stream().filter(packet -> kind.equals(kind(packet))).count();
    }

    @Override
    public void send(Packet packet) {
        received.add(packet.createCopy());
        if (silent) {
            return;
        }
        PacketError.Condition refusal = refusals.get(kind(packet));
        if (refusal != null) {
            Packet error = packet instanceof IQ iq ? IQ.createResultIQ(iq) : new Presence(Presence.Type.error);
            error.setFrom(packet.getTo());
            error.setTo(packet.getFrom());
            error.setError(refusal);
            exchange.accept(error);
            return;
        }
        if (packet instanceof Presence presence) {
            presence(presence);
        } else if (packet instanceof IQ iq) {
            iq(iq);
        }
    }

    static String kind(Packet packet) {
        if (packet instanceof Presence presence) {
            return presence.getType() == Presence.Type.unavailable ? "leave" : "join";
        }
        IQ iq = (IQ) packet;
        Element child = iq.getChildElement();
        String namespace = child.getNamespaceURI();
        String name = namespace.substring(namespace.lastIndexOf('/') + 1);
        if (name.equals("muc#owner") && child.element("destroy") != null) {
            return "muc#owner destroy";
        }
        return name + " " + iq.getType();
    }

    private void presence(Presence presence) {
        JID occupant = presence.getTo();
        Room room = rooms.get(occupant.getNode());
        List<String> statuses = new ArrayList<>(List.of("110"));
        if (presence.getType() == Presence.Type.unavailable) {
            if (room != null) {
                room.occupants.remove(presence.getFrom());
                if (room.occupants.isEmpty() && !"1".equals(room.config.get("muc#roomconfig_persistentroom"))) {
                    rooms.remove(occupant.getNode());
                }
            }
        } else {
            if (room == null) {
                room = new Room(occupant.getNode());
                room.affiliations.put(presence.getFrom().toBareJID(), "owner");
                rooms.put(occupant.getNode(), room);
                statuses.add("201");
            }
            room.occupants.add(presence.getFrom());
        }
        Presence answer = presence.getType() == Presence.Type.unavailable ? new Presence(Presence.Type.unavailable) : new Presence();
        answer.setFrom(occupant);
        answer.setTo(presence.getFrom());
        Element x = answer.addChildElement("x", XmppRoomGateway.MUC_USER);
        x.addElement("item").addAttribute("affiliation", "owner").addAttribute("role", "moderator");
        statuses.forEach(code -> x.addElement("status").addAttribute("code", code));
        exchange.accept(answer);
    }

    private void iq(IQ iq) {
        IQ reply = IQ.createResultIQ(iq);
        Element child = iq.getChildElement();
        String namespace = child.getNamespaceURI();
        if (iq.getTo().getNode() == null) {
            Element query = reply.setChildElement("query", namespace);
            for (String localpart : rooms.keySet()) {
                query.addElement("item").addAttribute("jid", localpart + "@" + DOMAIN);
            }
            exchange.accept(reply);
            return;
        }
        Room room = rooms.get(iq.getTo().getNode());
        if (room == null) {
            exchange.accept(error(iq, PacketError.Condition.item_not_found));
            return;
        }
        if (XmppRoomGateway.DISCO_INFO.equals(namespace)) {
            Element form = Stanzas.addDataForm(reply.setChildElement("query", namespace), "result");
            Stanzas.addValues(Stanzas.addField(form, XmppRoomGateway.ROOM_INFO_SUBJECT, null, null), List.of(room.subject));
            exchange.accept(reply);
            return;
        }
        if (!room.occupants.contains(iq.getFrom())) {
            exchange.accept(error(iq, PacketError.Condition.bad_request));
            return;
        }
        Element query = reply.setChildElement("query", namespace);
        if (XmppRoomGateway.MUC_OWNER.equals(namespace) && iq.getType() == IQ.Type.get) {
            Element form = Stanzas.addDataForm(query, "form");
            room.config.forEach((field, value) -> Stanzas.addValues(Stanzas.addField(form, field, null, null), List.of(value)));
        } else if (XmppRoomGateway.MUC_OWNER.equals(namespace) && child.element("destroy") != null) {
            rooms.remove(iq.getTo().getNode());
        } else if (XmppRoomGateway.MUC_OWNER.equals(namespace)) {
            Stanzas.fieldValues(Stanzas.dataForm(child)).forEach((field, values) -> {
                if (room.config.containsKey(field)) {
                    room.config.put(field, values.get(0));
                }
            });
        } else if (XmppRoomGateway.MUC_ADMIN.equals(namespace) && iq.getType() == IQ.Type.get) {
            String wanted = child.element("item").attributeValue("affiliation");
            room.affiliations.forEach((jid, affiliation) -> {
                if (affiliation.equals(wanted)) {
                    Element listed = query.addElement("item").addAttribute("affiliation", affiliation).addAttribute("jid", jid);
                    if (room.nicknames.containsKey(jid)) {
                        listed.addAttribute("nick", room.nicknames.get(jid));
                    }
                }
            });
        } else if (XmppRoomGateway.MUC_ADMIN.equals(namespace)) {
            for (Element item : child.elements("item")) {
                String affiliation = item.attributeValue("affiliation");
                room.nicknames.remove(item.attributeValue("jid"));
                if ("member".equals(affiliation) && item.attributeValue("nick") != null) {
                    room.nicknames.put(item.attributeValue("jid"), item.attributeValue("nick"));
                }
                if ("none".equals(affiliation)) {
                    room.affiliations.remove(item.attributeValue("jid"));
                } else {
                    room.affiliations.put(item.attributeValue("jid"), affiliation);
                }
            }
        } else {
            exchange.accept(error(iq, PacketError.Condition.feature_not_implemented));
            return;
        }
        exchange.accept(reply);
    }

    Set<String> occupants() {
        Set<String> all = new TreeSet<>();
        rooms.values().forEach(room -> room.occupants.forEach(jid -> all.add(jid.toString())));
        return all;
    }

    private static IQ error(IQ request, PacketError.Condition condition) {
        IQ error = IQ.createResultIQ(request);
        error.setChildElement(request.getChildElement().createCopy());
        error.setError(condition);
        return error;
    }
}
