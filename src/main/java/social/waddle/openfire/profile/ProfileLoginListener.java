package social.waddle.openfire.profile;

import java.util.Objects;

import org.jivesoftware.openfire.event.SessionEventListener;
import org.jivesoftware.openfire.session.Session;

import social.waddle.profile.ProfileSync;

/** Tells {@link ProfileSync} when a user's session starts; the sync decides (cheaply) whether a fetch is due. */
public final class ProfileLoginListener implements SessionEventListener {

    private final ProfileSync sync;

    public ProfileLoginListener(ProfileSync sync) {
        this.sync = Objects.requireNonNull(sync);
    }

    @Override
    public void sessionCreated(Session session) {
        if (session != null && session.getAddress() != null && session.getAddress().getNode() != null) {
            sync.userOnline(session.getAddress().getNode());
        }
    }

    @Override
    public void sessionDestroyed(Session session) {
    }

    @Override
    public void anonymousSessionCreated(Session session) {
    }

    @Override
    public void anonymousSessionDestroyed(Session session) {
    }

    @Override
    public void resourceBound(Session session) {
    }
}
