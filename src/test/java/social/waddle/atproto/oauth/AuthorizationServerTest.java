package social.waddle.atproto.oauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;

import com.nimbusds.oauth2.sdk.util.JSONObjectUtils;

import net.minidev.json.JSONArray;
import net.minidev.json.JSONObject;

import social.waddle.atproto.oauth.OAuthException.Reason;

/** The checks https://atproto.com/specs/oauth asks a client to make of authorization server metadata. */
class AuthorizationServerTest {

    private static final URI ISSUER = URI.create("https://pds.example.com");

    @Test
    void acceptsTheMetadataOfTheReferencePds() throws Exception {
        AuthorizationServer server = AuthorizationServer.fromMetadata(valid().toJSONString(), ISSUER, true);

        assertThat(server.issuer()).isEqualTo(ISSUER);
        assertThat(server.pushedAuthorizationRequestEndpoint()).isEqualTo(URI.create(ISSUER + "/oauth/par"));
        assertThat(server.tokenEndpoint()).isEqualTo(URI.create(ISSUER + "/oauth/token"));
        assertThat(server.authorizationEndpoint()).isEqualTo(URI.create(ISSUER + "/oauth/authorize"));
    }

    @Test
    void refusesAnIssuerOtherThanTheServerItCameFrom() {
        assertRefused(json -> json.put("issuer", "https://evil.example"), "issuer");
        assertRefused(json -> json.put("issuer", ISSUER + "/"), "issuer");
    }

    @Test
    void refusesMetadataWithoutWhatTheAtprotoProfileRequires() {
        assertRefused(json -> json.remove("pushed_authorization_request_endpoint"), "pushed_authorization_request_endpoint");
        assertRefused(json -> json.put("require_pushed_authorization_requests", false), "require_pushed_authorization_requests");
        assertRefused(json -> json.put("code_challenge_methods_supported", array("plain")), "S256");
        assertRefused(json -> json.put("authorization_response_iss_parameter_supported", false), "iss");
        assertRefused(json -> json.put("scopes_supported", array("transition:generic")), "atproto");
        assertRefused(json -> json.put("dpop_signing_alg_values_supported", array("ES256K")), "ES256");
        assertRefused(json -> json.remove("client_id_metadata_document_supported"), "client_id_metadata_document");
        assertRefused(json -> json.put("response_types_supported", array("token")), "code");
        assertRefused(json -> json.put("grant_types_supported", array("authorization_code")), "refresh_token");
        assertRefused(json -> json.remove("token_endpoint"), "token_endpoint");
        assertRefused(json -> json.put("token_endpoint", "http://pds.example.com/oauth/token"), "scheme");
    }

    @Test
    void checksTheClientAuthenticationOfTheKindOfClient() throws Exception {
        JSONObject publicOnly = valid();
        publicOnly.put("token_endpoint_auth_methods_supported", array("none"));
        JSONObject noEs256 = valid();
        noEs256.put("token_endpoint_auth_signing_alg_values_supported", array("ES256K"));

        assertThat(AuthorizationServer.fromMetadata(publicOnly.toJSONString(), ISSUER, false).issuer()).isEqualTo(ISSUER);
        assertThat(AuthorizationServer.fromMetadata(noEs256.toJSONString(), ISSUER, false).issuer()).isEqualTo(ISSUER);
        assertRefusedFor(publicOnly, true, "private_key_jwt");
        assertRefusedFor(noEs256, true, "ES256");
    }

    private static void assertRefused(Consumer<JSONObject> change, String mentioned) {
        JSONObject json;
        try {
            json = valid();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        change.accept(json);
        assertRefusedFor(json, false, mentioned);
    }

    private static void assertRefusedFor(JSONObject json, boolean confidential, String mentioned) {
        assertThatThrownBy(() -> AuthorizationServer.fromMetadata(json.toJSONString(), ISSUER, confidential))
                .isInstanceOfSatisfying(OAuthException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.BAD_METADATA);
                    assertThat(e.getMessage()).contains(mentioned);
                });
    }

    private static JSONArray array(String... values) {
        JSONArray array = new JSONArray();
        for (String value : values) {
            array.add(value);
        }
        return array;
    }

    /** The shape @atproto/oauth-provider 0.15 serves (trimmed). */
    private static JSONObject valid() throws Exception {
        return JSONObjectUtils.parse("{\"issuer\":\"https://pds.example.com\","
                + "\"scopes_supported\":[\"atproto\",\"transition:generic\"],"
                + "\"response_types_supported\":[\"code\"],\"response_modes_supported\":[\"query\",\"fragment\"],"
                + "\"grant_types_supported\":[\"authorization_code\",\"refresh_token\"],"
                + "\"code_challenge_methods_supported\":[\"S256\"],"
                + "\"authorization_response_iss_parameter_supported\":true,"
                + "\"authorization_endpoint\":\"https://pds.example.com/oauth/authorize\","
                + "\"token_endpoint\":\"https://pds.example.com/oauth/token\","
                + "\"token_endpoint_auth_methods_supported\":[\"none\",\"private_key_jwt\"],"
                + "\"token_endpoint_auth_signing_alg_values_supported\":[\"ES256\",\"ES256K\"],"
                + "\"pushed_authorization_request_endpoint\":\"https://pds.example.com/oauth/par\","
                + "\"require_pushed_authorization_requests\":true,"
                + "\"dpop_signing_alg_values_supported\":[\"ES256\",\"ES256K\"],"
                + "\"client_id_metadata_document_supported\":true}");
    }
}
