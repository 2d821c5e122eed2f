/**
 * Per-device chat passwords: a password a person creates for one device or client ("Phone – Conversations"),
 * shown once, stored only as a slow salted hash, listed with its creation and last use, and revocable on its own.
 * The login service accepts it as the password of an ATProto account; revoking one tells the listeners (the
 * Openfire adapter ends the XMPP sessions that logged in with it).
 *
 * <p>May depend on the JDK (with its JCA), SLF4J and {@code social.waddle.account} (the connection source and
 * storage exception of the JDBC repository); never on Openfire, Tinder, Jetty or servlets.
 */
package social.waddle.device;
