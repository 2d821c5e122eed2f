/**
 * Bluesky profiles read from the account's own PDS ({@code app.bsky.actor.profile} record {@code self} with
 * {@code com.atproto.repo.getRecord}, the avatar with {@code com.atproto.sync.getBlob}; no AppView), checked before
 * anything of them is shown: sizes capped, image types recognised by their bytes, text cleaned, calls to each PDS
 * rate-limited.
 *
 * <p>Pure core: never imports Openfire or Tinder.
 */
package social.waddle.atproto.profile;
