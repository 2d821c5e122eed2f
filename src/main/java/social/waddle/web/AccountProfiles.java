package social.waddle.web;

import java.util.Optional;

import social.waddle.account.StoredProfile;
import social.waddle.atproto.profile.Avatar;

/** The Bluesky profiles the plugin publishes, as the account page shows them and refreshes them. */
public interface AccountProfiles {

    Optional<StoredProfile> profile(String did);

    /** The avatar published for the account now (what XMPP clients get), if any. */
    Optional<Avatar> avatar(String did);

    /** Queues a fetch and publication of the profile now, whatever its age; false when one is queued already. */
    boolean refresh(String did);
}
