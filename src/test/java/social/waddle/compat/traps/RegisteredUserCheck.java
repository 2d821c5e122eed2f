package social.waddle.compat.traps;

import org.jivesoftware.openfire.user.UserManager;

/** {@code UserManager.isRegisteredUser(String)} is gone in 5.1.1 (it has {@code isRegisteredUser(JID, boolean)}). */
public final class RegisteredUserCheck {

    public boolean exists(String username) {
        return UserManager.getInstance().isRegisteredUser(username);
    }
}
