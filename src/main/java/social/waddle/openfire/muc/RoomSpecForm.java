package social.waddle.openfire.muc;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.dom4j.Element;

import social.waddle.community.rooms.Affiliation;
import social.waddle.community.rooms.RoomSpec;

/**
 * A {@link RoomSpec} as a XEP-0004 data form, for the {@code apply-room} command: the blank form offered to the
 * admin, and the submitted values read back.
 */
final class RoomSpecForm {

    static final String FORM_TYPE = "urn:waddle:openfire:0#room-spec";

    static final String LOCALPART = "localpart";
    static final String NAME = "name";
    static final String DESCRIPTION = "description";
    static final String MEMBERS_ONLY = "membersonly";
    static final String MODERATED = "moderated";
    static final String PERSISTENT = "persistent";
    static final String PUBLIC = "public";
    static final String SUBJECT = "subject";

    /** The jid-multi field listing the JIDs of each affiliation. */
    static final Map<Affiliation, String> AFFILIATION_FIELDS = affiliationFields();

    private RoomSpecForm() {
    }

    private static Map<Affiliation, String> affiliationFields() {
        Map<Affiliation, String> fields = new LinkedHashMap<>();
        fields.put(Affiliation.OWNER, "owners");
        fields.put(Affiliation.ADMIN, "admins");
        fields.put(Affiliation.MEMBER, "members");
        fields.put(Affiliation.OUTCAST, "outcasts");
        return Collections.unmodifiableMap(fields);
    }

    static void addBlankForm(Element command) {
        Element form = Stanzas.addDataForm(command, "form");
        form.addElement("title").setText("Apply a channel room");
        form.addElement("instructions").setText(
                "The room is created if missing; its configuration and affiliations are brought to these values. "
                        + "JIDs not listed lose their affiliation.");
        Stanzas.addValues(Stanzas.addField(form, "FORM_TYPE", "hidden", null), List.of(FORM_TYPE));
        required(Stanzas.addField(form, LOCALPART, "text-single", "Room name in the address (localpart)"));
        Stanzas.addField(form, NAME, "text-single", "Display name");
        Stanzas.addField(form, DESCRIPTION, "text-single", "Description");
        Stanzas.addField(form, SUBJECT, "text-single", "Subject (left as it is when empty)");
        Stanzas.addValues(Stanzas.addField(form, MEMBERS_ONLY, "boolean", "Members only"), List.of("0"));
        Stanzas.addValues(Stanzas.addField(form, MODERATED, "boolean", "Moderated"), List.of("0"));
        Stanzas.addValues(Stanzas.addField(form, PERSISTENT, "boolean", "Persistent"), List.of("1"));
        Stanzas.addValues(Stanzas.addField(form, PUBLIC, "boolean", "Listed in the room directory"), List.of("1"));
        for (String field : AFFILIATION_FIELDS.values()) {
            Stanzas.addField(form, field, "jid-multi", Character.toUpperCase(field.charAt(0)) + field.substring(1) + " (bare JIDs)");
        }
    }

    /**
     * The spec the submitted values describe. A missing name defaults to the localpart, booleans to the blank
     * form's defaults.
     *
     * @throws IllegalArgumentException naming the field that is missing or contradicts another
     */
    static RoomSpec parse(Map<String, List<String>> values) {
        String localpart = first(values, LOCALPART, "").trim();
        if (localpart.isEmpty()) {
            throw new IllegalArgumentException("The field '" + LOCALPART + "' is required.");
        }
        Map<String, Affiliation> affiliations = new LinkedHashMap<>();
        for (Map.Entry<Affiliation, String> field : AFFILIATION_FIELDS.entrySet()) {
            for (String jid : values.getOrDefault(field.getValue(), List.of())) {
                String trimmed = jid.trim();
                if (trimmed.isEmpty()) {
                    continue;
                }
                Affiliation previous = affiliations.put(trimmed, field.getKey());
                if (previous != null && previous != field.getKey()) {
                    throw new IllegalArgumentException(trimmed + " is listed as both " + previous.wireName() + " and "
                            + field.getKey().wireName() + ".");
                }
            }
        }
        String name = first(values, NAME, "").trim();
        return new RoomSpec(localpart,
                name.isEmpty() ? localpart : name,
                first(values, DESCRIPTION, ""),
                bool(values, MEMBERS_ONLY, false),
                bool(values, MODERATED, false),
                bool(values, PERSISTENT, true),
                bool(values, PUBLIC, true),
                affiliations,
                first(values, SUBJECT, "").trim());
    }

    static String first(Map<String, List<String>> values, String field, String fallback) {
        List<String> list = values.get(field);
        return list == null || list.isEmpty() || list.get(0) == null ? fallback : list.get(0);
    }

    private static boolean bool(Map<String, List<String>> values, String field, boolean fallback) {
        List<String> list = values.get(field);
        return list == null || list.isEmpty() ? fallback : Stanzas.isTrue(list.get(0));
    }

    private static void required(Element field) {
        field.addElement("required");
    }
}
