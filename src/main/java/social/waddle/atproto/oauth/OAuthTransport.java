package social.waddle.atproto.oauth;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;

import social.waddle.atproto.AtprotoException;
import social.waddle.atproto.http.SafeHttpClient;
import social.waddle.atproto.http.SafeHttpRequest;
import social.waddle.atproto.http.SafeHttpResponse;

/**
 * Carries Nimbus's OAuth messages over {@link SafeHttpClient} (Nimbus's own HTTP code would bypass the SSRF rules),
 * with a DPoP proof on every request and the nonce dance of RFC 9449 §8: a {@code use_dpop_nonce} error answer
 * carries a {@code DPoP-Nonce} header; the request is then sent once more with a new proof holding that nonce. Every
 * nonce a server sends is kept for the session's next request.
 */
final class OAuthTransport {

    private static final Logger Log = LoggerFactory.getLogger(OAuthTransport.class);

    /** OAuth responses are small JSON objects. */
    static final long MAX_RESPONSE_BYTES = 64 * 1024;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final SafeHttpClient http;

    OAuthTransport(SafeHttpClient http) {
        this.http = http;
    }

    /**
     * Sends a form POST built by Nimbus ({@code PushedAuthorizationRequest}, {@code TokenRequest}) with a DPoP proof.
     *
     * @param requestFactory builds the request anew for each attempt, so a retry carries fresh client assertion
     *     ({@code jti}) too
     */
    HTTPResponse postWithDpop(java.util.function.Supplier<HTTPRequest> requestFactory, DpopSession dpop, String what)
            throws AtprotoException {
        HTTPResponse response = postOnce(requestFactory.get(), dpop, what);
        if (isUseDpopNonce(response)) {
            Log.debug("{} asked for a DPoP nonce; sending once more with it", what);
            response = postOnce(requestFactory.get(), dpop, what);
        }
        return response;
    }

    private HTTPResponse postOnce(HTTPRequest request, DpopSession dpop, String what) throws AtprotoException {
        SafeHttpRequest safe = SafeHttpRequest.postForm(request.getURI(), request.getBody() == null ? "" : request.getBody())
                .withHeader("DPoP", dpop.proof("POST", request.getURI(), Optional.empty()).serialize())
                .accepting("application/json")
                .withMaxResponseBytes(MAX_RESPONSE_BYTES)
                .describedAs(what);
        SafeHttpResponse response = http.send(safe);
        response.headers().firstValue("dpop-nonce").ifPresent(dpop::nonce);
        return toNimbus(response);
    }

    static boolean isUseDpopNonce(HTTPResponse response) {
        if (response.indicatesSuccess() || response.getHeaderValue("DPoP-Nonce") == null) {
            return false;
        }
        String authenticate = response.getHeaderValue("WWW-Authenticate");
        if (authenticate != null && authenticate.toLowerCase(Locale.ROOT).contains("use_dpop_nonce")) {
            return true;
        }
        try {
            return response.getBody() != null
                    && "use_dpop_nonce".equals(JSON.readTree(response.getBody()).path("error").asText(null));
        } catch (JsonProcessingException e) {
            return false;
        }
    }

    static HTTPResponse toNimbus(SafeHttpResponse response) {
        HTTPResponse nimbus = new HTTPResponse(response.status());
        for (Map.Entry<String, List<String>> header : response.headers().map().entrySet()) {
            if (header.getKey() != null && !header.getValue().isEmpty()) {
                nimbus.setHeader(canonical(header.getKey()), header.getValue().toArray(new String[0]));
            }
        }
        nimbus.setBody(new String(response.body(), StandardCharsets.UTF_8));
        return nimbus;
    }

    private static String canonical(String name) {
        switch (name.toLowerCase(Locale.ROOT)) {
            case "content-type":
                return "Content-Type";
            case "dpop-nonce":
                return "DPoP-Nonce";
            case "www-authenticate":
                return "WWW-Authenticate";
            default:
                return name;
        }
    }
}
