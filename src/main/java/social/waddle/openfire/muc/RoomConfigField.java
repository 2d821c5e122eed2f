package social.waddle.openfire.muc;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import social.waddle.community.rooms.Affiliation;
import social.waddle.community.rooms.RoomSpec;

/**
 * The fields of the XEP-0045 room configuration form (§15.5.3, {@code muc#roomconfig}) a {@link RoomSpec} decides.
 * Values are kept as they travel: text as is, booleans as {@code "1"}/{@code "0"} (Openfire 4.2.0 reads only
 * {@code "1"} as true).
 */
enum RoomConfigField {
    NAME("muc#roomconfig_roomname", "name", false),
    DESCRIPTION("muc#roomconfig_roomdesc", "description", false),
    MEMBERS_ONLY("muc#roomconfig_membersonly", "membersonly", true),
    MODERATED("muc#roomconfig_moderatedroom", "moderated", true),
    PERSISTENT("muc#roomconfig_persistentroom", "persistent", true),
    PUBLIC("muc#roomconfig_publicroom", "public", true),
    /**
     * Openfire's own field: members may enter only under the nickname reserved for them. With it and the reserved
     * nicknames of the member list, nobody poses as a member under the member's handle (XEP-0045 §7.12).
     */
    RESERVED_NICK_ONLY("x-muc#roomconfig_reservednick", "reserved nickname only", true),
    /** Openfire's own field: occupants may not change their nickname once in the room. */
    CAN_CHANGE_NICK("x-muc#roomconfig_canchangenick", "can change nickname", true);

    static final String FORM_TYPE = "http://jabber.org/protocol/muc#roomconfig";

    private final String variable;
    private final String label;
    private final boolean bool;

    RoomConfigField(String variable, String label, boolean bool) {
        this.variable = variable;
        this.label = label;
        this.bool = bool;
    }

    String variable() {
        return variable;
    }

    /** The values {@code spec} asks for. */
    static Map<RoomConfigField, String> wanted(RoomSpec spec) {
        Map<RoomConfigField, String> values = new EnumMap<>(RoomConfigField.class);
        values.put(NAME, spec.name());
        values.put(DESCRIPTION, spec.description());
        values.put(MEMBERS_ONLY, wire(spec.membersOnly()));
        values.put(MODERATED, wire(spec.moderated()));
        values.put(PERSISTENT, wire(spec.persistent()));
        values.put(PUBLIC, wire(spec.publicRoom()));
        // Openfire refuses a member without a reserved nickname in such a room (a room applied by an admin's
        // command may list members without one): the nickname lock needs every member to have one.
        boolean everyMemberReserved = spec.affiliations().entrySet().stream()
                .filter(entry -> entry.getValue() == Affiliation.MEMBER)
                .allMatch(entry -> spec.nicknames().containsKey(entry.getKey()));
        values.put(RESERVED_NICK_ONLY, wire(everyMemberReserved));
        values.put(CAN_CHANGE_NICK, wire(!everyMemberReserved));
        return values;
    }

    /** The values a room's configuration form holds, normalised; a field the form lacks reads as empty or false. */
    static Map<RoomConfigField, String> observed(Map<String, List<String>> form) {
        Map<RoomConfigField, String> values = new EnumMap<>(RoomConfigField.class);
        for (RoomConfigField field : values()) {
            List<String> raw = form.getOrDefault(field.variable, List.of());
            String first = raw.isEmpty() ? "" : raw.get(0);
            values.put(field, field.bool ? wire(Stanzas.isTrue(first)) : first);
        }
        return values;
    }

    static boolean isOn(String wireValue) {
        return Stanzas.isTrue(wireValue);
    }

    /** How a change reads in a report: {@code set name: 'Lobby' → 'General'}, {@code set public: false → true}. */
    String describeChange(String from, String to) {
        return "set " + label + ": " + shown(from) + " → " + shown(to);
    }

    private String shown(String value) {
        return bool ? Boolean.toString(isOn(value)) : "'" + value + "'";
    }

    private static String wire(boolean value) {
        return value ? "1" : "0";
    }
}
