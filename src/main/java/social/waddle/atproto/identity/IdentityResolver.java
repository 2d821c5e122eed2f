package social.waddle.atproto.identity;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import social.waddle.atproto.AtprotoException;
import social.waddle.atproto.AtprotoException.Failure;
import social.waddle.atproto.concurrent.ResolutionCache;
import social.waddle.atproto.crypto.AtprotoPublicKey;
import social.waddle.atproto.dns.DnsTxtResolver;
import social.waddle.atproto.http.SafeHttpClient;
import social.waddle.atproto.http.SafeHttpRequest;
import social.waddle.atproto.http.SafeHttpResponse;
import social.waddle.atproto.identity.ResolutionTrace.StepKind;
import social.waddle.atproto.identity.ResolutionTrace.Steps;
import social.waddle.atproto.syntax.Did;
import social.waddle.atproto.syntax.Handle;
import social.waddle.atproto.xrpc.XrpcClient;

/**
 * Resolves handles and DIDs into {@link VerifiedIdentity identities}, with caching and one lookup in flight per key.
 *
 * <ul>
 *   <li>Handle → DID (https://atproto.com/specs/handle#handle-resolution): DNS TXT {@code _atproto.<handle>}, HTTPS
 *       {@code /.well-known/atproto-did}, or {@code com.atproto.identity.resolveHandle} on a configured service, in the
 *       configured order; DNS wins when DNS and another method disagree; several different {@code did=} records fail.</li>
 *   <li>DID → document (https://atproto.com/specs/did): {@code did:plc} from the PLC directory, {@code did:web} from
 *       {@code https://<host>/.well-known/did.json}; at most 64 KiB.</li>
 *   <li>Bidirectional check: a handle counts only if the document claims it and it resolves back to the DID.</li>
 * </ul>
 */
public final class IdentityResolver {

    private static final Logger Log = LoggerFactory.getLogger(IdentityResolver.class);

    /** DID documents in the wild are a few KiB; anything larger is hostile. */
    static final long MAX_DOCUMENT_BYTES = 64 * 1024;
    static final long MAX_WELL_KNOWN_BYTES = 4 * 1024;

    public enum HandleMethod {
        DNS, HTTPS, XRPC
    }

    /** How identities are resolved; see the plugin's {@code waddle.identity.*} settings. */
    /**
     * @param allowedReservedTlds top-level domains the spec disallows for handles that are resolved anyway (a
     *     development PDS: {@code test}); see {@link Handle#checkResolvable(Set)}
     */
    public record Config(URI plcDirectory, List<HandleMethod> handleMethods, Optional<URI> resolveHandleService,
                         Duration positiveTtl, Duration negativeTtl, int maxEntries, Set<String> allowedReservedTlds) {
        public Config {
            Objects.requireNonNull(plcDirectory);
            handleMethods = List.copyOf(handleMethods);
            allowedReservedTlds = Set.copyOf(allowedReservedTlds);
            Objects.requireNonNull(resolveHandleService);
            if (handleMethods.isEmpty()) {
                throw new IllegalArgumentException("At least one handle resolution method is needed");
            }
            if (handleMethods.contains(HandleMethod.XRPC) && resolveHandleService.isEmpty()) {
                throw new IllegalArgumentException("Handle resolution by xrpc needs a resolveHandle service URL");
            }
        }
    }

    private final SafeHttpClient http;
    private final XrpcClient xrpc;
    private final Optional<DnsTxtResolver> dns;
    private final Config config;
    private final Clock clock;
    private final Function<Handle, URI> wellKnownLocation;
    private final ResolutionCache<Handle, Did> handles;
    private final ResolutionCache<Did, DidDocument> documents;

    public IdentityResolver(SafeHttpClient http, XrpcClient xrpc, Optional<DnsTxtResolver> dns, Config config, Clock clock) {
        this(http, xrpc, dns, config, clock, IdentityResolver::wellKnownUri);
    }

    /**
     * @param wellKnownLocation where a handle's {@code /.well-known/atproto-did} is fetched; tests point it at a
     *     loopback server, because the HTTP client connects to the handle's own name on port 443
     */
    IdentityResolver(SafeHttpClient http, XrpcClient xrpc, Optional<DnsTxtResolver> dns, Config config, Clock clock,
                     Function<Handle, URI> wellKnownLocation) {
        this.http = http;
        this.xrpc = xrpc;
        this.dns = dns;
        this.config = config;
        this.clock = clock;
        this.wellKnownLocation = wellKnownLocation;
        if (config.handleMethods().contains(HandleMethod.DNS) && dns.isEmpty()) {
            throw new IllegalArgumentException("Handle resolution by DNS needs a DNS resolver");
        }
        this.handles = cache(config);
        this.documents = cache(config);
    }

    private static <K, V> ResolutionCache<K, V> cache(Config config) {
        return ResolutionCache.builder()
                .positiveTtl(config.positiveTtl())
                .negativeTtl(config.negativeTtl())
                .temporaryFailureTtl(Duration.ZERO)
                .maxEntries(config.maxEntries())
                .build();
    }

    public Config config() {
        return config;
    }

    /** Resolves what a user typed: a handle or a DID. */
    public VerifiedIdentity resolve(String handleOrDid) throws AtprotoException {
        String input = handleOrDid == null ? "" : handleOrDid.trim();
        if (input.startsWith("did:")) {
            return resolveDid(Did.parse(input));
        }
        return resolveHandle(Handle.parse(input));
    }

    /**
     * Handle → DID → document, requiring the document to claim the handle back. Only the first valid handle of
     * {@code alsoKnownAs} is the document's claim (https://atproto.com/specs/did#did-documents): accepting a later
     * entry would let any DID document list someone else's handle as a secondary alias.
     */
    public VerifiedIdentity resolveHandle(Handle handle) throws AtprotoException {
        return identityOfHandle(handle, this::handleToDid, this::document, Steps.DIRECT);
    }

    /** DID → document; the claimed handle counts only if it resolves back to the DID. */
    public VerifiedIdentity resolveDid(Did did) throws AtprotoException {
        did.checkResolvable();
        return identityOfDid(did, this::handleToDid, this::document, Steps.DIRECT);
    }

    /**
     * Resolves a handle or DID as {@link #resolve} does, but writes down every step with its timing and outcome, runs
     * every configured handle method (not only until one answers), and neither reads nor fills the caches: what an
     * admin's diagnosis needs. The decisions are the ones {@link #resolve} makes.
     */
    public ResolutionTrace trace(String handleOrDid) {
        String input = handleOrDid == null ? "" : handleOrDid.trim();
        ResolutionTrace.Recorder steps = new ResolutionTrace.Recorder();
        Lookup<Handle, Did> handleLookup = handle -> lookUpHandle(handle, steps, true);
        Lookup<Did, DidDocument> documentLookup = did -> steps.run(StepKind.DID_DOCUMENT, () -> fetchDocument(did),
                document -> documentLocation(did) + " (alsoKnownAs: " + document.handles() + ")");
        try {
            VerifiedIdentity identity;
            if (input.startsWith("did:")) {
                Did did = steps.run(StepKind.SYNTAX, () -> {
                    Did parsed = Did.parse(input);
                    parsed.checkResolvable();
                    return parsed;
                }, parsed -> "DID, method " + parsed.method());
                identity = identityOfDid(did, handleLookup, documentLookup, steps);
            } else {
                Handle handle = steps.run(StepKind.SYNTAX, () -> {
                    Handle parsed = Handle.parse(input);
                    parsed.checkResolvable(config.allowedReservedTlds());
                    return parsed;
                }, parsed -> "handle");
                identity = identityOfHandle(handle, handleLookup, documentLookup, steps);
            }
            return new ResolutionTrace(input, steps.steps(), Optional.of(identity), Optional.empty());
        } catch (AtprotoException e) {
            return new ResolutionTrace(input, steps.steps(), Optional.empty(), Optional.of(e));
        }
    }

    @FunctionalInterface
    private interface Lookup<K, V> {
        V apply(K key) throws AtprotoException;
    }

    private VerifiedIdentity identityOfHandle(Handle handle, Lookup<Handle, Did> handleLookup,
                                              Lookup<Did, DidDocument> documentLookup, Steps steps) throws AtprotoException {
        Did did = handleLookup.apply(handle);
        DidDocument document = documentLookup.apply(did);
        steps.run(StepKind.HANDLE_CHECK, () -> {
            Optional<Handle> claimed = document.claimedHandle();
            if (!claimed.equals(Optional.of(handle))) {
                throw new AtprotoException(Failure.HANDLE_MISMATCH, "Handle " + handle + " points to " + did
                        + ", but that DID's document does not claim the handle back (it claims "
                        + claimed.map(Handle::toString).orElse("no handle") + ")");
            }
            return handle;
        }, claimed -> "the document of " + did + " claims " + claimed);
        return new VerifiedIdentity(did, Optional.of(handle), Optional.of(handle), pds(document, steps),
                signingKey(document, steps), clock.instant());
    }

    private VerifiedIdentity identityOfDid(Did did, Lookup<Handle, Did> handleLookup,
                                           Lookup<Did, DidDocument> documentLookup, Steps steps) throws AtprotoException {
        DidDocument document = documentLookup.apply(did);
        Optional<Handle> claimed = document.claimedHandle();
        Optional<Handle> verified = Optional.empty();
        if (claimed.isPresent()) {
            try {
                verified = Optional.of(steps.run(StepKind.HANDLE_CHECK, () -> {
                    Did pointsTo = handleLookup.apply(claimed.get());
                    if (!pointsTo.equals(did)) {
                        throw new AtprotoException(Failure.HANDLE_MISMATCH, "Handle " + claimed.get() + " points to "
                                + pointsTo + ", not to " + did);
                    }
                    return claimed.get();
                }, handle -> handle + " resolves back to " + did));
            } catch (AtprotoException e) {
                if (e.isTemporary()) {
                    throw e;
                }
                Log.info("{} claims handle {}, which is invalid: {}", did, claimed.get(), e.getMessage());
            }
        } else {
            steps.skipped(StepKind.HANDLE_CHECK);
        }
        return new VerifiedIdentity(did, verified, claimed, pds(document, steps), signingKey(document, steps), clock.instant());
    }

    private static URI pds(DidDocument document, Steps steps) throws AtprotoException {
        return steps.run(StepKind.PDS, document::requirePdsEndpoint, URI::toString);
    }

    private static AtprotoPublicKey signingKey(DidDocument document, Steps steps) throws AtprotoException {
        return steps.run(StepKind.SIGNING_KEY, document::signingKey, key -> key.type() + " " + key.multikey());
    }

    public Did handleToDid(Handle handle) throws AtprotoException {
        return handles.get(handle, this::lookUpHandle);
    }

    public DidDocument document(Did did) throws AtprotoException {
        return documents.get(did, this::fetchDocument);
    }

    /**
     * Forgets what is cached about a handle or DID (the admin's "re-resolve now"), together with what it links to:
     * a handle's DID document, or the handles a DID's document claims. Otherwise a re-resolved handle would still be
     * checked against the stale document (and the other way round) until its TTL ran out.
     */
    public void invalidate(String handleOrDid) {
        String input = handleOrDid == null ? "" : handleOrDid.trim();
        try {
            if (Did.isValid(input)) {
                Did did = Did.parse(input);
                documents.getIfPresent(did).ifPresent(document -> document.handles().forEach(handles::invalidate));
                documents.invalidate(did);
            } else if (Handle.isValid(input)) {
                Handle handle = Handle.parse(input);
                handles.getIfPresent(handle).ifPresent(documents::invalidate);
                handles.invalidate(handle);
            }
        } catch (AtprotoException e) {
            // isValid said otherwise; nothing is cached under an invalid key.
        }
    }

    public void invalidateAll() {
        handles.invalidateAll();
        documents.invalidateAll();
    }

    // ---- Handle → DID --------------------------------------------------------------------------------------

    /**
     * Tries the configured methods in order. A method that fails does not stop the others: the handle resolves if
     * any method answers. Several disagreeing {@code did=} records are the exception, as DNS is authoritative.
     * When nothing answers, a temporary failure wins (try again later), then the first permanent failure, else
     * {@code NOT_FOUND}.
     */
    private Did lookUpHandle(Handle handle) throws AtprotoException {
        return lookUpHandle(handle, Steps.DIRECT, false);
    }

    /**
     * @param everyMethod ask every configured method even after one answered (a trace); the answer is the same, as
     *     DNS wins over any other method and otherwise the first answer counts
     */
    private Did lookUpHandle(Handle handle, Steps steps, boolean everyMethod) throws AtprotoException {
        handle.checkResolvable(config.allowedReservedTlds());
        List<String> tried = new ArrayList<>();
        AtprotoException temporary = null;
        AtprotoException permanent = null;
        Optional<Did> found = Optional.empty();
        Optional<Did> foundByDns = Optional.empty();
        HandleMethod foundBy = null;
        if (everyMethod) {
            for (HandleMethod method : HandleMethod.values()) {
                if (!config.handleMethods().contains(method)) {
                    steps.skipped(stepOf(method));
                }
            }
        }
        for (HandleMethod method : config.handleMethods()) {
            if (!everyMethod && found.isPresent() && method != HandleMethod.DNS) {
                continue; // only DNS may still override an answer found by another method
            }
            try {
                Optional<Did> answer = steps.run(stepOf(method), () -> lookUp(method, handle),
                        did -> did.map(Did::toString).orElse(""));
                tried.add(method.name().toLowerCase());
                if (answer.isPresent()) {
                    if (method == HandleMethod.DNS) {
                        if (found.isPresent() && !found.get().equals(answer.get())) {
                            Log.info("Handle {}: DNS says {}, {} says {}; DNS wins", handle, answer.get(), foundBy, found.get());
                        }
                        if (!everyMethod) {
                            return answer.get();
                        }
                        foundByDns = answer;
                    } else if (found.isEmpty()) {
                        found = answer;
                        foundBy = method;
                    }
                }
            } catch (AtprotoException e) {
                if (method == HandleMethod.DNS && e.failure() == Failure.HANDLE_MISMATCH) {
                    throw e;
                }
                tried.add(method.name().toLowerCase() + " (" + e.getMessage() + ")");
                if (e.isTemporary()) {
                    temporary = temporary == null ? e : temporary;
                } else {
                    permanent = permanent == null ? e : permanent;
                }
            }
        }
        if (foundByDns.isPresent()) {
            return foundByDns.get();
        }
        if (found.isPresent()) {
            return found.get();
        }
        if (temporary != null) {
            throw new AtprotoException(temporary.failure(), "Handle " + handle + " could not be resolved right now: "
                    + String.join("; ", tried), temporary);
        }
        if (permanent != null) {
            throw new AtprotoException(permanent.failure(), "Handle " + handle + " does not resolve to a DID: "
                    + String.join("; ", tried), permanent);
        }
        throw new AtprotoException(Failure.NOT_FOUND, "Handle " + handle + " does not resolve to a DID (tried "
                + String.join(", ", tried) + ")");
    }

    private static StepKind stepOf(HandleMethod method) {
        switch (method) {
            case DNS:
                return StepKind.DNS_TXT;
            case HTTPS:
                return StepKind.HTTPS_WELL_KNOWN;
            case XRPC:
                return StepKind.XRPC_RESOLVE_HANDLE;
            default:
                throw new IllegalStateException("Unknown method " + method);
        }
    }

    private Optional<Did> lookUp(HandleMethod method, Handle handle) throws AtprotoException {
        switch (method) {
            case DNS:
                return byDns(handle);
            case HTTPS:
                return byWellKnown(handle);
            case XRPC:
                return byXrpc(handle);
            default:
                throw new IllegalStateException("Unknown method " + method);
        }
    }

    private Optional<Did> byDns(Handle handle) throws AtprotoException {
        List<String> values = dns.orElseThrow().atprotoDids(handle.toString());
        Set<Did> dids = new LinkedHashSet<>();
        for (String value : values) {
            if (Did.isValid(value)) {
                dids.add(Did.parse(value));
            }
        }
        if (dids.size() > 1) {
            throw new AtprotoException(Failure.HANDLE_MISMATCH, "Handle " + handle + " has " + dids.size()
                    + " different did= TXT records at _atproto." + handle + "; exactly one is allowed");
        }
        return dids.stream().findFirst();
    }

    static URI wellKnownUri(Handle handle) {
        return URI.create("https://" + handle + "/.well-known/atproto-did");
    }

    private Optional<Did> byWellKnown(Handle handle) throws AtprotoException {
        URI uri = wellKnownLocation.apply(handle);
        SafeHttpResponse response;
        try {
            response = http.send(SafeHttpRequest.get(uri)
                    .accepting("text/plain")
                    .withMaxResponseBytes(MAX_WELL_KNOWN_BYTES)
                    .describedAs("handle " + handle + " (/.well-known/atproto-did)"));
        } catch (AtprotoException e) {
            if (e.getCause() instanceof UnknownHostException) {
                return Optional.empty(); // no web server under that name: no answer, like a 404
            }
            throw e;
        }
        if (response.status() == 404) {
            return Optional.empty();
        }
        if (response.status() != 200) {
            throw new AtprotoException(Failure.HTTP_STATUS, uri + " answered HTTP " + response.status());
        }
        String body = new String(response.body(), StandardCharsets.UTF_8);
        String firstLine = body.lines().findFirst().orElse("").trim();
        if (!Did.isValid(firstLine)) {
            throw new AtprotoException(Failure.MALFORMED_DOCUMENT, uri + " does not hold a DID on its first line");
        }
        return Optional.of(Did.parse(firstLine));
    }

    private Optional<Did> byXrpc(Handle handle) throws AtprotoException {
        try {
            return Optional.of(Did.parse(xrpc.resolveHandle(config.resolveHandleService().orElseThrow(), handle.toString())));
        } catch (AtprotoException e) {
            if (e.failure() == Failure.XRPC_ERROR || e.failure() == Failure.NOT_FOUND) {
                return Optional.empty(); // "Unable to resolve handle"
            }
            throw e;
        }
    }

    // ---- DID → document ------------------------------------------------------------------------------------

    private DidDocument fetchDocument(Did did) throws AtprotoException {
        did.checkResolvable();
        URI uri = documentUri(did);
        SafeHttpResponse response = http.send(SafeHttpRequest.get(uri)
                .accepting("application/json", "application/did+json", "application/did+ld+json", "application/ld+json")
                .withMaxResponseBytes(MAX_DOCUMENT_BYTES)
                .describedAs("DID document of " + did));
        if (response.status() == 404 || response.status() == 410) {
            throw new AtprotoException(Failure.NOT_FOUND, "No DID document for " + did + " at " + uri
                    + (response.status() == 410 ? " (deactivated)" : ""));
        }
        if (response.status() != 200) {
            throw new AtprotoException(Failure.HTTP_STATUS, "Fetching the DID document of " + did + " from " + uri
                    + " answered HTTP " + response.status());
        }
        return DidDocumentParser.parse(response.body(), did);
    }

    private String documentLocation(Did did) {
        try {
            return documentUri(did).toString();
        } catch (AtprotoException e) {
            return did.toString();
        }
    }

    private URI documentUri(Did did) throws AtprotoException {
        try {
            if (did.isPlc()) {
                String base = config.plcDirectory().toString();
                return new URI(base.endsWith("/") ? base + did : base + "/" + did);
            }
            String host = did.webHost();
            int port = did.webPort().orElse(-1);
            boolean plain = http.policy().allowsPlainHttp(host, port == -1 ? 80 : port);
            return new URI(plain ? "http" : "https", null, host, port, "/.well-known/did.json", null, null);
        } catch (URISyntaxException e) {
            throw new AtprotoException(Failure.INVALID_SYNTAX, "Cannot build the document URL of " + did);
        }
    }
}
