package social.waddle.openfire.muc;

import java.util.Objects;

import org.jivesoftware.openfire.event.SessionEventListener;
import org.jivesoftware.openfire.session.Session;

/** Tells {@link BookmarkSync} when a user's session starts, so their channel bookmarks are reconciled. */
public final class BookmarkLoginListener implements SessionEventListener {

    private final BookmarkSync bookmarks;

    public BookmarkLoginListener(BookmarkSync bookmarks) {
        this.bookmarks = Objects.requireNonNull(bookmarks);
    }

    @Override
    public void sessionCreated(Session session) {
        if (session != null && session.getAddress() != null) {
            bookmarks.userOnline(session.getAddress().toBareJID());
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
