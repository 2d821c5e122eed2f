package social.waddle.atproto.oauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;

import social.waddle.atproto.oauth.OAuthException.Reason;

class ClientIdentityTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void anHttpsBaseUrlMakesAConfidentialClientWithItsMetadataDocument() throws Exception {
        ClientKey key = ClientKey.generate();
        ClientIdentity identity = ClientIdentity.forBaseUrl(URI.create("https://chat.example.com/waddle/"),
                Optional.of(key), "Waddle for Openfire");

        assertThat(identity.isConfidential()).isTrue();
        assertThat(identity.clientId()).isEqualTo("https://chat.example.com/waddle/oauth/client-metadata.json");
        JsonNode metadata = JSON.readTree(identity.clientMetadataJson());
        assertThat(metadata.path("client_id").asText()).isEqualTo(identity.clientId());
        assertThat(metadata.path("application_type").asText()).isEqualTo("web");
        assertThat(metadata.path("client_uri").asText()).isEqualTo("https://chat.example.com/waddle");
        assertThat(metadata.path("redirect_uris").get(0).asText())
                .isEqualTo("https://chat.example.com/waddle/oauth/callback");
        assertThat(metadata.path("scope").asText()).isEqualTo("atproto");
        assertThat(metadata.path("dpop_bound_access_tokens").asBoolean()).isTrue();
        assertThat(metadata.path("token_endpoint_auth_method").asText()).isEqualTo("private_key_jwt");
        assertThat(metadata.path("token_endpoint_auth_signing_alg").asText()).isEqualTo("ES256");
        assertThat(metadata.path("jwks_uri").asText()).isEqualTo("https://chat.example.com/waddle/oauth/jwks.json");
        assertThat(metadata.path("grant_types").toString()).isEqualTo("[\"authorization_code\",\"refresh_token\"]");
        assertThat(metadata.path("response_types").toString()).isEqualTo("[\"code\"]");
        assertThat(metadata.has("jwks")).isFalse();
    }

    @Test
    void theJwksPublishesOnlyThePublicHalfOfTheKey() throws Exception {
        ClientKey key = ClientKey.generate();
        ClientIdentity identity = ClientIdentity.forBaseUrl(URI.create("https://chat.example.com"), Optional.of(key),
                "Waddle");

        JWKSet jwks = JWKSet.parse(identity.jwksJson());
        ECKey published = (ECKey) jwks.getKeys().get(0);
        assertThat(jwks.getKeys()).hasSize(1);
        assertThat(published.isPrivate()).isFalse();
        assertThat(identity.jwksJson()).doesNotContain("\"d\"");
        assertThat(published.getKeyID()).isEqualTo(key.keyId()).isEqualTo(published.computeThumbprint().toString());
        assertThat(published.getAlgorithm().getName()).isEqualTo("ES256");
        assertThat(published.getCurve().getName()).isEqualTo("P-256");
        assertThat(identity.clientId()).isEqualTo("https://chat.example.com/oauth/client-metadata.json");
    }

    @Test
    void theKeySurvivesStorageAsAPrivateJwk() throws Exception {
        ClientKey key = ClientKey.generate();

        ClientKey restored = ClientKey.fromPrivateJwk(key.toPrivateJwk());

        assertThat(restored.keyId()).isEqualTo(key.keyId());
        assertThat(restored.publicJwks()).isEqualTo(key.publicJwks());
        assertThat(key.toString()).doesNotContain(key.toPrivateJwk());
        assertThatThrownBy(() -> ClientKey.fromPrivateJwk(((ECKey) JWKSet.parse(key.publicJwks()).getKeys().get(0))
                .toJSONString())).isInstanceOfSatisfying(OAuthException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.MISCONFIGURED));
        assertThatThrownBy(() -> ClientKey.fromPrivateJwk("{}")).isInstanceOf(OAuthException.class);
    }

    @Test
    void httpOnLocalhostMakesTheLoopbackDevelopmentClient() throws Exception {
        ClientIdentity identity = ClientIdentity.forBaseUrl(URI.create("http://localhost:7070/waddle"), Optional.empty(),
                "Waddle");

        assertThat(identity.isConfidential()).isFalse();
        assertThat(identity.redirectUri()).isEqualTo(URI.create("http://127.0.0.1:7070/waddle/oauth/callback"));
        assertThat(identity.clientId()).isEqualTo(
                "http://localhost?redirect_uri=http%3A%2F%2F127.0.0.1%3A7070%2Fwaddle%2Foauth%2Fcallback&scope=atproto");
        assertThatThrownBy(identity::clientMetadataJson).isInstanceOf(IllegalStateException.class);

        assertThat(ClientIdentity.forBaseUrl(URI.create("http://127.0.0.1:7070"), Optional.empty(), "W").redirectUri())
                .isEqualTo(URI.create("http://127.0.0.1:7070/oauth/callback"));
        assertThat(ClientIdentity.forBaseUrl(URI.create("http://[::1]:7070"), Optional.empty(), "W").redirectUri())
                .isEqualTo(URI.create("http://[::1]:7070/oauth/callback"));
    }

    @Test
    void refusesPlainHttpElsewhereAndHttpsWithoutAKey() {
        for (String base : new String[] {"http://chat.example.com", "http://10.0.0.1:7070", "ftp://localhost",
                "https://user@chat.example.com", "https://chat.example.com/?x=1", "/relative"}) {
            assertThatThrownBy(() -> ClientIdentity.forBaseUrl(URI.create(base), Optional.of(ClientKey.generate()), "W"))
                    .as(base)
                    .isInstanceOfSatisfying(OAuthException.class, e -> assertThat(e.reason()).isEqualTo(Reason.MISCONFIGURED));
        }
        assertThatThrownBy(() -> ClientIdentity.forBaseUrl(URI.create("https://chat.example.com"), Optional.empty(), "W"))
                .isInstanceOfSatisfying(OAuthException.class, e -> assertThat(e.reason()).isEqualTo(Reason.MISCONFIGURED));
    }
}
