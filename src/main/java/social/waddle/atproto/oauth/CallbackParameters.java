package social.waddle.atproto.oauth;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import social.waddle.atproto.oauth.OAuthException.Reason;

/**
 * The query of the redirect back from the authorization server (RFC 6749 §4.1.2, RFC 9207): {@code state},
 * {@code iss}, and either {@code code} or {@code error} (with an optional {@code error_description}).
 */
public record CallbackParameters(Optional<String> state, Optional<String> iss, Optional<String> code,
                                 Optional<String> error, Optional<String> errorDescription) {

    /**
     * From the decoded query parameters of the callback request. A parameter given twice is refused (RFC 6749 §3.1:
     * "Request and response parameters MUST NOT be included more than once").
     */
    public static CallbackParameters fromQuery(Map<String, List<String>> query) throws OAuthException {
        return new CallbackParameters(single(query, "state"), single(query, "iss"), single(query, "code"),
                single(query, "error"), single(query, "error_description"));
    }

    private static Optional<String> single(Map<String, List<String>> query, String name) throws OAuthException {
        List<String> values = query.get(name);
        if (values == null || values.isEmpty()) {
            return Optional.empty();
        }
        if (values.size() > 1) {
            throw new OAuthException(Reason.BAD_RESPONSE, "The sign-in answer repeats the parameter '" + name + "'.");
        }
        return Optional.ofNullable(values.get(0)).filter(value -> !value.isEmpty());
    }

    @Override
    public String toString() {
        return "CallbackParameters[iss=" + iss.orElse("") + ", hasCode=" + code.isPresent() + ", error="
                + error.orElse("") + "]";
    }
}
