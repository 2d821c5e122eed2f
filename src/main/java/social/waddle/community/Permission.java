package social.waddle.community;

import java.util.Objects;

/**
 * What a person may do in a Waddle, by the least {@link Role} it takes. {@link WaddleService} checks every change
 * against these, and pages that hide what a role cannot do ask the same table, so the rules live in one place.
 * Acting on a member also needs a rank above theirs ({@link Role#outranks}), which the service checks per target.
 */
public enum Permission {
    /** Name, description and visibility of the Waddle. */
    EDIT_WADDLE(Role.ADMIN),
    DELETE_WADDLE(Role.OWNER),
    /** Add, rename, retopic, reorder, remove channels and choose the default one. */
    MANAGE_CHANNELS(Role.ADMIN),
    /** Remove members of lower rank (they may join again). */
    REMOVE_MEMBERS(Role.MODERATOR),
    /** Give members of lower rank a role below one's own. */
    CHANGE_ROLES(Role.ADMIN),
    TRANSFER_OWNERSHIP(Role.OWNER),
    /** Ban and lift bans. */
    BAN(Role.MODERATOR),
    /** Link, unlink and sync Bluesky lists. */
    MANAGE_LISTS(Role.ADMIN),
    /** Create and see invites; revoke one's own. */
    INVITE(Role.MODERATOR),
    REVOKE_ANY_INVITE(Role.ADMIN),
    READ_AUDIT(Role.MODERATOR);

    private final Role least;

    Permission(Role least) {
        this.least = Objects.requireNonNull(least);
    }

    /** The least role that has this permission. */
    public Role least() {
        return least;
    }

    public boolean allows(Role role) {
        return role.atLeast(least);
    }
}
