package social.waddle.atproto.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;

import org.junit.jupiter.api.Test;

import com.nimbusds.oauth2.sdk.http.HTTPResponse;

class OAuthTransportTest {

    @Test
    void recognisesTheNonceDemandOfTheAuthorizationServerAndOfTheResourceServer() throws Exception {
        HTTPResponse authorizationServer = response(400, "{\"error\":\"use_dpop_nonce\"}", "n1", null);
        HTTPResponse resourceServer = response(401, "", "n1", "DPoP error=\"use_dpop_nonce\", error_description=\"x\"");
        HTTPResponse withoutNonce = response(400, "{\"error\":\"use_dpop_nonce\"}", null, null);
        HTTPResponse otherError = response(400, "{\"error\":\"invalid_grant\"}", "n1", null);

        assertThat(OAuthTransport.isUseDpopNonce(authorizationServer)).isTrue();
        assertThat(OAuthTransport.isUseDpopNonce(resourceServer)).isTrue();
        assertThat(OAuthTransport.isUseDpopNonce(withoutNonce)).isFalse();
        assertThat(OAuthTransport.isUseDpopNonce(otherError)).isFalse();
    }

    @Test
    void proofsNameTheUrlWithoutQueryOrFragment() {
        assertThat(DpopSession.withoutQueryAndFragment(URI.create("https://pds.example.com:8443/xrpc/a.b?x=1#f")))
                .isEqualTo(URI.create("https://pds.example.com:8443/xrpc/a.b"));
    }

    private static HTTPResponse response(int status, String body, String nonce, String authenticate) throws Exception {
        HTTPResponse response = new HTTPResponse(status);
        response.setContentType("application/json");
        response.setBody(body);
        if (nonce != null) {
            response.setHeader("DPoP-Nonce", nonce);
        }
        if (authenticate != null) {
            response.setHeader("WWW-Authenticate", authenticate);
        }
        return response;
    }
}
