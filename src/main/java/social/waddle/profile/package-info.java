/**
 * Bluesky profiles and handles kept published to XMPP: when a profile is fetched (in the background after a login,
 * when stale, on demand), what a failure keeps, and the periodic handle re-check and its announcements. Publishing
 * itself is behind {@link social.waddle.profile.ProfilePublisher}, implemented in {@code social.waddle.openfire}.
 *
 * <p>May depend on the JDK, SLF4J, {@code social.waddle.atproto} and {@code social.waddle.account}; never on Openfire.
 */
package social.waddle.profile;
