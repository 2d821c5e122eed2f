package social.waddle.web.site;

import java.time.Instant;
import java.util.Optional;

/**
 * Server-side web sessions. The cookie carries a random token; only its hash is stored, so the store's contents cannot
 * sign anyone in. A session is worthless as soon as it is ended, all of its person's sessions are ended, or its
 * account is deleted or blocked.
 */
public interface WebSessions {

    /** A new session: the token to put in the cookie (never stored as such) and when it ends. */
    record Started(String token, Instant expiresAt) {
    }

    Started start(Person person, String address);

    /** The person of a live session, or empty for an unknown, ended or expired token or an unusable account. */
    Optional<Person> find(String token);

    void end(String token);

    /** Ends every session of {@code did} ("sign out everywhere"); returns how many were live. */
    int endAll(String did);
}
