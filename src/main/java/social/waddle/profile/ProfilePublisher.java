package social.waddle.profile;

import java.util.Optional;

import social.waddle.account.AtprotoAccount;
import social.waddle.atproto.profile.BlueskyProfile;

/**
 * Puts a Bluesky profile where XMPP clients read it (vCard-temp, User Avatar and User Nickname in PEP). Implemented by
 * the Openfire adapter; each call is complete or throws, and may be repeated.
 */
public interface ProfilePublisher {

    /**
     * Publishes the whole profile for the account.
     *
     * @param handle        the verified handle, empty when it does not verify (the DID is shown instead)
     * @param avatarChanged whether the avatar differs from the one published before (PEP avatar data is only
     *                      published again then)
     */
    void publish(AtprotoAccount account, Optional<String> handle, BlueskyProfile profile, boolean avatarChanged)
            throws Exception;

    /**
     * Only the handle changed and the PDS could not be read: rewrites the name parts (vCard FN, NICKNAME and URL,
     * PEP nickname) and keeps the published photo.
     */
    void publishIdentity(AtprotoAccount account, Optional<String> handle, Optional<String> displayName) throws Exception;
}
