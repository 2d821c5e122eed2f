package social.waddle.testbed.atproto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

@ExtendWith(AtprotoNetworkExtension.class)
class AtprotoNetworkIT {

    private static final Logger Log = LoggerFactory.getLogger(AtprotoNetworkIT.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private static TestAccount alice;
    private static TestAccount bob;

    @BeforeAll
    static void createAccounts(AtprotoNetwork network) {
        Log.info("ATProto test bed started in {} ms, RSS {} MiB", network.startupTime().toMillis(),
                network.residentSetSizeBytes() / (1024 * 1024));
        System.out.printf("ATProto test bed: start-up %d ms, RSS %d MiB%n", network.startupTime().toMillis(),
                network.residentSetSizeBytes() / (1024 * 1024));
        alice = network.createAccount("alice");
        bob = network.createAccount("bob");
    }

    @Test
    void accountsHaveDistinctPlcIdentitiesAndHandlesUnderTest() {
        assertThat(alice.handle()).endsWith(".test").startsWith("alice");
        assertThat(bob.handle()).endsWith(".test").startsWith("bob");
        assertThat(alice.did()).startsWith("did:plc:");
        assertThat(bob.did()).startsWith("did:plc:").isNotEqualTo(alice.did());
        assertThat(alice.appPassword()).matches("[a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4}");
        assertThat(alice.accessJwt()).isNotBlank();
    }

    @Test
    void createSessionWithMainPasswordAnswersTheDid(AtprotoNetwork network) {
        JsonNode session = network.createSession(alice.handle(), alice.password());

        assertThat(session.path("did").asText()).isEqualTo(alice.did());
        assertThat(session.path("handle").asText()).isEqualTo(alice.handle());
        assertThat(session.path("accessJwt").asText()).isNotBlank();
    }

    @Test
    void createSessionWithAppPasswordAnswersTheDid(AtprotoNetwork network) {
        JsonNode session = network.createSession(bob.handle(), bob.appPassword());

        assertThat(session.path("did").asText()).isEqualTo(bob.did());
    }

    @Test
    void createSessionWithWrongPasswordIsRefused(AtprotoNetwork network) {
        assertThatThrownBy(() -> network.createSession(alice.handle(), "not-the-password"))
                .isInstanceOfSatisfying(XrpcCallFailedException.class, failure -> {
                    assertThat(failure.status()).isEqualTo(401);
                    assertThat(failure.body()).contains("AuthenticationRequired");
                });
    }

    @Test
    void plcServesTodaysDidDocumentShape(AtprotoNetwork network) {
        JsonNode document = network.didDocument(alice.did());

        assertThat(document.path("@context").toString()).contains("https://www.w3.org/ns/did/v1",
                "https://w3id.org/security/multikey/v1");
        assertThat(document.path("id").asText()).isEqualTo(alice.did());
        assertThat(document.path("alsoKnownAs").get(0).asText()).isEqualTo("at://" + alice.handle());
        JsonNode key = document.path("verificationMethod").get(0);
        assertThat(key.path("id").asText()).isEqualTo(alice.did() + "#atproto");
        assertThat(key.path("type").asText()).isEqualTo("Multikey");
        assertThat(key.path("controller").asText()).isEqualTo(alice.did());
        assertThat(key.path("publicKeyMultibase").asText()).startsWith("zQ3s");
        JsonNode service = document.path("service").get(0);
        assertThat(service.path("id").asText()).isEqualTo("#atproto_pds");
        assertThat(service.path("type").asText()).isEqualTo("AtprotoPersonalDataServer");
        assertThat(service.path("serviceEndpoint").asText()).isEqualTo(network.pdsUrl().toString());
    }

    @Test
    void plcStillServesTheLegacyDidDocumentShape(AtprotoNetwork network) {
        JsonNode document = network.legacyDidDocument(alice.did());

        assertThat(document.path("id").asText()).isEqualTo(alice.did());
        JsonNode key = document.path("verificationMethod").get(0);
        assertThat(key.path("id").asText()).isEqualTo("#atproto");
        assertThat(key.path("type").asText()).isEqualTo("EcdsaSecp256k1VerificationKey2019");
        assertThat(key.path("publicKeyMultibase").asText()).startsWith("z");
        assertThat(document.path("service").get(0).path("serviceEndpoint").asText())
                .isEqualTo(network.pdsUrl().toString());
    }

    @Test
    void plcAnswersNotFoundForUnknownDid(AtprotoNetwork network) {
        assertThatThrownBy(() -> network.didDocument("did:plc:aaaaaaaaaaaaaaaaaaaaaaaa"))
                .isInstanceOfSatisfying(XrpcCallFailedException.class,
                        failure -> assertThat(failure.status()).isEqualTo(404));
    }

    @Test
    void pdsResolvesItsHandles(AtprotoNetwork network) {
        assertThat(network.resolveHandle(alice.handle())).isEqualTo(alice.did());
        assertThat(network.resolveHandle(bob.handle())).isEqualTo(bob.did());
    }

    @Test
    void pdsServesWellKnownAtprotoDidForHandleHost(AtprotoNetwork network) {
        assertThat(network.wellKnownAtprotoDid(alice.handle())).isEqualTo(alice.did());
        assertThat(network.wellKnownAtprotoDid(bob.handle())).isEqualTo(bob.did());
    }

    @Test
    void serviceAuthTokenIsAnEs256kJwtForTheAccount(AtprotoNetwork network) throws IOException {
        Instant exp = Instant.now().plusSeconds(300);

        String token = network.serviceAuthToken(alice, "did:web:waddle.example", "social.waddle.login", exp);

        String[] parts = token.split("\\.");
        assertThat(parts).hasSize(3);
        JsonNode header = decodeJwtPart(parts[0]);
        JsonNode payload = decodeJwtPart(parts[1]);
        assertThat(header.path("typ").asText()).isEqualTo("JWT");
        assertThat(header.path("alg").asText()).isEqualTo("ES256K");
        assertThat(payload.path("iss").asText()).isEqualTo(alice.did());
        assertThat(payload.path("aud").asText()).isEqualTo("did:web:waddle.example");
        assertThat(payload.path("lxm").asText()).isEqualTo("social.waddle.login");
        assertThat(payload.path("exp").asLong()).isEqualTo(exp.getEpochSecond());
        assertThat(payload.path("iat").asLong()).isBetween(exp.getEpochSecond() - 360, exp.getEpochSecond());
        assertThat(payload.path("jti").asText()).isNotBlank();
        assertThat(Base64.getUrlDecoder().decode(parts[2])).hasSize(64);
    }

    @Test
    void serviceAuthTokenWithAppPasswordSession(AtprotoNetwork network) throws IOException {
        String appPasswordJwt = network.createSession(bob.handle(), bob.appPassword()).path("accessJwt").asText();
        TestAccount viaAppPassword = new TestAccount(bob.handle(), bob.did(), bob.password(), bob.appPassword(),
                appPasswordJwt);

        String token = network.serviceAuthToken(viaAppPassword, "did:web:waddle.example", null, null);

        JsonNode payload = decodeJwtPart(token.split("\\.")[1]);
        assertThat(payload.path("iss").asText()).isEqualTo(bob.did());
        assertThat(payload.has("lxm")).isFalse();
        assertThat(payload.path("exp").asLong() - payload.path("iat").asLong()).isLessThanOrEqualTo(60);
    }

    @Test
    void countsCreateSessionCalls(AtprotoNetwork network) {
        network.resetCounts();
        assertThat(network.createSessionCount()).isZero();

        network.createSession(alice.handle(), alice.password());
        network.createSession(alice.handle(), alice.appPassword());
        network.resolveHandle(alice.handle());

        assertThat(network.createSessionCount()).isEqualTo(2);
        assertThat(network.xrpcCount("com.atproto.identity.resolveHandle")).isEqualTo(1);
        network.resetCounts();
        assertThat(network.createSessionCount()).isZero();
    }

    @Test
    void stoppedPdsRefusesConnectionsAndRestartKeepsAccounts(AtprotoNetwork network) {
        network.stopPds();
        try {
            assertThat(network.pdsAcceptsConnections()).isFalse();
            assertThatThrownBy(() -> network.createSession(alice.handle(), alice.password()))
                    .isInstanceOf(UncheckedIOException.class);
            assertThatThrownBy(() -> network.wellKnownAtprotoDid(alice.handle()))
                    .isInstanceOf(UncheckedIOException.class)
                    .hasRootCauseInstanceOf(ConnectException.class);
        } finally {
            network.startPds();
        }
        assertThat(network.pdsAcceptsConnections()).isTrue();

        assertThat(network.createSession(alice.handle(), alice.password()).path("did").asText())
                .isEqualTo(alice.did());
        assertThat(network.createSession(bob.handle(), bob.appPassword()).path("did").asText()).isEqualTo(bob.did());
        assertThat(network.resolveHandle(alice.handle())).isEqualTo(alice.did());
        assertThat(network.didDocument(alice.did()).path("service").get(0).path("serviceEndpoint").asText())
                .isEqualTo(network.pdsUrl().toString());
    }

    @AfterAll
    static void reportMemory(AtprotoNetwork network) {
        System.out.printf("ATProto test bed: RSS after the tests %d MiB%n",
                network.residentSetSizeBytes() / (1024 * 1024));
    }

    private static JsonNode decodeJwtPart(String part) throws IOException {
        return JSON.readTree(new String(Base64.getUrlDecoder().decode(part), StandardCharsets.UTF_8));
    }
}
