package social.waddle.web;

import java.util.ArrayList;
import java.util.List;

import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpSession;

/**
 * Messages that survive the redirect after a POST. Kept under the session keys of Openfire's own flash messages
 * ({@code success}, {@code warning}, {@code error}; see its {@code FlashMessageTag}), so the error Openfire stores when
 * its CSRF check refuses a request shows on our page like ours, in the console's {@code success}/{@code warning}/
 * {@code error} boxes.
 */
public final class Flash {

    public enum Kind {
        SUCCESS("success"), WARNING("warning"), ERROR("error");

        private final String key;

        Kind(String key) {
            this.key = key;
        }

        /** The session key, and the console's CSS class of the box. */
        public String key() {
            return key;
        }
    }

    public record Message(Kind kind, String text) {

        public String cssClass() {
            return kind.key();
        }

        /** Errors interrupt a screen reader; the others are read when it is idle. */
        public String role() {
            return kind == Kind.ERROR ? "alert" : "status";
        }
    }

    private Flash() {
    }

    public static void add(HttpServletRequest request, Kind kind, String text) {
        HttpSession session = request.getSession(true);
        Object earlier = session.getAttribute(kind.key());
        session.setAttribute(kind.key(), earlier instanceof String previous && !previous.isEmpty() ? previous + " " + text : text);
    }

    /** The pending messages, removed from the session. */
    public static List<Message> take(HttpServletRequest request) {
        List<Message> messages = new ArrayList<>();
        HttpSession session = request.getSession(false);
        if (session == null) {
            return messages;
        }
        for (Kind kind : Kind.values()) {
            Object value = session.getAttribute(kind.key());
            if (value != null) {
                session.removeAttribute(kind.key());
                String text = value.toString();
                if (!text.isBlank()) {
                    messages.add(new Message(kind, text));
                }
            }
        }
        return messages;
    }
}
