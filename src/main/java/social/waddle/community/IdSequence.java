package social.waddle.community;

import java.util.Locale;

/** The kinds of row whose id the repository allocates; each has its own counter. */
public enum IdSequence {
    WADDLE, CHANNEL, AUDIT, LIST_LINK;

    /** The counter's name in storage; stored, so never change it. */
    public String storedName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
