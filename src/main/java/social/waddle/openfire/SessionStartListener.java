package social.waddle.openfire;

import java.util.Objects;
import java.util.function.Consumer;

import org.jivesoftware.openfire.event.SessionEventListener;
import org.jivesoftware.openfire.session.Session;
import org.xmpp.packet.JID;

/**
 * Hands the address of every non-anonymous session that starts to {@code onStart} (on Openfire's thread: keep it
 * cheap, queue real work); the other session events are of no interest.
 */
public final class SessionStartListener implements SessionEventListener {

    private final Consumer<JID> onStart;

    public SessionStartListener(Consumer<JID> onStart) {
        this.onStart = Objects.requireNonNull(onStart);
    }

    @Override
    public void sessionCreated(Session session) {
        if (session != null && session.getAddress() != null) {
            onStart.accept(session.getAddress());
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
