package social.waddle.profile;

import java.net.URI;

import social.waddle.atproto.AtprotoException;
import social.waddle.atproto.profile.BlueskyProfile;
import social.waddle.atproto.syntax.Did;

/** Where profiles are read: {@code ProfileFetcher} on the account's PDS in production. */
@FunctionalInterface
public interface ProfileSource {

    BlueskyProfile fetch(Did did, URI pds) throws AtprotoException;
}
