package social.waddle.community;

/** Who may find and join a Waddle. */
public enum Visibility {
    /** Listed; anyone may join directly; its rooms are open to everyone. */
    PUBLIC,
    /** Listed, so people can find it, but joining needs an invite; its rooms are members-only. */
    INVITE_ONLY,
    /** Not listed; joining needs an invite; its rooms are members-only and hidden from room directories. */
    PRIVATE;

    public boolean joinableWithoutInvite() {
        return this == PUBLIC;
    }
}
