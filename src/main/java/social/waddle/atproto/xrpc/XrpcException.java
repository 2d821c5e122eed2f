package social.waddle.atproto.xrpc;

import java.time.Instant;
import java.util.Optional;

import social.waddle.atproto.AtprotoException;

/**
 * An XRPC call that the remote service refused: the HTTP status, the {@code error} name it sent (if any), the
 * {@link XrpcError} kind login reacts to, and for rate limits the instant calls may resume.
 */
public final class XrpcException extends AtprotoException {

    private final XrpcError kind;
    private final String errorName;
    private final int httpStatus;
    private final Instant retryAfter;

    public XrpcException(Failure failure, XrpcError kind, String errorName, int httpStatus, Instant retryAfter,
                         String message) {
        super(failure, message);
        this.kind = kind;
        this.errorName = errorName;
        this.httpStatus = httpStatus;
        this.retryAfter = retryAfter;
    }

    public XrpcError kind() {
        return kind;
    }

    /** The {@code error} field of the response body, if it had one. */
    public Optional<String> errorName() {
        return Optional.ofNullable(errorName);
    }

    public int httpStatus() {
        return httpStatus;
    }

    /** For rate limits: when calls to this host and method may be tried again. */
    public Optional<Instant> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
