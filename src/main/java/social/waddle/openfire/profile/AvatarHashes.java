package social.waddle.openfire.profile;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The SHA-1 of each ATProto user's published avatar, for the XEP-0153 hash in their presences: kept in memory after
 * publishing, read from the stored profile on a miss (a restarted server). Three answers: unknown (no profile
 * published yet: the client's own hash is left alone), no avatar (an empty string), or the hash. Bounded.
 */
public final class AvatarHashes {

    static final int MAX_ENTRIES = 100_000;
    private static final String NONE = "";
    private static final String UNKNOWN = "?";

    private final Map<String, String> byUsername = new ConcurrentHashMap<>();
    private final Function<String, Optional<String>> stored;

    /** @param stored the published avatar's SHA-1 of a username from storage: empty if never published, "" if none */
    public AvatarHashes(Function<String, Optional<String>> stored) {
        this.stored = stored;
    }

    void put(String username, Optional<String> sha1) {
        bound();
        byUsername.put(username, sha1.orElse(NONE));
    }

    /** The hash to announce ("" for no avatar); empty while nothing was published for the user. */
    public Optional<String> of(String username) {
        String hash = byUsername.get(username);
        if (hash == null) {
            hash = stored.apply(username).orElse(UNKNOWN);
            bound();
            byUsername.put(username, hash);
        }
        return UNKNOWN.equals(hash) ? Optional.empty() : Optional.of(hash);
    }

    private void bound() {
        if (byUsername.size() >= MAX_ENTRIES) {
            byUsername.clear();
        }
    }
}
