package social.waddle.web;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpSession;

/**
 * Our own check of the {@code csrf} form field, on top of Openfire's.
 *
 * <p>With {@code csrfProtectionEnabled} in plugin.xml, Openfire's {@code PluginServlet} refuses a non-GET request whose
 * {@code csrf} parameter differs from its session attribute {@code csrf}, then stores a fresh token in that attribute
 * and in the request attribute {@code csrf} before calling the page. A page must therefore put the request
 * attribute's token in its forms. We remember the token we put in a form in our own session attribute and require a
 * POST to bring it back, so a page stays protected where Openfire's check is off or absent. Without Openfire (tests),
 * the token is one random value per session.
 */
public final class Csrf {

    /** The form field, and Openfire's request and session attribute. */
    public static final String PARAMETER = "csrf";
    static final String OPENFIRE_REQUEST_ATTRIBUTE = "csrf";
    static final String SESSION_ATTRIBUTE = "social.waddle.web.csrf";

    private static final SecureRandom RANDOM = new SecureRandom();

    private Csrf() {
    }

    /** The token to put in this response's forms. */
    public static String issue(HttpServletRequest request) {
        HttpSession session = request.getSession(true);
        Object fromOpenfire = request.getAttribute(OPENFIRE_REQUEST_ATTRIBUTE);
        String token;
        if (fromOpenfire instanceof String issued && !issued.isEmpty()) {
            token = issued;
        } else if (session.getAttribute(SESSION_ATTRIBUTE) instanceof String existing) {
            token = existing;
        } else {
            byte[] random = new byte[24];
            RANDOM.nextBytes(random);
            token = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        }
        session.setAttribute(SESSION_ATTRIBUTE, token);
        return token;
    }

    /** Whether the request brings back the token this session's last page was given. */
    public static boolean verify(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        if (session == null) {
            return false;
        }
        Object expected = session.getAttribute(SESSION_ATTRIBUTE);
        String given = request.getParameter(PARAMETER);
        return expected instanceof String token && given != null
                && MessageDigest.isEqual(token.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
    }
}
