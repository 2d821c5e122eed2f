package social.waddle.atproto.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.Collections;

import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import social.waddle.atproto.AtprotoException;
import social.waddle.atproto.AtprotoException.Failure;
import social.waddle.atproto.crypto.KeyType;
import social.waddle.atproto.crypto.PublicKeys;
import social.waddle.atproto.syntax.Did;
import social.waddle.atproto.syntax.Handle;

class DidDocumentParserTest {

    private static final String DID = "did:plc:ewvi7nxzyoun6zhxrhs64oiz";
    // atproto.com/specs/did: one K-256 key in the current and the legacy encoding.
    private static final String MULTIKEY = "zQ3shXjHeiBuRCKmM36cuYnm7YEMzhGnCmCyW92sRJ9pribSF";
    private static final String LEGACY_MULTIBASE = "zQYEBzXeuTM9UR3rfvNag6L3RNAs5pQZyYPsomTsgQhsxLdEgCrPTLgFna8yqCnxPpNT7DBk6Ym3dgPKNu86vt9GR";
    private static final String P256_MULTIKEY = "zDnaembgSGUhZULN2Caob4HLJPaxBh92N7rtH21TErzqf8HQo";

    private static String currentShape() {
        return "{\"@context\":[\"https://www.w3.org/ns/did/v1\",\"https://w3id.org/security/multikey/v1\"],"
                + "\"id\":\"" + DID + "\",\"alsoKnownAs\":[\"at://alice.test\"],"
                + "\"verificationMethod\":[{\"id\":\"" + DID + "#atproto\",\"type\":\"Multikey\",\"controller\":\"" + DID
                + "\",\"publicKeyMultibase\":\"" + MULTIKEY + "\"}],"
                + "\"service\":[{\"id\":\"#atproto_pds\",\"type\":\"AtprotoPersonalDataServer\",\"serviceEndpoint\":\"http://localhost:2583\"}]}";
    }

    private static String legacyShape(String type, String multibase) {
        return "{\"@context\":[\"https://www.w3.org/ns/did/v1\"],\"id\":\"" + DID + "\","
                + "\"alsoKnownAs\":[\"at://alice.test\"],"
                + "\"verificationMethod\":[{\"id\":\"#atproto\",\"type\":\"" + type + "\",\"controller\":\"" + DID
                + "\",\"publicKeyMultibase\":\"" + multibase + "\"}],"
                + "\"service\":[{\"id\":\"#atproto_pds\",\"type\":\"AtprotoPersonalDataServer\",\"serviceEndpoint\":\"https://pds.example.com\"}]}";
    }

    /** A document of today's shape with {@code verificationMethod} and {@code service} replaced by the given JSON. */
    private static String document(String verificationMethods, String services) {
        return "{\"id\":\"" + DID + "\",\"verificationMethod\":" + verificationMethods + ",\"service\":" + services + "}";
    }

    private static String key(String id, String type, String controller, String multibase) {
        return "{\"id\":\"" + id + "\",\"type\":\"" + type + "\",\"controller\":\"" + controller
                + "\",\"publicKeyMultibase\":\"" + multibase + "\"}";
    }

    private static String goodKey() {
        return "[" + key(DID + "#atproto", "Multikey", DID, MULTIKEY) + "]";
    }

    private static String pds(String endpoint) {
        return "[{\"id\":\"#atproto_pds\",\"type\":\"AtprotoPersonalDataServer\",\"serviceEndpoint\":\"" + endpoint + "\"}]";
    }

    private static DidDocument parse(String json) throws AtprotoException {
        return DidDocumentParser.parse(json, Did.parse(DID));
    }

    private static AbstractThrowableAssert<?, ? extends Throwable> assertFails(String json, Failure failure) {
        return assertThatThrownBy(() -> parse(json)).isInstanceOf(AtprotoException.class)
                .satisfies(e -> assertThat(((AtprotoException) e).failure()).isEqualTo(failure))
                .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(400));
    }

    @Test
    void readsTodaysShape() throws AtprotoException {
        DidDocument document = parse(currentShape());

        assertThat(document.did()).hasToString(DID);
        assertThat(document.claimedHandle()).contains(Handle.parse("alice.test"));
        assertThat(document.signingKey()).isEqualTo(PublicKeys.fromMultikey(MULTIKEY));
        assertThat(document.signingKey().type()).isEqualTo(KeyType.SECP256K1);
        assertThat(document.pdsEndpoint()).contains(URI.create("http://localhost:2583"));
    }

    @Test
    void readsTheLegacyShapeToTheSameKey() throws AtprotoException {
        DidDocument document = parse(legacyShape("EcdsaSecp256k1VerificationKey2019", LEGACY_MULTIBASE));

        assertThat(document.signingKey()).isEqualTo(PublicKeys.fromMultikey(MULTIKEY));
        assertThat(document.pdsEndpoint()).contains(URI.create("https://pds.example.com"));
    }

    @Test
    void readsALegacyP256Key() throws AtprotoException {
        byte[] compressed = PublicKeys.fromMultikey(P256_MULTIKEY).compressedPoint();
        String raw = social.waddle.atproto.crypto.Multibase.encodeBase58btc(compressed);

        DidDocument document = parse(legacyShape("EcdsaSecp256r1VerificationKey2019", raw));

        assertThat(document.signingKey().type()).isEqualTo(KeyType.P256);
        assertThat(document.signingKey().multikey()).isEqualTo(P256_MULTIKEY);
    }

    @Test
    void usesOnlyTheAtprotoVerificationMethod() throws AtprotoException {
        String methods = "[" + key(DID + "#other", "Multikey", DID, P256_MULTIKEY) + ","
                + key("did:plc:aaaaaaaaaaaaaaaaaaaaaaaa#atproto", "Multikey", DID, P256_MULTIKEY) + ","
                + key("#atproto", "Multikey", DID, MULTIKEY) + "]";

        assertThat(parse(document(methods, "[]")).signingKey().multikey()).isEqualTo(MULTIKEY);
    }

    @Test
    void takesTheFirstValidAtprotoKey() throws AtprotoException {
        String methods = "[" + key("#atproto", "Multikey", "did:plc:aaaaaaaaaaaaaaaaaaaaaaaa", P256_MULTIKEY) + ","
                + key(DID + "#atproto", "Multikey", DID, MULTIKEY) + "]";

        assertThat(parse(document(methods, "[]")).signingKey().multikey()).isEqualTo(MULTIKEY);
    }

    @Test
    void refusesADocumentWithoutAnAtprotoKey() {
        assertFails(document("[" + key(DID + "#other", "Multikey", DID, MULTIKEY) + "]", "[]"), Failure.MALFORMED_DOCUMENT)
                .hasMessageContaining("no #atproto verification method");
        assertFails("{\"id\":\"" + DID + "\"}", Failure.MALFORMED_DOCUMENT);
    }

    @Test
    void refusesAKeyControlledBySomeoneElse() {
        assertFails(document("[" + key("#atproto", "Multikey", "did:plc:aaaaaaaaaaaaaaaaaaaaaaaa", MULTIKEY) + "]", "[]"),
                Failure.MALFORMED_DOCUMENT).hasMessageContaining("instead of the DID itself");
    }

    @Test
    void refusesKeyTypesAtprotoDoesNotUse() {
        assertFails(document("[" + key("#atproto", "Ed25519VerificationKey2020", DID, MULTIKEY) + "]", "[]"), Failure.UNSUPPORTED)
                .hasMessageContaining("Ed25519VerificationKey2020");
        assertFails(document("[" + key("#atproto", "Multikey", DID, "z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK") + "]", "[]"),
                Failure.UNSUPPORTED).hasMessageContaining("multicodec 0xed");
        assertFails(document("[{\"id\":\"#atproto\",\"type\":\"JsonWebKey2020\",\"controller\":\"" + DID
                + "\",\"publicKeyJwk\":{\"kty\":\"EC\"}}]", "[]"), Failure.UNSUPPORTED).hasMessageContaining("publicKeyMultibase");
    }

    @Test
    void refusesBrokenKeyMaterial() {
        assertFails(document("[" + key("#atproto", "Multikey", DID, "Q3shXjHeiBuRCKmM36cuYnm7YEMzhGnCmCyW92sRJ9pribSF") + "]", "[]"),
                Failure.UNSUPPORTED).hasMessageContaining("does not start with 'z'");
        assertFails(document("[" + key("#atproto", "Multikey", DID, "zQ3shXjHeiBuRCKmM36cuYnm7YEMzhGnCmCyW92sRJ9pribS0") + "]", "[]"),
                Failure.MALFORMED_DOCUMENT).hasMessageContaining("base58btc");
        assertFails(document("[" + key("#atproto", "EcdsaSecp256k1VerificationKey2019", DID, "zQYEBzXeuTM9UR3rfvNag6L3") + "]", "[]"),
                Failure.MALFORMED_DOCUMENT).hasMessageContaining("bytes");
    }

    @Test
    void refusesADocumentAboutAnotherDid() {
        assertFails(currentShape().replaceFirst("\"id\":\"" + DID + "\"", "\"id\":\"did:plc:aaaaaaaaaaaaaaaaaaaaaaaa\""),
                Failure.MALFORMED_DOCUMENT).hasMessageContaining("not about the DID asked for");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "null", "[]", "\"x\"", "{", "{\"id\":1}", "{\"id\":\"" + DID + "\",\"verificationMethod\":{}}",
            "{\"id\":\"" + DID + "\",\"alsoKnownAs\":\"at://alice.test\"}", "{\"id\":\"" + DID + "\",\"alsoKnownAs\":[1]}",
            "{\"id\":\"" + DID + "\",\"verificationMethod\":[1]}", "{\"id\":\"" + DID + "\",\"service\":[\"x\"]}",
            "{\"id\":\"" + DID + "\",\"verificationMethod\":[{\"id\":[\"#atproto\"]}]}",
            "{\"id\":\"" + DID + "\"} {}", "{\"id\":\"" + DID + "\",\"id\":\"" + DID + "\"}"})
    void refusesWrongTypesAndBrokenJson(String json) {
        assertFails(json, Failure.MALFORMED_DOCUMENT);
    }

    @Test
    void refusesDuplicateKeysInsideEntries() {
        assertFails(document("[{\"id\":\"#atproto\",\"id\":\"#atproto\",\"type\":\"Multikey\",\"controller\":\"" + DID
                + "\",\"publicKeyMultibase\":\"" + MULTIKEY + "\"}]", "[]"), Failure.MALFORMED_DOCUMENT)
                .hasMessageContaining("Duplicate");
    }

    @Test
    void refusesHugeArraysAndDeepNesting() {
        String manyHandles = "[" + String.join(",", Collections.nCopies(101, "\"at://alice.test\"")) + "]";
        assertFails("{\"id\":\"" + DID + "\",\"alsoKnownAs\":" + manyHandles + "}", Failure.MALFORMED_DOCUMENT)
                .hasMessageContaining("at most 100");
        String deep = "[".repeat(40) + "]".repeat(40);
        assertFails("{\"id\":\"" + DID + "\",\"extra\":" + deep + "}", Failure.MALFORMED_DOCUMENT)
                .hasMessageContaining("nesting depth");
    }

    @Test
    void refusesDocumentsOver64KiB() {
        String padded = currentShape().replace("\"@context\"", "\"padding\":\"" + "x".repeat(64 * 1024) + "\",\"@context\"");

        assertFails(padded, Failure.TOO_LARGE);
        assertThatThrownBy(() -> DidDocumentParser.parse(padded.getBytes(java.nio.charset.StandardCharsets.UTF_8), Did.parse(DID)))
                .isInstanceOf(AtprotoException.class).extracting(e -> ((AtprotoException) e).failure()).isEqualTo(Failure.TOO_LARGE);
    }

    @Test
    void neverEchoesLongHostileValues() {
        String hostileId = "did:plc:" + "a".repeat(20_000);

        assertFails("{\"id\":\"" + hostileId + "\"}", Failure.MALFORMED_DOCUMENT);
    }

    @Test
    void takesTheFirstValidHandleAndSkipsOtherUris() throws AtprotoException {
        String json = currentShape().replace("[\"at://alice.test\"]",
                "[\"https://alice.example.com\",\"at://not_valid\",\"at://did:plc:aaaaaaaaaaaaaaaaaaaaaaaa\","
                        + "\"at://alice.test/app.bsky.feed.post/1\",\"at://Bob.Test\",\"at://carol.test\"]");

        DidDocument document = parse(json);

        assertThat(document.claimedHandle()).contains(Handle.parse("bob.test"));
        assertThat(document.handles()).extracting(Handle::toString).containsExactly("bob.test", "carol.test");
    }

    @Test
    void aDocumentWithoutHandlesHasNoClaimedHandle() throws AtprotoException {
        assertThat(parse(document(goodKey(), "[]")).claimedHandle()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://pds.example.com", "https://pds.example.com/", "https://PDS.Example.com:8443",
            "http://127.0.0.1:2583"})
    void acceptsPdsEndpoints(String endpoint) throws AtprotoException {
        URI pds = parse(document(goodKey(), pds(endpoint))).requirePdsEndpoint();

        assertThat(pds.getPath()).isEmpty();
        assertThat(pds.getHost()).isEqualTo(pds.getHost().toLowerCase(java.util.Locale.ROOT));
    }

    @ParameterizedTest
    @ValueSource(strings = {"ftp://pds.example.com", "https://user:pw@pds.example.com", "https://pds.example.com?x=1",
            "https://pds.example.com#x", "https://pds.example.com/prefix", "https:///nohost", "pds.example.com",
            "mailto:a@b.c", "https://pds example.com", ""})
    void refusesBadPdsEndpoints(String endpoint) {
        assertFails(document(goodKey(), pds(endpoint)), Failure.MALFORMED_DOCUMENT).hasMessageContaining("PDS endpoint");
    }

    @Test
    void findsThePdsByAbsoluteOrRelativeIdAndType() throws AtprotoException {
        String services = "[{\"id\":\"#atproto_pds\",\"type\":\"SomethingElse\",\"serviceEndpoint\":\"https://wrong.example.com\"},"
                + "{\"id\":\"#atproto_labeler\",\"type\":[\"A\",\"B\"],\"serviceEndpoint\":{\"origins\":[]}},"
                + "{\"id\":\"" + DID + "#atproto_pds\",\"type\":\"AtprotoPersonalDataServer\",\"serviceEndpoint\":\"https://right.example.com\"},"
                + "{\"id\":\"#atproto_pds\",\"type\":\"AtprotoPersonalDataServer\",\"serviceEndpoint\":\"https://later.example.com\"}]";

        assertThat(parse(document(goodKey(), services)).pdsEndpoint()).contains(URI.create("https://right.example.com"));
    }

    @Test
    void aMissingPdsIsReportedOnlyWhenRequired() throws AtprotoException {
        DidDocument document = parse(document(goodKey(), "[]"));

        assertThat(document.pdsEndpoint()).isEmpty();
        assertThatThrownBy(document::requirePdsEndpoint).isInstanceOf(AtprotoException.class)
                .hasMessageContaining("no #atproto_pds service");
    }
}
