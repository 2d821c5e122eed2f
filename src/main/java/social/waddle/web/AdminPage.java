package social.waddle.web;

import java.io.IOException;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Base of the plugin's console pages. GET renders; POST checks our CSRF token ({@link Csrf}), acts, and redirects
 * (303) to a GET with a flash message, or re-renders the form when the input is invalid. Every response is a full
 * HTML document with {@code <meta name="pageID">}, which the console's SiteMesh decorator frames with its header,
 * tabs and sidebar; the body uses the console's own classes ({@code jive-table}, {@code jive-contentBox},
 * {@code success}/{@code error} boxes).
 *
 * <p>Openfire's {@code AuthCheckFilter} lets only logged-in admins reach plugin servlets; a page refuses a request
 * without an admin anyway. Class loader and character encoding: see {@link PluginServlet}.
 */
public abstract class AdminPage extends PluginServlet {

    private static final long serialVersionUID = 1L;
    private static final Logger Log = LoggerFactory.getLogger(AdminPage.class);

    /** The sidebar item id in plugin.xml, which is also the page's {@code <meta name="pageID">}. */
    protected abstract String pageId();

    /** The i18n key of the page title. */
    protected abstract String titleKey();

    protected abstract PageResult get(PageRequest request) throws Exception;

    /** A page with forms overrides this; the request's CSRF token has been checked. */
    protected PageResult post(PageRequest request) throws Exception {
        return new PageResult.View("problem.jte", new Problem(request.t("admin.error.method"), pageId()), 405);
    }

    /** What the problem page shows below the error box: a link back to a page. */
    public record Problem(String detail, String backHref) {
    }

    @Override
    protected final void handle(HttpServletRequest request, HttpServletResponse response, boolean post)
            throws IOException {
        Optional<ConsoleServices> installed = ConsoleServices.current();
        if (installed.isEmpty()) {
            Messages fallback = BundleMessages.forLocale(Locale.getDefault());
            problem(request, response, fallback, "", 503, fallback.text("admin.error.notRunning"));
            return;
        }
        ConsoleServices services = installed.get();
        Messages messages = services.messages();
        Optional<String> admin = services.users().current(request);
        if (admin.isEmpty()) {
            problem(request, response, messages, "", 403, messages.text("admin.error.notLoggedIn"));
            return;
        }
        PageRequest page = new PageRequest(request, services, admin.get());
        try {
            if (post && !Csrf.verify(request)) {
                Log.warn("Refused a {} request to {} by {} without a valid CSRF token", request.getMethod(),
                        pageId(), admin.get());
                problem(request, response, messages, admin.get(), 403, messages.text("admin.error.csrf"));
                return;
            }
            PageResult result = post ? post(page) : get(page);
            if (result instanceof PageResult.Redirect redirect) {
                Flash.add(request, redirect.kind(), redirect.text());
                response.setStatus(HttpServletResponse.SC_SEE_OTHER);
                response.setHeader("Location", redirect.location());
            } else if (result instanceof PageResult.View view) {
                render(request, response, messages, admin.get(), view, List.of());
            }
        } catch (ConsoleServices.ServiceUnavailableException e) {
            Log.warn("Page {} cannot work: {}", pageId(), e.getMessage());
            problem(request, response, messages, admin.get(), 503, messages.text("admin.error.serviceUnavailable"));
        } catch (Exception e) {
            Log.error("Page {} failed", pageId(), e);
            problem(request, response, messages, admin.get(), 500, messages.text("admin.error.unexpected"));
        }
    }

    private void problem(HttpServletRequest request, HttpServletResponse response, Messages messages, String admin,
                         int status, String text) throws IOException {
        render(request, response, messages, admin,
                new PageResult.View("problem.jte", new Problem(messages.text("admin.error.back"), pageId()), status),
                List.of(new Flash.Message(Flash.Kind.ERROR, text)));
    }

    private void render(HttpServletRequest request, HttpServletResponse response, Messages messages, String admin,
                        PageResult.View view, List<Flash.Message> extra) throws IOException {
        List<Flash.Message> flash = new ArrayList<>(extra);
        flash.addAll(Flash.take(request));
        PageFrame frame = new PageFrame(pageId(), messages.text(titleKey()), flash, Csrf.issue(request), admin, messages);
        StringWriter html = new StringWriter(8192);
        Templates.render(view.template(), frame, view.view(), html);
        response.setStatus(view.status());
        response.setContentType("text/html;charset=UTF-8");
        response.setHeader("Cache-Control", "no-store");
        response.getWriter().write(html.toString());
    }
}
