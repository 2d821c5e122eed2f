package social.waddle.web.site;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

import javax.servlet.http.HttpServletRequest;

/**
 * CSRF tokens of the public pages: an HMAC of the browser's own {@link SiteCookies#BROWSER} id under the site secret.
 * Another site can neither read the cookie nor compute the token (it lacks the secret), and a form POSTed from
 * another site does not carry the token; {@code SameSite=Lax} keeps the cookie off its POSTs as a second line.
 */
public final class SiteCsrf {

    /** The form field. */
    public static final String PARAMETER = "csrf";

    private SiteCsrf() {
    }

    static String token(SiteServices services, String browserId) {
        return SiteCookies.mac(services, "csrf", browserId);
    }

    /** Whether the POST carries the token of the browser id it brings in its cookie. */
    static boolean verify(HttpServletRequest request, SiteServices services) {
        Optional<String> browser = SiteCookies.existingBrowserId(request);
        String given = request.getParameter(PARAMETER);
        if (browser.isEmpty() || given == null) {
            return false;
        }
        return MessageDigest.isEqual(token(services, browser.get()).getBytes(StandardCharsets.UTF_8),
                given.getBytes(StandardCharsets.UTF_8));
    }
}
