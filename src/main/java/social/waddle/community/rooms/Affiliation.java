package social.waddle.community.rooms;

import java.util.Locale;

/** XEP-0045 §5.2 affiliations, as written on the wire in lower case. */
public enum Affiliation {
    OWNER, ADMIN, MEMBER, OUTCAST, NONE;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Affiliation fromWireName(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }
}
