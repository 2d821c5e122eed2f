package social.waddle.web.site;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.servlet.http.Cookie;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/**
 * The pages' cookies, written by hand because the servlet API cannot say {@code SameSite}: every one is
 * {@code HttpOnly}, {@code SameSite=Lax}, limited to the base path, and {@code Secure} when the base URL is https.
 * <ul>
 *   <li>{@value #BROWSER}: a random id of this browser, the key of its CSRF token and of its OAuth binding;</li>
 *   <li>{@value #SESSION}: the web session's token (the server keeps only its hash);</li>
 *   <li>{@value #FLASH}: a message for the page after a redirect, read once.</li>
 * </ul>
 */
public final class SiteCookies {

    public static final String BROWSER = "waddle_browser";
    public static final String SESSION = "waddle_session";
    public static final String FLASH = "waddle_flash";
    static final String RETURN = "waddle_return";

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int MAX_FLASH_CHARS = 1000;

    private SiteCookies() {
    }

    static Optional<String> read(HttpServletRequest request, String name) {
        Cookie[] cookies = request.getCookies();
        if (cookies == null) {
            return Optional.empty();
        }
        for (Cookie cookie : cookies) {
            if (name.equals(cookie.getName()) && cookie.getValue() != null && !cookie.getValue().isEmpty()) {
                return Optional.of(cookie.getValue());
            }
        }
        return Optional.empty();
    }

    /** Writes a cookie; {@code maxAge} empty = until the browser closes, zero = delete. */
    static void write(HttpServletResponse response, SiteServices services, String name, String value,
                      Optional<Duration> maxAge) {
        StringBuilder header = new StringBuilder(name).append('=').append(value)
                .append("; Path=").append(services.basePath())
                .append("; HttpOnly; SameSite=Lax");
        maxAge.ifPresent(age -> header.append("; Max-Age=").append(Math.max(0, age.toSeconds())));
        if (services.secure()) {
            header.append("; Secure");
        }
        response.addHeader("Set-Cookie", header.toString());
    }

    static void delete(HttpServletResponse response, SiteServices services, String name) {
        write(response, services, name, "", Optional.of(Duration.ZERO));
    }

    /** This browser's id, set now (for the forms of this page) when it has none or a malformed one. */
    static String browserId(HttpServletRequest request, HttpServletResponse response, SiteServices services) {
        Optional<String> existing = read(request, BROWSER).filter(SiteCookies::wellFormedToken);
        if (existing.isPresent()) {
            return existing.get();
        }
        String fresh = randomToken();
        write(response, services, BROWSER, fresh, Optional.empty());
        return fresh;
    }

    static Optional<String> existingBrowserId(HttpServletRequest request) {
        return read(request, BROWSER).filter(SiteCookies::wellFormedToken);
    }

    static Optional<String> sessionToken(HttpServletRequest request) {
        return read(request, SESSION).filter(SiteCookies::wellFormedToken);
    }

    /** 32 random bytes, base64url without padding (43 characters). */
    public static String randomToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static boolean wellFormedToken(String value) {
        return value.length() == 43 && value.chars().allMatch(c -> c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
                || c >= '0' && c <= '9' || c == '-' || c == '_');
    }

    /** HMAC-SHA256 of {@code purpose:value} under the site secret, base64url. */
    static String mac(SiteServices services, String purpose, String value) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(services.secret(), "HmacSHA256"));
            byte[] out = mac.doFinal((purpose + ":" + value).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(out);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    static void flash(HttpServletResponse response, SiteServices services, social.waddle.web.Flash.Kind kind, String text) {
        String bounded = text.length() > MAX_FLASH_CHARS ? text.substring(0, MAX_FLASH_CHARS) + "…" : text;
        String encoded = Base64.getUrlEncoder().withoutPadding()
                .encodeToString((kind.name() + "\n" + bounded).getBytes(StandardCharsets.UTF_8));
        write(response, services, FLASH, encoded, Optional.of(Duration.ofMinutes(2)));
    }

    /** The pending flash message, deleted from the browser. */
    static Optional<social.waddle.web.Flash.Message> takeFlash(HttpServletRequest request, HttpServletResponse response,
                                                               SiteServices services) {
        Optional<String> raw = read(request, FLASH);
        if (raw.isEmpty()) {
            return Optional.empty();
        }
        delete(response, services, FLASH);
        try {
            String decoded = new String(Base64.getUrlDecoder().decode(raw.get()), StandardCharsets.UTF_8);
            int newline = decoded.indexOf('\n');
            if (newline < 0) {
                return Optional.empty();
            }
            social.waddle.web.Flash.Kind kind = social.waddle.web.Flash.Kind.valueOf(decoded.substring(0, newline));
            return Optional.of(new social.waddle.web.Flash.Message(kind, decoded.substring(newline + 1)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
