package social.waddle.web.site;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import social.waddle.testbed.openfire.OpenfireServer;
import social.waddle.testbed.openfire.StoppedDatabase;

/**
 * An https base URL makes the plugin a confidential OAuth client, on a real Openfire 5.x: its client metadata and
 * JWKS are served under {@code /waddle/oauth/} (read here over the plain HTTP-bind port, as a reverse proxy would),
 * the ES256 key is generated once, kept over a restart, and stored encrypted in Openfire's database; cookies are
 * {@code Secure}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConfidentialClientSiteIT {

    private static final String BASE = "https://chat.confidential.test/waddle";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private OpenfireServer server;

    @BeforeAll
    void start() {
        server = OpenfireServer.start(OpenfireServer.Options.defaults().label("confidential").domain("confidential.test")
                .database(OpenfireServer.Database.FILE).publicWeb().properties(Map.of("waddle.web.baseUrl", BASE)));
        Assumptions.assumeTrue(server.isOpenfire5(), "the public pages need Openfire 5.x (Jetty 12 ee8)");
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void servesItsMetadataAndJwksAndKeepsItsKeyEncryptedOverARestart() throws Exception {
        JsonNode metadata = json("/oauth/client-metadata.json");
        assertThat(metadata.path("client_id").asText()).isEqualTo(BASE + "/oauth/client-metadata.json");
        assertThat(metadata.path("redirect_uris").get(0).asText()).isEqualTo(BASE + "/oauth/callback");
        assertThat(metadata.path("token_endpoint_auth_method").asText()).isEqualTo("private_key_jwt");
        assertThat(metadata.path("jwks_uri").asText()).isEqualTo(BASE + "/oauth/jwks.json");
        assertThat(metadata.path("dpop_bound_access_tokens").asBoolean()).isTrue();
        assertThat(metadata.path("scope").asText()).isEqualTo("atproto");

        JsonNode key = json("/oauth/jwks.json").path("keys").get(0);
        assertThat(key.path("kty").asText()).isEqualTo("EC");
        assertThat(key.path("crv").asText()).isEqualTo("P-256");
        assertThat(key.has("d")).as("the private part is never served").isFalse();
        String keyId = key.path("kid").asText();

        HttpResponse<String> signIn = http.send(HttpRequest.newBuilder(URI.create(server.publicWebUri() + "/signin"))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(signIn.headers().allValues("set-cookie")).allSatisfy(cookie -> assertThat(cookie)
                .contains("Secure", "HttpOnly", "SameSite=Lax"));

        server.stop();
        Object[] stored = StoppedDatabase.open(server, true, connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT propValue, encrypted FROM ofProperty WHERE name = 'waddle.web.oauthClientKey'")) {
                try (ResultSet rows = select.executeQuery()) {
                    assertThat(rows.next()).as("the key is kept").isTrue();
                    return new Object[] {rows.getString(1), rows.getInt(2)};
                }
            }
        });
        assertThat(stored[1]).as("stored encrypted").isEqualTo(1);
        assertThat((String) stored[0]).doesNotContain("kty", "P-256", keyId);

        server.start();
        server.waitForPluginLoaded();
        assertThat(json("/oauth/jwks.json").path("keys").get(0).path("kid").asText()).as("the same key after a restart")
                .isEqualTo(keyId);
    }

    private JsonNode json(String path) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(server.publicWebUri() + path))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(type -> assertThat(type)
                .startsWith("application/json"));
        return JSON.readTree(response.body());
    }
}
