package social.waddle.openfire.web;

import java.util.Optional;

import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpSession;

import org.jivesoftware.openfire.auth.AuthToken;

import social.waddle.web.ConsoleUsers;

/**
 * The admin logged in to the console: Openfire's {@code AuthCheckFilter} (and its login page) keep an {@link AuthToken}
 * in the session attribute {@code jive.admin.authToken} in 4.2.0 and 5.1.1 alike; {@code getRemoteUser()} is not set
 * by the console.
 */
public final class OpenfireConsoleUsers implements ConsoleUsers {

    static final String AUTH_TOKEN_ATTRIBUTE = "jive.admin.authToken";

    @Override
    public Optional<String> current(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        if (session == null) {
            return Optional.empty();
        }
        Object token = session.getAttribute(AUTH_TOKEN_ATTRIBUTE);
        if (token instanceof AuthToken authToken && !authToken.isAnonymous() && authToken.getUsername() != null) {
            return Optional.of(authToken.getUsername());
        }
        return Optional.empty();
    }
}
