package social.waddle.atproto.oauth;

import java.util.Objects;

import social.waddle.atproto.AtprotoException;

/**
 * A refused or failed OAuth step, typed by {@link Reason} so the web layer can tell an attack (forged state, another
 * issuer, another DID) from an outage. Messages never carry tokens, codes, verifiers or the state itself.
 */
public final class OAuthException extends AtprotoException {

    /** Why the step was refused. */
    public enum Reason {
        /** The callback's {@code state} was never issued here (forged, or from another server). */
        UNKNOWN_STATE(Failure.NOT_AUTHORIZED),
        /** The callback's {@code state} was already used once. */
        REPLAYED_STATE(Failure.NOT_AUTHORIZED),
        /** The callback's {@code state} is older than the sign-in lifetime. */
        EXPIRED_STATE(Failure.NOT_AUTHORIZED),
        /** The callback comes from another browser session than the one that started the sign-in. */
        STATE_NOT_BOUND(Failure.NOT_AUTHORIZED),
        /** The callback's {@code iss} is missing or names another authorization server than the PAR went to. */
        WRONG_ISSUER(Failure.NOT_AUTHORIZED),
        /** The token's {@code sub} is not the DID the sign-in was started for. */
        WRONG_SUBJECT(Failure.NOT_AUTHORIZED),
        /** The issuer is not the authorization server of the PDS of the token's {@code sub}. */
        ISSUER_NOT_AUTHORITATIVE(Failure.NOT_AUTHORIZED),
        /** The person (or the server) refused the authorization: an {@code error} in the callback. */
        AUTHORIZATION_DENIED(Failure.NOT_AUTHORIZED),
        /** Protected-resource or authorization-server metadata is missing a required field or names another issuer. */
        BAD_METADATA(Failure.MALFORMED_DOCUMENT),
        /** The PAR or token endpoint answered with an OAuth error. */
        SERVER_ERROR(Failure.HTTP_STATUS),
        /** A PAR or token response that breaks the spec (not DPoP-bound, no {@code sub}, no {@code atproto} scope). */
        BAD_RESPONSE(Failure.MALFORMED_DOCUMENT),
        /** Too many sign-ins are in progress; try again later. */
        TOO_MANY_PENDING(Failure.RATE_LIMITED),
        /** The client's own set-up is unusable (base URL, key). */
        MISCONFIGURED(Failure.UNSUPPORTED);

        private final Failure failure;

        Reason(Failure failure) {
            this.failure = failure;
        }

        public Failure failure() {
            return failure;
        }
    }

    private final Reason reason;

    public OAuthException(Reason reason, String message) {
        super(reason.failure(), message);
        this.reason = Objects.requireNonNull(reason);
    }

    public OAuthException(Reason reason, String message, Throwable cause) {
        super(reason.failure(), message, cause);
        this.reason = Objects.requireNonNull(reason);
    }

    public Reason reason() {
        return reason;
    }
}
