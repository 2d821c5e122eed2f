/**
 * What the admin console pages ({@code social.waddle.web}) get from Openfire: the logged-in admin (the console's
 * session attribute {@code jive.admin.authToken}), the security audit log ({@code SecurityAuditManager}), texts in the
 * server's locale ({@code JiveGlobals.getLocale()} through {@code LocaleUtils}), and XMPP service discovery sent from
 * the Waddle component.
 *
 * <p>Only API present in both Openfire 4.2.0 and 5.1.1 may be used here ({@code CompatibilityGuardTest}).
 */
package social.waddle.openfire.web;
