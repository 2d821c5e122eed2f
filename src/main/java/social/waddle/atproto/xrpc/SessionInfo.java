package social.waddle.atproto.xrpc;

import java.util.Objects;
import java.util.Optional;

/** The answer to {@code com.atproto.server.getSession}: whose token it is and whether the account is active. */
public record SessionInfo(String did, String handle, boolean active, Optional<String> status) {

    public SessionInfo {
        Objects.requireNonNull(did);
        Objects.requireNonNull(handle);
        Objects.requireNonNull(status);
    }
}
