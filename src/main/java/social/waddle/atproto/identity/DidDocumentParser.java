package social.waddle.atproto.identity;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import social.waddle.atproto.AtprotoException;
import social.waddle.atproto.AtprotoException.Failure;
import social.waddle.atproto.crypto.AtprotoPublicKey;
import social.waddle.atproto.crypto.KeyType;
import social.waddle.atproto.crypto.PublicKeys;
import social.waddle.atproto.syntax.AtUri;
import social.waddle.atproto.syntax.Did;
import social.waddle.atproto.syntax.Handle;
import social.waddle.atproto.syntax.InputExcerpt;

/**
 * Reads the ATProto facts out of a DID document, treating it as hostile input: a size cap, duplicate keys refused,
 * bounded nesting and arrays, the Jackson tree model only (no data binding), and every type checked.
 *
 * <p>Accepts today's shape ({@code Multikey} with a multicodec-prefixed compressed key, absolute
 * {@code did:…#atproto} ids) and the legacy shape ({@code EcdsaSecp256k1VerificationKey2019} /
 * {@code EcdsaSecp256r1VerificationKey2019}, raw key multibase, relative {@code #atproto} ids).
 *
 * @see <a href="https://atproto.com/specs/did#did-documents">ATProto DID documents</a>
 * @see <a href="https://atproto.com/specs/did#legacy-representation">Legacy representation</a>
 */
public final class DidDocumentParser {

    public static final int MAX_DOCUMENT_BYTES = 64 * 1024;
    public static final int MAX_ARRAY_ENTRIES = 100;

    private static final int MAX_NESTING_DEPTH = 16;
    private static final String SIGNING_KEY_FRAGMENT = "#atproto";
    private static final String PDS_FRAGMENT = "#atproto_pds";
    private static final String PDS_TYPE = "AtprotoPersonalDataServer";
    private static final String MULTIKEY_TYPE = "Multikey";
    private static final String HANDLE_URI_SCHEME = "at://";

    private static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                    .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxNestingDepth(MAX_NESTING_DEPTH)
                            .maxStringLength(MAX_DOCUMENT_BYTES)
                            .maxNumberLength(64)
                            .build())
                    .build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private DidDocumentParser() {
    }

    public static DidDocument parse(String json, Did expectedDid) throws AtprotoException {
        Objects.requireNonNull(json, "json");
        if (json.length() > MAX_DOCUMENT_BYTES) {
            throw tooLarge(expectedDid);
        }
        return parse(json.getBytes(StandardCharsets.UTF_8), expectedDid);
    }

    /**
     * Parses the document fetched for {@code expectedDid}; its {@code id} must be exactly that DID.
     *
     * @throws AtprotoException {@link Failure#TOO_LARGE} over {@value #MAX_DOCUMENT_BYTES} bytes,
     *     {@link Failure#UNSUPPORTED} when the signing key is of a type ATProto does not use, otherwise
     *     {@link Failure#MALFORMED_DOCUMENT}
     */
    public static DidDocument parse(byte[] json, Did expectedDid) throws AtprotoException {
        Objects.requireNonNull(json, "json");
        Objects.requireNonNull(expectedDid, "expectedDid");
        if (json.length > MAX_DOCUMENT_BYTES) {
            throw tooLarge(expectedDid);
        }
        JsonNode root = readTree(json, expectedDid);
        if (!root.isObject()) {
            throw malformed(expectedDid, "is not a JSON object");
        }
        String id = text(root, "id", "the document", expectedDid);
        if (id == null) {
            throw malformed(expectedDid, "has no 'id'");
        }
        if (!id.equals(expectedDid.toString())) {
            throw malformed(expectedDid, "is about " + InputExcerpt.quote(id) + ", not about the DID asked for");
        }
        List<Handle> handles = handles(root, expectedDid);
        AtprotoPublicKey signingKey = signingKey(root, expectedDid);
        URI pds = pdsEndpoint(root, expectedDid);
        return new DidDocument(expectedDid, handles, signingKey, pds);
    }

    private static JsonNode readTree(byte[] json, Did did) throws AtprotoException {
        try {
            JsonNode root = MAPPER.readTree(json);
            if (root == null || root.isMissingNode()) {
                throw malformed(did, "is empty");
            }
            return root;
        } catch (JsonProcessingException notJson) {
            String reason = notJson.getOriginalMessage();
            reason = reason == null ? "" : reason.lines().findFirst().orElse("");
            throw new AtprotoException(Failure.MALFORMED_DOCUMENT, "DID document of " + did + " is not acceptable JSON: "
                    + InputExcerpt.quote(reason));
        } catch (IOException unreadable) {
            throw new AtprotoException(Failure.MALFORMED_DOCUMENT, "DID document of " + did + " could not be read: "
                    + unreadable.getClass().getSimpleName());
        }
    }

    private static List<Handle> handles(JsonNode root, Did did) throws AtprotoException {
        Set<Handle> handles = new LinkedHashSet<>();
        for (JsonNode entry : array(root, "alsoKnownAs", did)) {
            if (!entry.isTextual()) {
                throw malformed(did, "has an 'alsoKnownAs' entry that is not a string");
            }
            String uri = entry.textValue();
            if (!uri.startsWith(HANDLE_URI_SCHEME)) {
                continue;
            }
            try {
                AtUri atUri = AtUri.parse(uri);
                if (atUri.isAuthorityOnly() && atUri.handle().isPresent()) {
                    handles.add(atUri.handle().get());
                }
            } catch (AtprotoException notAHandle) {
                // The spec: the first *valid* handle URI counts; others are ignored.
            }
        }
        return new ArrayList<>(handles);
    }

    private static AtprotoPublicKey signingKey(JsonNode root, Did did) throws AtprotoException {
        AtprotoException firstProblem = null;
        int index = 0;
        for (JsonNode method : array(root, "verificationMethod", did)) {
            String where = "verificationMethod[" + index++ + "]";
            if (!method.isObject()) {
                throw malformed(did, "has a " + where + " that is not an object");
            }
            String id = text(method, "id", where, did);
            if (!isOwnFragment(id, did, SIGNING_KEY_FRAGMENT)) {
                continue;
            }
            try {
                return decodeSigningKey(method, where, did);
            } catch (AtprotoException invalid) {
                if (firstProblem == null) {
                    firstProblem = invalid;
                }
            }
        }
        if (firstProblem != null) {
            throw firstProblem;
        }
        throw malformed(did, "has no #atproto verification method (the account's signing key)");
    }

    private static AtprotoPublicKey decodeSigningKey(JsonNode method, String where, Did did) throws AtprotoException {
        String controller = text(method, "controller", where, did);
        if (!did.toString().equals(controller)) {
            throw malformed(did, "has a #atproto " + where + " controlled by " + InputExcerpt.quote(controller)
                    + " instead of the DID itself");
        }
        String type = text(method, "type", where, did);
        if (type == null) {
            throw malformed(did, "has a #atproto " + where + " without 'type'");
        }
        String multibase = text(method, "publicKeyMultibase", where, did);
        if (multibase == null) {
            throw new AtprotoException(Failure.UNSUPPORTED, "DID document of " + did + " has a #atproto " + where
                    + " without 'publicKeyMultibase', the only key form ATProto uses");
        }
        try {
            if (type.equals(MULTIKEY_TYPE)) {
                return PublicKeys.fromMultikey(multibase);
            }
            KeyType legacyType = KeyType.forLegacyVerificationMethodType(type).orElse(null);
            if (legacyType != null) {
                return PublicKeys.fromLegacyMultibase(legacyType, multibase);
            }
        } catch (AtprotoException badKey) {
            Failure failure = badKey.failure() == Failure.UNSUPPORTED ? Failure.UNSUPPORTED : Failure.MALFORMED_DOCUMENT;
            throw new AtprotoException(failure, "DID document of " + did + " has an unusable #atproto key: "
                    + badKey.getMessage());
        }
        throw new AtprotoException(Failure.UNSUPPORTED, "DID document of " + did + " has a #atproto key of type "
                + InputExcerpt.quote(type) + "; ATProto uses Multikey (or the legacy "
                + KeyType.SECP256K1.legacyVerificationMethodType() + " / " + KeyType.P256.legacyVerificationMethodType() + ")");
    }

    private static URI pdsEndpoint(JsonNode root, Did did) throws AtprotoException {
        int index = 0;
        for (JsonNode service : array(root, "service", did)) {
            String where = "service[" + index++ + "]";
            if (!service.isObject()) {
                throw malformed(did, "has a " + where + " that is not an object");
            }
            if (!isOwnFragment(text(service, "id", where, did), did, PDS_FRAGMENT)) {
                continue;
            }
            if (!PDS_TYPE.equals(text(service, "type", where, did))) {
                continue;
            }
            JsonNode endpoint = service.get("serviceEndpoint");
            if (endpoint == null || !endpoint.isTextual()) {
                throw malformed(did, "has a #atproto_pds " + where + " whose 'serviceEndpoint' is not a string");
            }
            return checkPdsEndpoint(endpoint.textValue(), did);
        }
        return null;
    }

    /** An http(s) URL with a host and nothing but an optional port and root path. */
    static URI checkPdsEndpoint(String endpoint, Did did) throws AtprotoException {
        URI uri;
        try {
            uri = new URI(endpoint);
        } catch (URISyntaxException notAUri) {
            throw malformed(did, "has a PDS endpoint " + InputExcerpt.quote(endpoint) + " that is not a URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http")) {
            throw malformed(did, "has a PDS endpoint " + InputExcerpt.quote(endpoint) + " that is not an http(s) URL");
        }
        if (uri.isOpaque() || uri.getHost() == null || uri.getRawAuthority() == null) {
            throw malformed(did, "has a PDS endpoint " + InputExcerpt.quote(endpoint) + " without a host");
        }
        if (uri.getRawUserInfo() != null) {
            throw malformed(did, "has a PDS endpoint " + InputExcerpt.quote(endpoint) + " with user info");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw malformed(did, "has a PDS endpoint " + InputExcerpt.quote(endpoint) + " with a query or fragment");
        }
        String path = uri.getRawPath();
        if (path != null && !path.isEmpty() && !path.equals("/")) {
            throw malformed(did, "has a PDS endpoint " + InputExcerpt.quote(endpoint) + " with a path; only scheme, host and port are allowed");
        }
        try {
            return new URI(scheme, null, uri.getHost().toLowerCase(Locale.ROOT), uri.getPort(), null, null, null);
        } catch (URISyntaxException impossible) {
            throw malformed(did, "has a PDS endpoint " + InputExcerpt.quote(endpoint) + " that is not a URL");
        }
    }

    private static boolean isOwnFragment(String id, Did did, String fragment) {
        if (id == null) {
            return false;
        }
        return id.equals(fragment) || (id.length() == did.toString().length() + fragment.length()
                && id.startsWith(did.toString()) && id.endsWith(fragment));
    }

    private static Iterable<JsonNode> array(JsonNode root, String field, Did did) throws AtprotoException {
        JsonNode array = root.get(field);
        if (array == null || array.isNull()) {
            return List.of();
        }
        if (!array.isArray()) {
            throw malformed(did, "has a '" + field + "' that is not an array");
        }
        if (array.size() > MAX_ARRAY_ENTRIES) {
            throw malformed(did, "has " + array.size() + " '" + field + "' entries; at most " + MAX_ARRAY_ENTRIES
                    + " are accepted");
        }
        return array;
    }

    /** The string value of {@code field}, {@code null} when absent; anything but a string is malformed. */
    private static String text(JsonNode object, String field, String where, Did did) throws AtprotoException {
        JsonNode value = object.get(field);
        if (value == null) {
            return null;
        }
        if (!value.isTextual()) {
            throw malformed(did, "has a '" + field + "' in " + where + " that is not a string");
        }
        return value.textValue();
    }

    private static AtprotoException malformed(Did did, String problem) {
        return new AtprotoException(Failure.MALFORMED_DOCUMENT, "DID document of " + did + " " + problem);
    }

    private static AtprotoException tooLarge(Did did) {
        return new AtprotoException(Failure.TOO_LARGE, "DID document of " + did + " is larger than "
                + MAX_DOCUMENT_BYTES + " bytes");
    }
}
