package social.waddle.compat.traps;

import org.jivesoftware.openfire.muc.MUCRole;

/** {@code MUCRole} and its nested {@code Role} are gone in 5.x. */
public final class MucRoleReader {

    public boolean isModerator(MUCRole occupant) {
        return occupant.getRole() == MUCRole.Role.moderator;
    }
}
