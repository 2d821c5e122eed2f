package social.waddle.web.site;

import java.io.IOException;
import java.io.InputStream;

import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/** {@code /site.css}: the pages' only stylesheet, from the plugin's jar (no external assets). */
public final class SiteAssets extends HttpServlet {

    private static final long serialVersionUID = 1L;
    static final String STYLESHEET = "/social/waddle/web/site/site.css";

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        for (String[] header : SitePage.SECURITY_HEADERS) {
            response.setHeader(header[0], header[1]);
        }
        try (InputStream css = SiteAssets.class.getResourceAsStream(STYLESHEET)) {
            if (css == null) {
                response.sendError(404);
                return;
            }
            byte[] bytes = css.readAllBytes();
            response.setContentType("text/css;charset=UTF-8");
            response.setHeader("Cache-Control", "public, max-age=3600");
            response.setContentLength(bytes.length);
            response.getOutputStream().write(bytes);
        }
    }
}
