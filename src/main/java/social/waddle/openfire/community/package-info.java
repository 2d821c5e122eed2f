/**
 * The user-facing side of Waddles on the Waddle component: the
 * <a href="https://xmpp.org/extensions/xep-0050.html">XEP-0050</a> commands people run from their XMPP client (create,
 * edit, join, invite, moderate, delete), with <a href="https://xmpp.org/extensions/xep-0004.html">XEP-0004</a> forms,
 * and the <a href="https://xmpp.org/extensions/xep-0030.html">XEP-0030</a> discovery of Waddles and their channels.
 * Every rule (who may do what) is the domain's {@link social.waddle.community.WaddleService}'s; this package only turns
 * forms into calls and refusals into notes.
 *
 * <p>May depend on {@code social.waddle.community}, {@code social.waddle.atproto} (DIDs and their JID localparts),
 * {@code social.waddle.time} (expiries),
 * dom4j, Tinder's {@code org.xmpp.packet.JID} and Openfire's {@code AdHocCommand}/{@code SessionData}, which link on
 * 4.2.0 and 5.1.1 alike. Not on {@code XMPPServer} or other Openfire singletons, so all of it runs in unit tests.
 */
package social.waddle.openfire.community;
