/**
 * Bluesky profiles in XMPP on Openfire: the vCard-temp written through Openfire's {@code VCardManager}
 * (XEP-0054), User Avatar and User Nickname published in the user's PEP service as the user (XEP-0084, XEP-0172),
 * the vCard avatar hash put into the user's presences (XEP-0153), and the session listener that starts a sync.
 */
package social.waddle.openfire.profile;
