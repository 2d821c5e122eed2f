/**
 * The plugin's admin console pages: servlets declared in {@code web/WEB-INF/web.xml} that Openfire's
 * {@code PluginServlet} serves under {@code /plugins/waddle/}, rendered by jte templates ({@code src/main/jte},
 * precompiled at build time, HTML-escaping every {@code ${…}}), decorated by the console's SiteMesh because each page
 * carries {@code <meta name="pageID">} equal to its sidebar item id in plugin.xml.
 *
 * <p>{@link social.waddle.web.AdminPage} is the base: GET renders, POST checks our own CSRF token (on top of Openfire's
 * check), acts, and redirects with a flash message. Pages reach the plugin's services only through
 * {@link social.waddle.web.ConsoleServices}, which the plugin installs while it runs; tests install fakes.
 *
 * <p>May depend on the JDK, the servlet API, jte's runtime, SLF4J and the plugin's pure packages
 * ({@code social.waddle.settings}, {@code account}, {@code atproto…}, {@code community}, {@code time}, {@code device}). Never on Openfire or Tinder:
 * what the console itself provides (the logged-in admin, the security audit log, the locale) comes through the
 * interfaces here, implemented in {@code social.waddle.openfire.web}.
 */
package social.waddle.web;
