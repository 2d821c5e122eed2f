package social.waddle.community;

import java.util.Objects;

/**
 * A Waddle operation was refused. The message says what and why in words the user or admin can act on (it names
 * Waddles, channels and DIDs, never internals), so it may be shown to them as it is.
 */
public final class WaddleException extends Exception {

    /** Why; decides the XMPP error condition or HTTP status the adapters answer with. */
    public enum Reason {
        /** The Waddle, channel, member, ban or invite does not exist. */
        NOT_FOUND,
        /** The actor's role does not allow this. */
        FORBIDDEN,
        /** It clashes with what exists: a slug in use, already a member, already banned, or a concurrent change. */
        CONFLICT,
        /** The input is malformed or out of bounds. */
        INVALID,
        /** The person is banned from the Waddle. */
        BANNED,
        /** The invite has expired or been used up. */
        EXPIRED
    }

    private final Reason reason;

    public WaddleException(Reason reason, String message) {
        super(message);
        this.reason = Objects.requireNonNull(reason);
    }

    public Reason reason() {
        return reason;
    }
}
