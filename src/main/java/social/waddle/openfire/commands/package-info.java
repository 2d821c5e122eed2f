/**
 * The one base of Waddle's <a href="https://xmpp.org/extensions/xep-0050.html">XEP-0050</a> commands:
 * {@link social.waddle.openfire.commands.SingleStageCommand} (one form, or none, then a completed command with notes,
 * and a cancel that completes the session as {@code canceled}).
 *
 * <p>May depend on dom4j, Tinder's {@code org.xmpp.packet.JID} and Openfire's {@code AdHocCommand}/{@code SessionData},
 * which link on 4.2.0 and 5.1.1 alike. Nothing else of Waddle, so every command family builds on it.
 */
package social.waddle.openfire.commands;
