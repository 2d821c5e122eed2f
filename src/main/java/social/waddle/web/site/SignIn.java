package social.waddle.web.site;

import java.net.URI;
import java.util.List;
import java.util.Map;

/** Sign in with Bluesky (ATProto OAuth), as the sign-in and callback pages use it. */
public interface SignIn {

    /**
     * Starts a sign-in for what the person typed (handle, DID or PDS URL).
     *
     * @param binding a value only this browser can present again at the callback
     * @return where to send the browser: the authorization server's own page
     * @throws SignInRefusedException with a message for the person
     */
    URI start(String identifier, String binding) throws SignInRefusedException;

    /**
     * Completes a sign-in from the callback's query parameters: every OAuth check, then the account is provisioned as a
     * first XMPP login does.
     */
    Person complete(Map<String, List<String>> query, String binding, String address) throws SignInRefusedException;

    /** The client metadata document served at {@code /oauth/client-metadata.json}; empty for a loopback client. */
    String clientMetadataJson();

    /** The public JWKS served at {@code /oauth/jwks.json}; empty for a loopback client. */
    String jwksJson();

    /** A refusal, with a message the page shows as it is (escaped). */
    final class SignInRefusedException extends Exception {
        private static final long serialVersionUID = 1L;

        public SignInRefusedException(String message) {
            super(message);
        }

        public SignInRefusedException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
