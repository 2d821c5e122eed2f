/**
 * The plugin's public pages: Sign in with Bluesky, the signed-in person's home, and what later features add
 * ({@code /waddle/devices}, invites, moderator pages). Plain javax.servlet servlets listed in {@link
 * social.waddle.web.site.SiteRoutes}, mounted by {@code social.waddle.openfire.site} under {@code /waddle} on
 * Openfire's public web server (the HTTP-bind port), never on the admin console.
 *
 * <p>{@link social.waddle.web.site.SitePage} is the base: security headers on every answer, the signed-in
 * {@link social.waddle.web.site.Person} from a server-side web session, GET renders a jte template
 * ({@code src/main/jte/site}, escaping every {@code ${…}}), POST checks the CSRF token, acts, and redirects (303)
 * with a flash message. Pages reach the plugin only through {@link social.waddle.web.site.SiteServices}, installed
 * while the plugin runs. No HTTP session of the container is used: cookies are the plugin's own.
 *
 * <p>Same dependency rules as {@code social.waddle.web}: the JDK, the servlet API, jte's runtime, SLF4J and the
 * plugin's pure packages; never Openfire, Tinder or Jetty.
 */
package social.waddle.web.site;
