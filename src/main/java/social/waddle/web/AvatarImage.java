package social.waddle.web;

import java.io.IOException;
import java.util.Optional;

import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import social.waddle.atproto.profile.Avatar;
import social.waddle.atproto.profile.ImageType;

/**
 * The avatar the plugin published for an account, served from the console's own origin: the console's
 * Content-Security-Policy ({@code img-src 'self' igniterealtime.org}) blocks images from a PDS or Bluesky's CDN and
 * {@code data:} URIs. {@code GET waddle-avatar?did=<did>[&v=<sha1>]}, for logged-in admins only, like every page.
 *
 * <p>Only bytes that are one of the accepted image types ({@link ImageType}, by their leading bytes) are served, with
 * that type, never a stored or declared one, and {@code X-Content-Type-Options: nosniff}. The URL the account page
 * uses carries the avatar's SHA-1, so a new avatar is a new URL and the old one may be cached; the ETag is that SHA-1.
 */
public final class AvatarImage extends HttpServlet {

    private static final long serialVersionUID = 1L;

    public static final String PATH = "waddle-avatar";
    static final String CACHE_CONTROL = "private, max-age=86400";

    /** The URL of an account's avatar, relative to the plugin's pages. */
    public static String href(String did, String sha1) {
        return Urls.withParameter(PATH, "did", did) + "&v=" + Urls.encode(sha1);
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Optional<ConsoleServices> services = ConsoleServices.current();
        if (services.isEmpty()) {
            refuse(response, HttpServletResponse.SC_SERVICE_UNAVAILABLE, "Waddle is not running.");
            return;
        }
        if (services.get().users().current(request).isEmpty()) {
            refuse(response, HttpServletResponse.SC_FORBIDDEN, "Log in to the admin console first.");
            return;
        }
        String did = request.getParameter("did");
        Optional<Avatar> avatar = did == null ? Optional.empty()
                : services.get().find(AccountProfiles.class).flatMap(profiles -> profiles.avatar(did));
        Optional<ImageType> type = avatar.flatMap(image -> ImageType.of(image.bytes()));
        if (avatar.isEmpty() || type.isEmpty()) {
            refuse(response, HttpServletResponse.SC_NOT_FOUND, "No avatar is published for this account.");
            return;
        }
        String etag = "\"" + avatar.get().sha1() + "\"";
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Cache-Control", CACHE_CONTROL);
        response.setHeader("ETag", etag);
        if (etag.equals(request.getHeader("If-None-Match"))) {
            response.setStatus(HttpServletResponse.SC_NOT_MODIFIED);
            return;
        }
        byte[] bytes = avatar.get().bytes();
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType(type.get().mediaType());
        response.setContentLength(bytes.length);
        response.setHeader("Content-Disposition", "inline");
        // Opened on its own, the image gets no script, style or frame rights at all.
        response.setHeader("Content-Security-Policy", "default-src 'none'; sandbox");
        response.getOutputStream().write(bytes);
    }

    private static void refuse(HttpServletResponse response, int status, String text) throws IOException {
        response.setStatus(status);
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setContentType("text/plain;charset=UTF-8");
        response.getWriter().write(text);
    }
}
