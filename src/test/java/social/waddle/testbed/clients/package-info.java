/**
 * Non-Java XMPP clients driven from tests, to show that what Smack does any standard client can do: today
 * slixmpp (Debian's {@code python3-slixmpp}) running {@code src/test/python/xmpp_login.py} in a child process.
 *
 * <p>Test code only. May depend on the JDK, Jackson, SLF4J and {@link social.waddle.testbed.openfire.OpenfireServer}
 * (for its address and domain); never on the plugin's production classes.
 */
package social.waddle.testbed.clients;
