package social.waddle.web.site;

import java.io.IOException;
import java.io.StringWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import social.waddle.web.BundleMessages;
import social.waddle.web.ConsoleServices;
import social.waddle.web.Flash;
import social.waddle.web.Messages;
import social.waddle.web.PluginServlet;
import social.waddle.web.Templates;

/**
 * Base of the public pages. Every answer carries the security headers ({@link #SECURITY_HEADERS}); GET renders; POST
 * checks the CSRF token ({@link SiteCsrf}), acts, and redirects (303) to a page under the base URL with a flash
 * message. A page requires a signed-in person unless {@link #requiresSignIn()} says otherwise: without one, a GET is
 * sent to the sign-in page (coming back here afterwards) and a POST is refused.
 *
 * <p>Class loader and character encoding: see {@link PluginServlet}.
 */
public abstract class SitePage extends PluginServlet {

    private static final long serialVersionUID = 1L;
    private static final Logger Log = LoggerFactory.getLogger(SitePage.class);

    /**
     * No external source of anything, no framing (clickjacking), no plugins, no base tag. {@code form-action} is not
     * restricted: the sign-in form is answered with a redirect to the person's own authorization server, which
     * browsers check against {@code form-action}.
     */
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'self'; img-src 'self' data:; "
            + "frame-ancestors 'none'; base-uri 'none'; object-src 'none'";

    static final List<String[]> SECURITY_HEADERS = List.of(
            new String[] {"Content-Security-Policy", CONTENT_SECURITY_POLICY},
            new String[] {"X-Frame-Options", "DENY"},
            new String[] {"X-Content-Type-Options", "nosniff"},
            // The callback's URL carries the authorization code: never send it on as a referrer.
            new String[] {"Referrer-Policy", "no-referrer"});

    /** The i18n key of the page title. */
    protected abstract String titleKey();

    protected abstract SiteResult get(SiteRequest request) throws Exception;

    /** A page with forms overrides this; the CSRF token has been checked. */
    protected SiteResult post(SiteRequest request) throws Exception {
        return problem(request, 405, request.t("site.error.method"));
    }

    /** Whether only a signed-in person may use the page (default). */
    protected boolean requiresSignIn() {
        return true;
    }

    /** What the problem page shows. */
    public record Problem(String message) {
    }

    /** A page answering with an error box, e.g. a refused sign-in. */
    protected static SiteResult problem(SiteRequest request, int status, String message) {
        return new SiteResult.View("site/problem.jte", new Problem(message), status);
    }

    @Override
    protected final void handle(HttpServletRequest request, HttpServletResponse response, boolean post)
            throws IOException {
        for (String[] header : SECURITY_HEADERS) {
            response.setHeader(header[0], header[1]);
        }
        response.setHeader("Cache-Control", "no-store");
        Optional<SiteServices> installed = SiteServices.current();
        if (installed.isEmpty()) {
            Messages fallback = BundleMessages.forLocale(Locale.getDefault());
            response.sendError(503, fallback.text("site.error.notRunning"));
            return;
        }
        SiteServices services = installed.get();
        String browser = SiteCookies.browserId(request, response, services);
        Optional<String> token = SiteCookies.sessionToken(request);
        Optional<Person> person = Optional.empty();
        SiteRequest page = new SiteRequest(request, response, services, person, token, browser);
        try {
            person = token.flatMap(services.sessions()::find);
            page = new SiteRequest(request, response, services, person, token, browser);
            if (token.isPresent() && person.isEmpty()) {
                // An ended, expired or revoked session: the cookie is worthless, so drop it.
                SiteCookies.delete(response, services, SiteCookies.SESSION);
            }
            if (post && !SiteCsrf.verify(request, services)) {
                Log.warn("Refused a POST to {} from {} without a valid CSRF token", request.getRequestURI(),
                        page.address());
                respond(page, response, problem(page, 403, page.t("site.error.csrf")));
                return;
            }
            if (requiresSignIn() && person.isEmpty()) {
                if (post) {
                    respond(page, response, problem(page, 403, page.t("site.error.signedOut")));
                } else {
                    String here = services.basePath() + Optional.ofNullable(request.getServletPath()).orElse("")
                            + Optional.ofNullable(request.getPathInfo()).orElse("");
                    String back = ReturnPaths.relative(here, services.basePath()).orElse("/");
                    respond(page, response, SiteResult.to(back.equals("/") ? "/signin"
                            : "/signin?return=" + URLEncoder.encode(services.basePath() + back, StandardCharsets.UTF_8)));
                }
                return;
            }
            respond(page, response, post ? post(page) : get(page));
        } catch (ConsoleServices.ServiceUnavailableException e) {
            Log.warn("Public page {} cannot work: {}", request.getRequestURI(), e.getMessage());
            respond(page, response, problem(page, 503, page.t("site.error.serviceUnavailable")));
        } catch (Exception e) {
            Log.error("Public page {} failed", request.getRequestURI(), e);
            respond(page, response, problem(page, 500, page.t("site.error.unexpected")));
        }
    }

    private void respond(SiteRequest page, HttpServletResponse response, SiteResult result) throws IOException {
        SiteServices services = page.services();
        if (result instanceof SiteResult.Redirect redirect) {
            if (!redirect.text().isEmpty()) {
                SiteCookies.flash(response, services, redirect.kind(), redirect.text());
            }
            response.setStatus(HttpServletResponse.SC_SEE_OTHER);
            response.setHeader("Location", services.baseUrl() + redirect.path());
        } else if (result instanceof SiteResult.External external) {
            response.setStatus(HttpServletResponse.SC_SEE_OTHER);
            response.setHeader("Location", external.location().toString());
        } else if (result instanceof SiteResult.Document document) {
            response.setStatus(document.status());
            response.setContentType(document.contentType());
            response.setHeader("Cache-Control", "no-cache");
            response.getWriter().write(document.body());
        } else if (result instanceof SiteResult.View view) {
            List<Flash.Message> flash = new ArrayList<>();
            SiteCookies.takeFlash(page.http(), response, services).ifPresent(flash::add);
            SiteFrame frame = new SiteFrame(page.t(titleKey()), flash,
                    SiteCsrf.token(services, page.browserIdForForms()),
                    page.optionalPerson(), services.basePath(), services.messages());
            StringWriter html = new StringWriter(8192);
            Templates.render(view.template(), frame, view.view(), html);
            response.setStatus(view.status());
            response.setContentType("text/html;charset=UTF-8");
            response.getWriter().write(html.toString());
        }
    }
}
