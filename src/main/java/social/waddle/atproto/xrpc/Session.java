package social.waddle.atproto.xrpc;

import java.util.Objects;
import java.util.Optional;

/**
 * The answer to {@code com.atproto.server.createSession}. The JWTs are secrets of the PDS (HS256): they can only be
 * checked by calling the PDS. {@link #toString()} never shows them.
 *
 * @param active false for a deactivated, suspended or taken-down account the PDS still lets log in
 * @param status why the account is not active ({@code takendown}, {@code suspended}, {@code deactivated}), if given
 */
public record Session(String did, String handle, String accessJwt, String refreshJwt, boolean active,
                      Optional<String> status) {

    public Session {
        Objects.requireNonNull(did);
        Objects.requireNonNull(handle);
        Objects.requireNonNull(accessJwt);
        Objects.requireNonNull(refreshJwt);
        Objects.requireNonNull(status);
    }

    @Override
    public String toString() {
        return "Session[did=" + did + ", handle=" + handle + ", active=" + active + ", status=" + status.orElse("-")
                + ", tokens=(redacted)]";
    }
}
