package social.waddle.community;

/** How a members list rules its Waddle's member list. Stored by name: never rename a constant. */
public enum SyncMode {
    /** The list adds people and removes those it added once they leave it; people added by hand stay. */
    ADD_ONLY,
    /** The list is the member list: members not on it leave, except the owner and admins. */
    EXACT
}
