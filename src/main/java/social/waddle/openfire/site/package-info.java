/**
 * Mounts the public pages ({@code social.waddle.web.site}) on Openfire's public web server, the HTTP-bind port
 * (7070/7443) where BOSH and WebSocket live, and gives them the running plugin's services: the OAuth client, web
 * sessions in Openfire's database, accounts and Waddles. The only version-specific code of the pages is
 * {@link social.waddle.openfire.site.PublicWebMount}: Openfire 5.x takes Jetty 12 ee8 handlers, 4.x is not offered
 * the pages.
 *
 * <p>May depend on Openfire, the servlet API and every package of the plugin; Jetty only by name, through
 * {@code PublicWebMount}'s method handles (Maven cannot put Jetty 12 beside the 4.2.0 server's Jetty 9).
 */
package social.waddle.openfire.site;
