package social.waddle.atproto.profile;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What was read of an account's {@code app.bsky.actor.profile} record {@code self}. Every part is optional: an account
 * may have no record at all. {@code problems} lists what was left out and why (avatar too large, not an image, a field
 * of the wrong type…), for the log and the console.
 */
public record BlueskyProfile(
        Optional<String> displayName,
        Optional<String> description,
        Optional<Avatar> avatar,
        Optional<String> recordCid,
        List<String> problems) {

    public BlueskyProfile {
        Objects.requireNonNull(displayName);
        Objects.requireNonNull(description);
        Objects.requireNonNull(avatar);
        Objects.requireNonNull(recordCid);
        problems = List.copyOf(problems);
    }

    /** The account has no profile record. */
    public static BlueskyProfile none() {
        return new BlueskyProfile(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), List.of());
    }
}
