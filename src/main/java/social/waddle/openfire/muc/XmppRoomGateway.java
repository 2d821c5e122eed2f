package social.waddle.openfire.muc;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;

import org.dom4j.Element;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xmpp.packet.IQ;
import org.xmpp.packet.JID;
import org.xmpp.packet.Message;
import org.xmpp.packet.Presence;

import social.waddle.community.rooms.Affiliation;
import social.waddle.community.rooms.RoomGateway;
import social.waddle.community.rooms.RoomGatewayException;
import social.waddle.community.rooms.RoomSpec;
import social.waddle.community.rooms.RoomState;

/**
 * A {@link RoomGateway} that speaks <a href="https://xmpp.org/extensions/xep-0045.html">XEP-0045</a> from the Waddle
 * component, which is a system admin of the MUC service. Openfire (4.2.0 through 5.x) answers owner and admin
 * queries only from occupants, so every read, apply and destroy enters the room under a throw-away nickname first and
 * leaves it afterwards; other occupants see that entry and exit.
 *
 * <p>The component's own JID keeps the owner affiliation of every room it manages (it gets it when it creates a
 * room, and takes it when it adopts one): that makes hidden rooms discoverable to {@link #rooms()}. It is left out of
 * {@link RoomState#affiliations()} and never removed, as the contract allows for system admins.
 *
 * <p>Operations run one at a time.
 */
public final class XmppRoomGateway implements RoomGateway {

    private static final Logger Log = LoggerFactory.getLogger(XmppRoomGateway.class);

    static final String MUC = "http://jabber.org/protocol/muc";
    static final String MUC_USER = MUC + "#user";
    static final String MUC_OWNER = MUC + "#owner";
    static final String MUC_ADMIN = MUC + "#admin";
    static final String DISCO_INFO = "http://jabber.org/protocol/disco#info";
    static final String DISCO_ITEMS = "http://jabber.org/protocol/disco#items";
    static final String ROOM_INFO_SUBJECT = "muc#roominfo_subject";

    /** XEP-0045 §15.6 status codes. */
    static final String STATUS_SELF = "110";
    static final String STATUS_CREATED = "201";

    private static final List<Affiliation> LISTED = List.of(Affiliation.OWNER, Affiliation.ADMIN, Affiliation.MEMBER,
            Affiliation.OUTCAST);

    private final StanzaExchange exchange;
    private final JID self;
    private final String serviceDomain;
    private final ReentrantLock oneAtATime = new ReentrantLock(true);

    /** Affiliations changed per muc#admin set; bounds the stanza at roughly 50 kB. */
    static final int MAX_ITEMS_PER_SET = 500;
    private static final int LOGGED_CHANGES = 25;

    /**
     * One affiliation to change; {@code from} is null when the JID had none listed; {@code nick} is the nickname to
     * reserve (members only), or null.
     */
    private record AffiliationChange(String jid, Affiliation from, Affiliation to, String nick) {

        AffiliationChange(String jid, Affiliation from, Affiliation to) {
            this(jid, from, to, null);
        }
    }

    /** An entry of the component into a room. */
    private record Occupancy(JID room, JID occupant, boolean created) {
    }

    private final OwnRoomDestructions ownDestructions;
    /**
     * The nicknames this gateway reserved, by room localpart and member JID. Openfire's member list names a member's
     * current occupant nickname, not the reserved one, and XEP-0045 gives an admin no other way to read reserved
     * nicknames (§7.12 answers only the member): what was reserved is therefore remembered, and after a restart every
     * member is taken to have the nickname wanted at the first apply (changes made while the server was down are
     * not seen). Openfire keeps an existing member's reserved nickname when asked to make them a member again, so a
     * new nickname is reserved by removing the affiliation and adding it back with the nickname in one set (a member
     * of a members-only room who is in the room at that moment is sent out of it).
     */
    private final Map<String, Map<String, String>> reserved = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * @param self          the component's JID (a system admin of the service); sent as the bare JID
     * @param serviceDomain the MUC service's domain, e.g. {@code conference.example.com}
     */
    public XmppRoomGateway(StanzaExchange exchange, JID self, String serviceDomain) {
        this(exchange, self, serviceDomain, new OwnRoomDestructions(java.time.Clock.systemUTC()));
    }

    /** @param ownDestructions told of every room this gateway destroys, for the {@link RoomMirror} */
    public XmppRoomGateway(StanzaExchange exchange, JID self, String serviceDomain, OwnRoomDestructions ownDestructions) {
        this.ownDestructions = Objects.requireNonNull(ownDestructions);
        this.exchange = Objects.requireNonNull(exchange);
        this.self = new JID(self.toBareJID());
        this.serviceDomain = new JID(null, serviceDomain, null).getDomain();
    }

    public String serviceDomain() {
        return serviceDomain;
    }

    @Override
    public String roomJid(String localpart) {
        return new JID(localpart, serviceDomain, null).toBareJID();
    }

    @Override
    public Set<String> rooms() throws RoomGatewayException {
        JID service = new JID(null, serviceDomain, null);
        IQ request = request(service, IQ.Type.get, DISCO_ITEMS);
        Element items = ask(request, "service " + serviceDomain, "disco#items");
        Set<String> localparts = new TreeSet<>();
        if (items != null) {
            for (Element item : items.elements("item")) {
                String jid = item.attributeValue("jid");
                if (jid == null) {
                    continue;
                }
                JID room = parse(jid);
                if (room != null && room.getNode() != null && serviceDomain.equals(room.getDomain())) {
                    localparts.add(room.getNode());
                }
            }
        }
        return localparts;
    }

    @Override
    public Optional<RoomState> read(String localpart) throws RoomGatewayException {
        JID room = room(localpart);
        lock(room);
        try {
            Optional<Element> info = discoInfo(room);
            if (info.isEmpty()) {
                return Optional.empty();
            }
            Occupancy occupancy = enter(room);
            try {
                if (occupancy.created()) {
                    // It vanished between disco and entry, and our presence created it; leaving destroys it again.
                    return Optional.empty();
                }
                Map<RoomConfigField, String> config = readConfig(room);
                Map<String, Affiliation> affiliations = readAffiliations(room);
                affiliations.remove(self.toBareJID());
                Map<String, String> nicknames = new TreeMap<>(reserved.getOrDefault(room.getNode(), Map.of()));
                nicknames.keySet().retainAll(affiliations.keySet());
                return Optional.of(new RoomState(room.getNode(),
                        config.get(RoomConfigField.NAME),
                        config.get(RoomConfigField.DESCRIPTION),
                        RoomConfigField.isOn(config.get(RoomConfigField.MEMBERS_ONLY)),
                        RoomConfigField.isOn(config.get(RoomConfigField.MODERATED)),
                        RoomConfigField.isOn(config.get(RoomConfigField.PERSISTENT)),
                        RoomConfigField.isOn(config.get(RoomConfigField.PUBLIC)),
                        subject(info.get()),
                        affiliations,
                        nicknames));
            } finally {
                leave(occupancy, false);
            }
        } finally {
            oneAtATime.unlock();
        }
    }

    @Override
    public List<String> apply(RoomSpec spec) throws RoomGatewayException {
        JID room = room(spec.localpart());
        Map<String, Affiliation> wantedAffiliations = normalise(room, spec.affiliations());
        Map<String, String> wantedNicknames = normaliseNicknames(room, spec.nicknames());
        Map<RoomConfigField, String> wantedConfig = RoomConfigField.wanted(spec);
        lock(room);
        try {
            List<String> changes = new ArrayList<>();
            Optional<String> subject = discoInfo(room).flatMap(XmppRoomGateway::subject);
            Occupancy occupancy = enter(room);
            boolean madePersistent = false;
            try {
                if (occupancy.created()) {
                    // A new room stays locked until its owner submits the configuration form (XEP-0045 §10.1.2).
                    changes.add("created");
                    applyConfig(room, wantedConfig, true, changes);
                    madePersistent = spec.persistent();
                    applyAffiliations(room, wantedAffiliations, wantedNicknames, changes);
                } else {
                    // Members first, so that turning members-only on does not kick people about to become members.
                    applyAffiliations(room, wantedAffiliations, wantedNicknames, changes);
                    applyConfig(room, wantedConfig, false, changes);
                }
                if (!spec.subject().isEmpty() && !spec.subject().equals(subject.orElse(""))) {
                    setSubject(occupancy, spec.subject());
                    changes.add("subject: " + quoted(subject.orElse("")) + " → " + quoted(spec.subject()));
                }
            } finally {
                leave(occupancy, madePersistent);
            }
            if (changes.isEmpty()) {
                Log.debug("Room {} already as specified", room);
            } else {
                Log.info("Room {} brought to its specification ({} change(s)): {}", room, changes.size(),
                        abridged(changes));
            }
            return List.copyOf(changes);
        } finally {
            oneAtATime.unlock();
        }
    }

    @Override
    public void destroy(String localpart, String reason) throws RoomGatewayException {
        JID room = room(localpart);
        lock(room);
        try {
            if (discoInfo(room).isEmpty()) {
                return;
            }
            Occupancy occupancy = enter(room);
            boolean destroyed = false;
            try {
                IQ request = request(room, IQ.Type.set, MUC_OWNER);
                Element destroy = request.getChildElement().addElement("destroy");
                if (reason != null && !reason.isBlank()) {
                    destroy.addElement("reason").setText(reason);
                }
                ownDestructions.expect(room.getNode());
                ask(request, "room " + room, "muc#owner destroy");
                destroyed = true;
                reserved.remove(room.getNode());
                Log.info("Room {} destroyed: {}", room, reason);
            } finally {
                if (!destroyed) {
                    leave(occupancy, false);
                }
            }
        } finally {
            oneAtATime.unlock();
        }
    }

    // ---- configuration --------------------------------------------------------------------------------------

    private void applyConfig(JID room, Map<RoomConfigField, String> wanted, boolean submitAlways, List<String> changes)
            throws RoomGatewayException {
        Map<RoomConfigField, String> observed = readConfig(room);
        Map<RoomConfigField, String> differing = new EnumMap<>(RoomConfigField.class);
        wanted.forEach((field, value) -> {
            if (!value.equals(observed.get(field))) {
                differing.put(field, value);
            }
        });
        if (differing.isEmpty() && !submitAlways) {
            return;
        }
        submitConfig(room, submitAlways ? wanted : differing);
        differing.forEach((field, value) -> changes.add(field.describeChange(observed.get(field), value)));
    }

    private Map<RoomConfigField, String> readConfig(JID room) throws RoomGatewayException {
        IQ request = request(room, IQ.Type.get, MUC_OWNER);
        Element query = ask(request, "room " + room, "muc#owner configuration form get");
        Element form = Stanzas.dataForm(query);
        if (form == null) {
            throw new RoomGatewayException("Room " + room + ": muc#owner configuration form get returned no form");
        }
        return RoomConfigField.observed(Stanzas.fieldValues(form));
    }

    private void submitConfig(JID room, Map<RoomConfigField, String> values) throws RoomGatewayException {
        IQ request = request(room, IQ.Type.set, MUC_OWNER);
        Element form = Stanzas.addDataForm(request.getChildElement(), "submit");
        Stanzas.addValues(Stanzas.addField(form, "FORM_TYPE", "hidden", null), List.of(RoomConfigField.FORM_TYPE));
        values.forEach((field, value) ->
                Stanzas.addValues(Stanzas.addField(form, field.variable(), null, null), List.of(value)));
        ask(request, "room " + room, "muc#owner configuration form submit");
    }

    // ---- subject --------------------------------------------------------------------------------------------

    /**
     * Sets the subject as an occupant (XEP-0045 §8.1: a groupchat message with only a {@code <subject/>}); the
     * component, an owner, is a moderator and may. The room answers with the subject message to every occupant, us
     * included, or with an error. The {@link RoomMirror} ignores subjects the component sets, so this does not come
     * back as a topic change.
     */
    private void setSubject(Occupancy occupancy, String subject) throws RoomGatewayException {
        JID room = occupancy.room();
        Message change = new Message();
        change.setType(Message.Type.groupchat);
        change.setFrom(self);
        change.setTo(room);
        change.setSubject(subject);
        Message answer;
        try {
            answer = exchange.exchange(change, message -> message.getFrom() != null
                    && room.toBareJID().equals(message.getFrom().toBareJID())
                    && (message.getType() == Message.Type.error
                        || (occupancy.occupant().equals(message.getFrom()) && message.getSubject() != null)));
        } catch (TimeoutException e) {
            throw new RoomGatewayException("Room " + room + ": no answer to the subject change within "
                    + exchange.timeout().toMillis() + " ms", e);
        } catch (StanzaExchange.ExchangeFailedException e) {
            throw new RoomGatewayException("Room " + room + ": subject change failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RoomGatewayException("Room " + room + ": interrupted while waiting for the subject change", e);
        }
        if (answer.getType() == Message.Type.error) {
            throw new RoomGatewayException("Room " + room + ": subject change refused: " + Stanzas.describeError(answer));
        }
    }

    private static String quoted(String text) {
        return "'" + text + "'";
    }

    // ---- affiliations ---------------------------------------------------------------------------------------

    private void applyAffiliations(JID room, Map<String, Affiliation> wanted, Map<String, String> wantedNicknames,
                                   List<String> changes) throws RoomGatewayException {
        Map<String, String> currentNicknames = reserved.computeIfAbsent(room.getNode(),
                key -> new java.util.concurrent.ConcurrentHashMap<>());
        Map<String, Affiliation> current = readAffiliations(room);
        String own = self.toBareJID();
        Affiliation ownAffiliation = current.remove(own);
        if (ownAffiliation != Affiliation.OWNER) {
            setAffiliations(room, List.of(new AffiliationChange(own, ownAffiliation, Affiliation.OWNER)), changes);
        }
        List<AffiliationChange> pending = new ArrayList<>();
        for (Map.Entry<String, Affiliation> entry : wanted.entrySet()) {
            Affiliation now = current.getOrDefault(entry.getKey(), Affiliation.NONE);
            String nick = entry.getValue() == Affiliation.MEMBER ? wantedNicknames.get(entry.getKey()) : null;
            if (now != entry.getValue()) {
                pending.add(new AffiliationChange(entry.getKey(), now, entry.getValue(), nick));
            } else if (nick != null) {
                String known = currentNicknames.get(entry.getKey());
                if (known == null) {
                    // Not reserved by this run (a restart): taken to be what is wanted, as it was when reserved.
                    currentNicknames.put(entry.getKey(), nick);
                } else if (!nick.equalsIgnoreCase(known)) {
                    // Openfire leaves an existing member's reserved nickname as it is (MUCRoom.addMember returns
                    // early): the member loses the affiliation and gets it back with the new nickname, in one set.
                    pending.add(new AffiliationChange(entry.getKey(), now, Affiliation.NONE, null));
                    pending.add(new AffiliationChange(entry.getKey(), Affiliation.NONE, Affiliation.MEMBER, nick));
                }
            }
        }
        for (Map.Entry<String, Affiliation> entry : current.entrySet()) {
            if (!wanted.containsKey(entry.getKey())) {
                pending.add(new AffiliationChange(entry.getKey(), entry.getValue(), Affiliation.NONE));
            }
        }
        for (int from = 0; from < pending.size(); from += MAX_ITEMS_PER_SET) {
            setAffiliations(room, pending.subList(from, Math.min(pending.size(), from + MAX_ITEMS_PER_SET)), changes);
        }
    }

    /** Every listed affiliation of the room, by bare JID, sorted. */
    private Map<String, Affiliation> readAffiliations(JID room) throws RoomGatewayException {
        Map<String, Affiliation> affiliations = new TreeMap<>();
        for (Affiliation affiliation : LISTED) {
            IQ request = request(room, IQ.Type.get, MUC_ADMIN);
            request.getChildElement().addElement("item").addAttribute("affiliation", affiliation.wireName());
            Element query = ask(request, "room " + room, "muc#admin " + affiliation.wireName() + " list get");
            if (query == null) {
                continue;
            }
            for (Element item : query.elements("item")) {
                JID jid = parse(item.attributeValue("jid"));
                if (jid != null) {
                    affiliations.put(jid.toBareJID(), affiliation);
                }
            }
        }
        return affiliations;
    }

    /**
     * Changes several affiliations with one muc#admin set of one {@code <item/>} each (XEP-0045 §9.5, §10.3 show lists
     * edited this way; Openfire 4.2 and 5.x apply the items in order). The changes are recorded only once the set is
     * answered with a result; after an error some items may have been applied, which the next apply reads back.
     */
    private void setAffiliations(JID room, List<AffiliationChange> batch, List<String> changes)
            throws RoomGatewayException {
        IQ request = request(room, IQ.Type.set, MUC_ADMIN);
        for (AffiliationChange change : batch) {
            Element item = request.getChildElement().addElement("item")
                    .addAttribute("affiliation", change.to().wireName())
                    .addAttribute("jid", change.jid());
            if (change.nick() != null) {
                item.addAttribute("nick", change.nick());
            }
        }
        AffiliationChange first = batch.get(0);
        String what = batch.size() == 1
                ? "muc#admin set " + first.jid() + " to " + first.to().wireName()
                : "muc#admin set of " + batch.size() + " affiliations (" + first.jid() + " to " + first.to().wireName()
                        + ", …)";
        ask(request, "room " + room, what);
        Map<String, String> nicknames = reserved.computeIfAbsent(room.getNode(),
                key -> new java.util.concurrent.ConcurrentHashMap<>());
        for (AffiliationChange change : batch) {
            if (change.to() == Affiliation.MEMBER && change.nick() != null) {
                nicknames.put(change.jid(), change.nick());
            } else {
                nicknames.remove(change.jid());
            }
            changes.add(change.jid() + ": " + (change.from() == change.to() ? "" : wire(change.from()) + " → ")
                    + change.to().wireName() + (change.nick() == null ? "" : " (nick " + change.nick() + ")"));
        }
    }

    // ---- presence -------------------------------------------------------------------------------------------

    /** Enters the room (XEP-0045 §7.2), creating it if it does not exist (§10.1); no history is asked for. */
    private Occupancy enter(JID room) throws RoomGatewayException {
        String nickname = "waddle-" + UUID.randomUUID().toString().substring(0, 8);
        JID occupant = new JID(room.getNode(), room.getDomain(), nickname);
        Presence join = new Presence();
        join.setFrom(self);
        join.setTo(occupant);
        join.addChildElement("x", MUC).addElement("history").addAttribute("maxstanzas", "0");
        Presence answer = exchange(room, join, "join (presence)", presence -> presence.getFrom() != null
                && room.toBareJID().equals(presence.getFrom().toBareJID())
                && (presence.getType() == Presence.Type.error || nickname.equals(presence.getFrom().getResource())));
        if (answer.getType() == Presence.Type.error) {
            throw new RoomGatewayException("Room " + room + ": join (presence) refused: " + Stanzas.describeError(answer));
        }
        Set<String> statuses = statusCodes(answer);
        if (!statuses.contains(STATUS_SELF)) {
            Log.debug("Self-presence from {} lacks status 110: {}", room, answer.toXML());
        }
        return new Occupancy(room, occupant, statuses.contains(STATUS_CREATED));
    }

    /**
     * Leaves the room (XEP-0045 §7.14); a missing answer is logged, as the work in the room is done.
     *
     * @param madePersistent whether we made a room we created persistent (else leaving it destroys it)
     */
    private void leave(Occupancy occupancy, boolean madePersistent) {
        if (occupancy.created() && !madePersistent) {
            // Leaving a room we created destroys it unless it became persistent (say, its configuration failed).
            ownDestructions.expect(occupancy.room().getNode());
        }
        Presence leave = new Presence(Presence.Type.unavailable);
        leave.setFrom(self);
        leave.setTo(occupancy.occupant());
        try {
            exchange(occupancy.room(), leave, "leave (unavailable presence)", presence ->
                    occupancy.occupant().equals(presence.getFrom()) && presence.getType() == Presence.Type.unavailable);
        } catch (RoomGatewayException e) {
            Log.warn("Could not confirm leaving {}: {}", occupancy.room(), e.getMessage());
        }
    }

    private static Set<String> statusCodes(Presence presence) {
        Set<String> codes = new TreeSet<>();
        Element user = presence.getChildElement("x", MUC_USER);
        if (user != null) {
            for (Element status : user.elements("status")) {
                String code = status.attributeValue("code");
                if (code != null) {
                    codes.add(code);
                }
            }
        }
        return codes;
    }

    // ---- discovery ------------------------------------------------------------------------------------------

    /** disco#info of the room; empty when the service says it does not exist. */
    private Optional<Element> discoInfo(JID room) throws RoomGatewayException {
        IQ reply = query(request(room, IQ.Type.get, DISCO_INFO), "room " + room, "disco#info");
        if (reply.getType() == IQ.Type.error) {
            if ("item-not-found".equals(Stanzas.errorCondition(reply))) {
                return Optional.empty();
            }
            throw refused("room " + room, "disco#info", reply);
        }
        return Optional.of(reply.getChildElement());
    }

    private static Optional<String> subject(Element discoInfo) {
        List<String> values = Stanzas.fieldValues(Stanzas.dataForm(discoInfo)).getOrDefault(ROOM_INFO_SUBJECT, List.of());
        return values.stream().filter(value -> !value.isBlank()).findFirst();
    }

    // ---- plumbing -------------------------------------------------------------------------------------------

    private IQ request(JID to, IQ.Type type, String namespace) {
        IQ request = new IQ(type);
        request.setFrom(self);
        request.setTo(to);
        request.setChildElement("query", namespace);
        return request;
    }

    /** Sends the request and returns the child element of its result; an error answer is an exception. */
    private Element ask(IQ request, String target, String what) throws RoomGatewayException {
        IQ reply = query(request, target, what);
        if (reply.getType() == IQ.Type.error) {
            throw refused(target, what, reply);
        }
        return reply.getChildElement();
    }

    private IQ query(IQ request, String target, String what) throws RoomGatewayException {
        try {
            return exchange.query(request);
        } catch (TimeoutException e) {
            throw new RoomGatewayException(capitalised(target) + ": no answer to " + what + " within "
                    + exchange.timeout().toMillis() + " ms", e);
        } catch (StanzaExchange.ExchangeFailedException e) {
            throw new RoomGatewayException(capitalised(target) + ": " + what + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RoomGatewayException(capitalised(target) + ": interrupted while waiting for " + what, e);
        }
    }

    private Presence exchange(JID room, Presence presence, String what, Predicate<Presence> answer)
            throws RoomGatewayException {
        try {
            return exchange.exchange(presence, answer);
        } catch (TimeoutException e) {
            throw new RoomGatewayException("Room " + room + ": no answer to " + what + " within "
                    + exchange.timeout().toMillis() + " ms", e);
        } catch (StanzaExchange.ExchangeFailedException e) {
            throw new RoomGatewayException("Room " + room + ": " + what + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RoomGatewayException("Room " + room + ": interrupted while waiting for " + what, e);
        }
    }

    private static RoomGatewayException refused(String target, String what, IQ reply) {
        return new RoomGatewayException(capitalised(target) + ": " + what + " refused: " + Stanzas.describeError(reply));
    }

    private static String capitalised(String text) {
        return Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }

    private void lock(JID room) throws RoomGatewayException {
        try {
            oneAtATime.lockInterruptibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RoomGatewayException("Room " + room + ": interrupted while waiting for another room operation", e);
        }
    }

    private JID room(String localpart) throws RoomGatewayException {
        try {
            if (localpart == null || localpart.isEmpty()) {
                throw new IllegalArgumentException("empty");
            }
            return new JID(localpart, serviceDomain, null);
        } catch (IllegalArgumentException e) {
            throw new RoomGatewayException("Not a room name: '" + localpart + "' (" + e.getMessage() + ")", e);
        }
    }

    /** Bare, stringprepped JIDs; the component's own JID is dropped (it stays owner, see the class comment). */
    private Map<String, Affiliation> normalise(JID room, Map<String, Affiliation> affiliations) throws RoomGatewayException {
        Map<String, Affiliation> normalised = new TreeMap<>();
        for (Map.Entry<String, Affiliation> entry : affiliations.entrySet()) {
            JID jid = parse(entry.getKey());
            if (jid == null) {
                throw new RoomGatewayException("Room " + room + ": not a JID in the affiliations: '" + entry.getKey() + "'");
            }
            String bare = jid.toBareJID();
            if (bare.equals(self.toBareJID())) {
                continue;
            }
            Affiliation previous = normalised.put(bare, entry.getValue());
            if (previous != null && previous != entry.getValue()) {
                throw new RoomGatewayException("Room " + room + ": " + bare + " is given two affiliations, "
                        + previous.wireName() + " and " + entry.getValue().wireName());
            }
        }
        return normalised;
    }

    /** Reserved nicknames by bare, stringprepped JID; empty nicknames are dropped. */
    private Map<String, String> normaliseNicknames(JID room, Map<String, String> nicknames) throws RoomGatewayException {
        Map<String, String> normalised = new TreeMap<>();
        for (Map.Entry<String, String> entry : nicknames.entrySet()) {
            JID jid = parse(entry.getKey());
            if (jid == null) {
                throw new RoomGatewayException("Room " + room + ": not a JID in the nicknames: '" + entry.getKey() + "'");
            }
            if (entry.getValue() != null && !entry.getValue().isBlank()) {
                normalised.put(jid.toBareJID(), entry.getValue());
            }
        }
        return normalised;
    }

    private static JID parse(String jid) {
        if (jid == null || jid.isBlank()) {
            return null;
        }
        try {
            return new JID(jid.trim());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** The first changes and how many more, so that a room of thousands of new members logs one short line. */
    static String abridged(List<String> changes) {
        if (changes.size() <= LOGGED_CHANGES) {
            return String.join("; ", changes);
        }
        return String.join("; ", changes.subList(0, LOGGED_CHANGES)) + "; … and " + (changes.size() - LOGGED_CHANGES)
                + " more";
    }

    private static String wire(Affiliation affiliation) {
        return affiliation == null ? Affiliation.NONE.wireName() : affiliation.wireName();
    }
}
