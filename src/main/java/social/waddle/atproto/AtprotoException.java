package social.waddle.atproto;

import java.util.Objects;

/**
 * Every failure of the ATProto core, typed by {@link Failure}. Messages name the input and what is wrong in
 * words an admin can act on; they never carry stack traces or secrets, so they may be logged and shown in the
 * admin console (clients only ever see a generic XMPP condition).
 */
public class AtprotoException extends Exception {

    /** What went wrong; decides how login and the pages react. */
    public enum Failure {
        /** The handle, DID, NSID, AT-URI or key is not well-formed. */
        INVALID_SYNTAX(false),
        /** The handle or DID does not exist (no DNS record, 404, tombstoned DID). */
        NOT_FOUND(false),
        /** Handle and DID do not confirm each other. */
        HANDLE_MISMATCH(false),
        /** A DID document or response is not what the spec says it must be. */
        MALFORMED_DOCUMENT(false),
        /** A DID method, key type or algorithm we do not support. */
        UNSUPPORTED(false),
        /** An address the outbound-HTTP policy refuses (private, loopback, metadata, plain http…). */
        FORBIDDEN_ADDRESS(false),
        /** A host, DID method or handle domain an admin has denied. */
        DENIED_BY_POLICY(false),
        /** A response larger than allowed. */
        TOO_LARGE(false),
        /** Could not connect, connection reset, DNS server failure. */
        NETWORK(true),
        /** No answer in time. */
        TIMEOUT(true),
        /** The remote service answered with an unexpected HTTP status. */
        HTTP_STATUS(true),
        /** The remote service answered with a named XRPC error (see {@code XrpcException}). */
        XRPC_ERROR(false),
        /** The remote service asks us to slow down. */
        RATE_LIMITED(true),
        /** A credential was refused: bad password, bad or replayed token. */
        NOT_AUTHORIZED(false);

        private final boolean temporary;

        Failure(boolean temporary) {
            this.temporary = temporary;
        }

        /** A temporary failure may succeed later; it must never be reported to a user as "wrong password". */
        public boolean temporary() {
            return temporary;
        }
    }

    private final Failure failure;

    public AtprotoException(Failure failure, String message) {
        super(message);
        this.failure = Objects.requireNonNull(failure);
    }

    public AtprotoException(Failure failure, String message, Throwable cause) {
        super(message, cause);
        this.failure = Objects.requireNonNull(failure);
    }

    public Failure failure() {
        return failure;
    }

    public boolean isTemporary() {
        return failure.temporary();
    }
}
