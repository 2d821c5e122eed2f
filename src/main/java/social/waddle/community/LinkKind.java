package social.waddle.community;

/** What a linked Bluesky source does to its Waddle. Stored by name: never rename a constant. */
public enum LinkKind {
    /** A curation (or reference) list: its people are members. */
    MEMBERS,
    /** A moderation list: its people are banned. */
    BANS,
    /** The owner's own blocks: the people they block are banned. */
    BLOCKS;

    public boolean bans() {
        return this != MEMBERS;
    }
}
