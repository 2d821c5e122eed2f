package social.waddle.web.site;

import java.util.LinkedHashMap;
import java.util.Map;

import javax.servlet.http.HttpServlet;

/**
 * Every public page and the servlet path spec it is mounted at under the base path ({@code /waddle}). A new page adds
 * one line here. Specs follow the servlet spec: {@code ""} is the base path itself, {@code "/"} everything no other
 * spec matches, {@code "/invite/*"} a prefix.
 */
public final class SiteRoutes {

    private SiteRoutes() {
    }

    public static Map<String, HttpServlet> all() {
        Map<String, HttpServlet> routes = new LinkedHashMap<>();
        routes.put("", new HomePage());
        routes.put("/signin", new SignInPage());
        routes.put("/signout", new SignOutPage());
        routes.put("/devices", new DevicesPage());
        routes.put("/oauth/callback", new OAuthCallbackPage());
        routes.put("/oauth/client-metadata.json", OAuthDocuments.clientMetadata());
        routes.put("/oauth/jwks.json", OAuthDocuments.jwks());
        routes.put("/invite/*", new InvitePage());
        routes.put("/manage/*", new ManagePage());
        routes.put("/site.css", new SiteAssets());
        routes.put("/", new NotFoundPage());
        return routes;
    }
}
