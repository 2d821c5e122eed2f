package social.waddle.atproto.xrpc;

import java.util.Objects;

import social.waddle.atproto.AtprotoException.Failure;

/**
 * The named XRPC errors login and sync react to; everything else is {@link #OTHER} (its name is still kept on
 * the {@link XrpcException}).
 *
 * @see <a href="https://atproto.com/specs/xrpc#error-responses">XRPC error responses</a>
 */
public enum XrpcError {
    /** Bad identifier or password, missing credentials (PDS: HTTP 401). */
    AUTHENTICATION_REQUIRED("AuthenticationRequired", Failure.NOT_AUTHORIZED),
    /** The access or refresh token is not valid. */
    INVALID_TOKEN("InvalidToken", Failure.NOT_AUTHORIZED),
    /** The access or refresh token has expired; refresh or log in again. */
    EXPIRED_TOKEN("ExpiredToken", Failure.NOT_AUTHORIZED),
    /** Password accepted, but the account wants the sign-in code the PDS just e-mailed (2FA). */
    AUTH_FACTOR_TOKEN_REQUIRED("AuthFactorTokenRequired", Failure.XRPC_ERROR),
    /** The account was taken down by its PDS or a moderator. */
    ACCOUNT_TAKEDOWN("AccountTakedown", Failure.XRPC_ERROR),
    /** The account was deactivated by its owner. */
    ACCOUNT_DEACTIVATED("AccountDeactivated", Failure.XRPC_ERROR),
    /** HTTP 429 or the named error: slow down until the reset instant. */
    RATE_LIMIT_EXCEEDED("RateLimitExceeded", Failure.RATE_LIMITED),
    /** The request was not acceptable (bad parameter, unknown handle…). */
    INVALID_REQUEST("InvalidRequest", Failure.XRPC_ERROR),
    /** {@code com.atproto.repo.getRecord} found no such record. */
    RECORD_NOT_FOUND("RecordNotFound", Failure.NOT_FOUND),
    /** Any other error name, or none. */
    OTHER(null, Failure.XRPC_ERROR);

    private final String wireName;
    private final Failure failure;

    XrpcError(String wireName, Failure failure) {
        this.wireName = wireName;
        this.failure = failure;
    }

    /** The {@code error} value on the wire, or {@code null} for {@link #OTHER}. */
    public String wireName() {
        return wireName;
    }

    Failure failure() {
        return failure;
    }

    public static XrpcError fromWireName(String name) {
        for (XrpcError error : values()) {
            if (error.wireName != null && Objects.equals(error.wireName, name)) {
                return error;
            }
        }
        return OTHER;
    }
}
