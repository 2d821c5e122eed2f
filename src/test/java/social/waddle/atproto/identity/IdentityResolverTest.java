package social.waddle.atproto.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpExchange;

import social.waddle.atproto.AtprotoException;
import social.waddle.atproto.AtprotoException.Failure;
import social.waddle.atproto.crypto.KeyType;
import social.waddle.atproto.dns.DnsTxtResolver;
import social.waddle.atproto.dns.TinyDnsServer;
import social.waddle.atproto.http.HostResolver;
import social.waddle.atproto.http.OutboundPolicy;
import social.waddle.atproto.http.SafeHttpClient;
import social.waddle.atproto.identity.IdentityResolver.HandleMethod;
import social.waddle.atproto.syntax.Did;
import social.waddle.atproto.syntax.Handle;
import social.waddle.atproto.xrpc.XrpcClient;

class IdentityResolverTest {

    private static final Duration FAST = Duration.ofSeconds(3);
    private static final Instant NOW = Instant.parse("2025-01-02T03:04:05Z");

    // atproto.com/specs/did: one K-256 key in the current and in the legacy encoding.
    private static final String MULTIKEY = "zQ3shXjHeiBuRCKmM36cuYnm7YEMzhGnCmCyW92sRJ9pribSF";
    private static final String LEGACY_MULTIBASE = "zQYEBzXeuTM9UR3rfvNag6L3RNAs5pQZyYPsomTsgQhsxLdEgCrPTLgFna8yqCnxPpNT7DBk6Ym3dgPKNu86vt9GR";
    private static final String PDS = "https://pds.example.com";

    private static final String ALICE = "alice.test";
    private static final String ALICE_DID = plc("alice");
    private static final String MALLORY_DID = plc("mallory");

    private final List<AutoCloseable> cleanup = new ArrayList<>();
    private LoopbackUpstream upstream;
    private TinyDnsServer dns;

    @BeforeEach
    void startUpstreams() throws Exception {
        upstream = LoopbackUpstream.start();
        dns = new TinyDnsServer();
        cleanup.add(upstream);
        cleanup.add(dns);
    }

    @AfterEach
    void stopUpstreams() throws Exception {
        for (AutoCloseable closeable : cleanup) {
            closeable.close();
        }
    }

    @AfterAll
    static void releaseDnsjava() {
        DnsTxtResolver.releaseSharedResources();
    }

    // ---- Step-by-step trace (admin diagnostics) ----------------------------------------------------------------

    @Test
    void aTraceAsksEveryConfiguredMethodTimesEachStepAndReachesTheSameIdentity() throws Exception {
        dns.txt("_atproto." + ALICE, "did=" + ALICE_DID);
        upstream.wellKnown(ALICE, ALICE_DID).document(ALICE_DID, currentShape(ALICE_DID, ALICE));
        IdentityResolver resolver = resolver(HandleMethod.DNS, HandleMethod.HTTPS);

        ResolutionTrace trace = resolver.trace(ALICE);

        assertThat(trace.steps()).extracting(ResolutionTrace.Step::kind).containsExactly(
                ResolutionTrace.StepKind.SYNTAX, ResolutionTrace.StepKind.XRPC_RESOLVE_HANDLE,
                ResolutionTrace.StepKind.DNS_TXT, ResolutionTrace.StepKind.HTTPS_WELL_KNOWN,
                ResolutionTrace.StepKind.DID_DOCUMENT, ResolutionTrace.StepKind.HANDLE_CHECK,
                ResolutionTrace.StepKind.PDS, ResolutionTrace.StepKind.SIGNING_KEY);
        assertThat(trace.steps()).extracting(ResolutionTrace.Step::outcome).containsExactly(
                ResolutionTrace.Outcome.OK, ResolutionTrace.Outcome.SKIPPED, ResolutionTrace.Outcome.OK,
                ResolutionTrace.Outcome.OK, ResolutionTrace.Outcome.OK, ResolutionTrace.Outcome.OK,
                ResolutionTrace.Outcome.OK, ResolutionTrace.Outcome.OK);
        assertThat(trace.steps().get(2).detail()).isEqualTo(ALICE_DID);
        assertThat(trace.steps().get(6).detail()).isEqualTo(PDS);
        assertThat(trace.steps().get(7).detail()).contains(MULTIKEY);
        assertThat(trace.identity()).map(VerifiedIdentity::did).map(Did::toString).contains(ALICE_DID);
        assertThat(trace.identity().orElseThrow().pds()).isEqualTo(resolver.resolve(ALICE).pds());
        assertThat(upstream.requests(LoopbackUpstream.wellKnownPath(ALICE))).as("asked although DNS answered").isEqualTo(1);
    }

    @Test
    void aTraceNeitherReadsNorFillsTheCache() throws Exception {
        upstream.wellKnown(ALICE, ALICE_DID).document(ALICE_DID, currentShape(ALICE_DID, ALICE));
        IdentityResolver resolver = resolver(HandleMethod.HTTPS);
        resolver.resolve(ALICE);

        resolver.trace(ALICE);
        resolver.trace(ALICE);
        resolver.resolve(ALICE);

        assertThat(upstream.requests(LoopbackUpstream.wellKnownPath(ALICE))).isEqualTo(3);
    }

    @Test
    void aTraceShowsTheFailingStepWithItsFailureAndStopsThere() {
        upstream.wellKnown(ALICE, ALICE_DID).document(ALICE_DID, currentShape(ALICE_DID, "someone-else.test"));

        ResolutionTrace trace = resolver(HandleMethod.HTTPS).trace(ALICE);

        assertThat(trace.resolved()).isFalse();
        assertThat(trace.failure()).map(AtprotoException::failure).contains(Failure.HANDLE_MISMATCH);
        ResolutionTrace.Step last = trace.steps().get(trace.steps().size() - 1);
        assertThat(last.kind()).isEqualTo(ResolutionTrace.StepKind.HANDLE_CHECK);
        assertThat(last.outcome()).isEqualTo(ResolutionTrace.Outcome.FAILED);
        assertThat(last.failure()).contains(Failure.HANDLE_MISMATCH);
        assertThat(last.detail()).contains("someone-else.test");
    }

    @Test
    void aTraceOfMalformedInputFailsAtTheSyntaxStep() {
        ResolutionTrace trace = resolver(HandleMethod.HTTPS).trace("not a handle");

        assertThat(trace.steps()).singleElement().satisfies(step -> {
            assertThat(step.kind()).isEqualTo(ResolutionTrace.StepKind.SYNTAX);
            assertThat(step.outcome()).isEqualTo(ResolutionTrace.Outcome.FAILED);
            assertThat(step.failure()).contains(Failure.INVALID_SYNTAX);
        });
    }

    @Test
    void aTraceOfADidChecksTheClaimedHandleButStillResolvesWhenItDoesNotVerify() {
        upstream.document(ALICE_DID, currentShape(ALICE_DID, ALICE)).wellKnown(ALICE, MALLORY_DID);

        ResolutionTrace trace = resolver(HandleMethod.HTTPS).trace(ALICE_DID);

        assertThat(trace.resolved()).isTrue();
        assertThat(trace.identity().orElseThrow().handle()).isEmpty();
        assertThat(trace.steps()).filteredOn(step -> step.kind() == ResolutionTrace.StepKind.HANDLE_CHECK)
                .singleElement().satisfies(step -> {
                    assertThat(step.outcome()).isEqualTo(ResolutionTrace.Outcome.FAILED);
                    assertThat(step.detail()).contains(MALLORY_DID);
                });
    }

    // ---- Handle → DID, by each method and by order ------------------------------------------------------------

    @Test
    void resolvesAHandleByDns() throws Exception {
        dns.txt("_atproto." + ALICE, "did=" + ALICE_DID);
        upstream.document(ALICE_DID, currentShape(ALICE_DID, ALICE));

        VerifiedIdentity identity = resolver(HandleMethod.DNS).resolveHandle(Handle.parse(ALICE));

        assertThat(identity.did()).hasToString(ALICE_DID);
        assertThat(identity.handle()).map(Handle::toString).contains(ALICE);
        assertThat(identity.claimedHandle()).isEqualTo(identity.handle());
        assertThat(identity.pds()).isEqualTo(URI.create(PDS));
        assertThat(identity.signingKey().type()).isEqualTo(KeyType.SECP256K1);
        assertThat(identity.signingKey().multikey()).isEqualTo(MULTIKEY);
        assertThat(identity.resolvedAt()).isEqualTo(NOW);
        assertThat(dns.queries()).isEqualTo(1);
    }

    @Test
    void resolvesAHandleByHttpsWellKnown() throws Exception {
        upstream.wellKnown(ALICE, ALICE_DID).document(ALICE_DID, currentShape(ALICE_DID, ALICE));

        VerifiedIdentity identity = resolver(HandleMethod.HTTPS).resolve(" Alice.Test ");

        assertThat(identity.did()).hasToString(ALICE_DID);
        assertThat(identity.handle()).map(Handle::toString).contains(ALICE);
        assertThat(upstream.requests(LoopbackUpstream.wellKnownPath(ALICE))).isEqualTo(1);
    }

    @Test
    void resolvesAHandleByXrpcResolveHandle() throws Exception {
        upstream.xrpcHandle(ALICE, ALICE_DID).document(ALICE_DID, currentShape(ALICE_DID, ALICE));

        VerifiedIdentity identity = resolver(HandleMethod.XRPC).resolveHandle(Handle.parse(ALICE));

        assertThat(identity.did()).hasToString(ALICE_DID);
        assertThat(upstream.requests(LoopbackUpstream.resolveHandlePath(ALICE))).isEqualTo(1);
    }

    @Test
    void theFirstMethodThatAnswersWinsAndLaterNonDnsMethodsAreNotAsked() throws Exception {
        upstream.xrpcHandle(ALICE, ALICE_DID).wellKnown(ALICE, MALLORY_DID);

        Did byXrpcFirst = resolver(HandleMethod.XRPC, HandleMethod.HTTPS).handleToDid(Handle.parse(ALICE));
        int wellKnownRequestsAfterXrpcFirst = upstream.requests(LoopbackUpstream.wellKnownPath(ALICE));
        Did byHttpsFirst = resolver(HandleMethod.HTTPS, HandleMethod.XRPC).handleToDid(Handle.parse(ALICE));

        assertThat(byXrpcFirst).hasToString(ALICE_DID);
        assertThat(wellKnownRequestsAfterXrpcFirst).isZero();
        assertThat(byHttpsFirst).hasToString(MALLORY_DID);
        assertThat(upstream.requests(LoopbackUpstream.resolveHandlePath(ALICE))).isEqualTo(1);
    }

    @Test
    void aMethodWithNoAnswerFallsThroughToTheNext() throws Exception {
        upstream.xrpcHandle(ALICE, ALICE_DID);

        Did did = resolver(HandleMethod.DNS, HandleMethod.HTTPS, HandleMethod.XRPC).handleToDid(Handle.parse(ALICE));

        assertThat(did).hasToString(ALICE_DID);
        assertThat(dns.queries()).isEqualTo(1);
        assertThat(upstream.requests(LoopbackUpstream.wellKnownPath(ALICE))).isEqualTo(1);
    }

    @Test
    void dnsWinsWhenItDisagreesWithHttps() throws Exception {
        dns.txt("_atproto." + ALICE, "did=" + ALICE_DID);
        upstream.wellKnown(ALICE, MALLORY_DID);

        Did httpsFirst = resolver(HandleMethod.HTTPS, HandleMethod.DNS).handleToDid(Handle.parse(ALICE));
        Did dnsFirst = resolver(HandleMethod.DNS, HandleMethod.HTTPS).handleToDid(Handle.parse(ALICE));

        assertThat(httpsFirst).hasToString(ALICE_DID);
        assertThat(dnsFirst).hasToString(ALICE_DID);
        assertThat(upstream.requests(LoopbackUpstream.wellKnownPath(ALICE))).as("DNS first: https never asked").isEqualTo(1);
    }

    @Test
    void severalDisagreeingDidRecordsFailEvenWhenHttpsAnswers() {
        dns.txt("_atproto." + ALICE, "did=" + ALICE_DID).txt("_atproto." + ALICE, "did=" + MALLORY_DID);
        upstream.wellKnown(ALICE, ALICE_DID);

        AtprotoException failure = timedFailure(() ->
                resolver(HandleMethod.HTTPS, HandleMethod.DNS).handleToDid(Handle.parse(ALICE)));

        assertThat(failure.failure()).isEqualTo(Failure.HANDLE_MISMATCH);
        assertThat(failure.getMessage()).contains("2 different did= TXT records").contains(ALICE);
    }

    @Test
    void aHandleWithNoRecordAnywhereIsNotFoundAndNamesWhatWasTried() {
        AtprotoException failure = timedFailure(() ->
                resolver(HandleMethod.DNS, HandleMethod.HTTPS, HandleMethod.XRPC).resolve("nobody.test"));

        assertThat(failure.failure()).isEqualTo(Failure.NOT_FOUND);
        assertThat(failure.getMessage()).contains("nobody.test").contains("dns").contains("https").contains("xrpc");
    }

    @Test
    void aHandleWhoseWebHostDoesNotExistIsNotFoundRatherThanTemporary() throws Exception {
        SafeHttpClient http = client(loopbackPolicy().build(), unknownHosts());
        IdentityResolver resolver = new IdentityResolver(http, new XrpcClient(http), Optional.of(dnsResolver()),
                config(List.of(HandleMethod.DNS, HandleMethod.HTTPS)), clock());

        AtprotoException failure = timedFailure(() -> resolver.resolve("nobody.test"));

        assertThat(failure.failure()).isEqualTo(Failure.NOT_FOUND);
        assertThat(failure.getMessage()).contains("dns").contains("https");
    }

    @Test
    void aDownHandleServiceIsATemporaryFailure() throws Exception {
        URI closedPort = closedLoopbackPort();
        IdentityResolver resolver = resolver(config(List.of(HandleMethod.XRPC), closedPort, Optional.of(closedPort)));

        AtprotoException failure = timedFailure(() -> resolver.resolve(ALICE));

        assertThat(failure.failure()).isEqualTo(Failure.NETWORK);
        assertThat(failure.isTemporary()).isTrue();
    }

    @Test
    void aDownPlcDirectoryIsATemporaryFailure() throws Exception {
        URI closedPort = closedLoopbackPort();
        IdentityResolver resolver = resolver(config(List.of(HandleMethod.DNS), closedPort, Optional.empty()));

        AtprotoException failure = timedFailure(() -> resolver.resolve(ALICE_DID));

        assertThat(failure.failure()).isEqualTo(Failure.NETWORK);
        assertThat(failure.isTemporary()).isTrue();
    }

    @Test
    void aTemporaryDnsFailureIsNotCached() throws Exception {
        dns.txt("_atproto." + ALICE, "did=" + ALICE_DID);
        dns.mode(TinyDnsServer.Mode.SERVFAIL);
        IdentityResolver resolver = resolver(HandleMethod.DNS);

        AtprotoException failure = timedFailure(() -> resolver.handleToDid(Handle.parse(ALICE)));
        dns.mode(TinyDnsServer.Mode.ANSWER);
        Did afterRecovery = resolver.handleToDid(Handle.parse(ALICE));

        assertThat(failure.isTemporary()).isTrue();
        assertThat(afterRecovery).hasToString(ALICE_DID);
    }

    // ---- Bidirectional check ----------------------------------------------------------------------------------

    @Test
    void aHandleWhoseDocumentDoesNotClaimItBackIsAMismatch() {
        upstream.xrpcHandle(ALICE, MALLORY_DID).document(MALLORY_DID, currentShape(MALLORY_DID, "mallory.test"));

        AtprotoException failure = timedFailure(() -> resolver(HandleMethod.XRPC).resolveHandle(Handle.parse(ALICE)));

        assertThat(failure.failure()).isEqualTo(Failure.HANDLE_MISMATCH);
        assertThat(failure.getMessage()).contains(ALICE).contains(MALLORY_DID).contains("mallory.test");
    }

    @Test
    void aHandleListedOnlyAsASecondaryAliasIsAMismatch() {
        upstream.xrpcHandle(ALICE, MALLORY_DID).document(MALLORY_DID, currentShape(MALLORY_DID, "mallory.test", ALICE));

        AtprotoException failure = timedFailure(() -> resolver(HandleMethod.XRPC).resolveHandle(Handle.parse(ALICE)));

        assertThat(failure.failure()).isEqualTo(Failure.HANDLE_MISMATCH);
    }

    @Test
    void aDocumentAboutAnotherDidIsRefused() {
        upstream.xrpcHandle(ALICE, ALICE_DID).document(ALICE_DID, currentShape(MALLORY_DID, ALICE));

        AtprotoException failure = timedFailure(() -> resolver(HandleMethod.XRPC).resolveHandle(Handle.parse(ALICE)));

        assertThat(failure.failure()).isEqualTo(Failure.MALFORMED_DOCUMENT);
        assertThat(failure.getMessage()).contains(MALLORY_DID).contains("not about the DID asked for");
    }

    @Test
    void resolveDidVerifiesTheClaimedHandle() throws Exception {
        upstream.document(ALICE_DID, currentShape(ALICE_DID, ALICE)).xrpcHandle(ALICE, ALICE_DID);

        VerifiedIdentity identity = resolver(HandleMethod.XRPC).resolveDid(Did.parse(ALICE_DID));

        assertThat(identity.handle()).map(Handle::toString).contains(ALICE);
        assertThat(identity.claimedHandle()).map(Handle::toString).contains(ALICE);
    }

    @Test
    void resolveDidWhoseClaimedHandlePointsElsewhereHasNoVerifiedHandle() throws Exception {
        upstream.document(MALLORY_DID, currentShape(MALLORY_DID, ALICE)).xrpcHandle(ALICE, ALICE_DID);

        VerifiedIdentity identity = resolver(HandleMethod.XRPC).resolveDid(Did.parse(MALLORY_DID));

        assertThat(identity.did()).hasToString(MALLORY_DID);
        assertThat(identity.handle()).isEmpty();
        assertThat(identity.claimedHandle()).map(Handle::toString).contains(ALICE);
    }

    @Test
    void resolveDidWhoseClaimedHandleDoesNotResolveHasNoVerifiedHandle() throws Exception {
        upstream.document(ALICE_DID, currentShape(ALICE_DID, ALICE));

        VerifiedIdentity identity = resolver(HandleMethod.XRPC).resolveDid(Did.parse(ALICE_DID));

        assertThat(identity.handle()).isEmpty();
        assertThat(identity.claimedHandle()).map(Handle::toString).contains(ALICE);
    }

    @Test
    void acceptsTheLegacyDocumentShape() throws Exception {
        upstream.xrpcHandle(ALICE, ALICE_DID).document(ALICE_DID, legacyShape(ALICE_DID, ALICE));

        VerifiedIdentity identity = resolver(HandleMethod.XRPC).resolveHandle(Handle.parse(ALICE));

        assertThat(identity.signingKey().type()).isEqualTo(KeyType.SECP256K1);
        assertThat(identity.signingKey().multikey()).isEqualTo(MULTIKEY);
        assertThat(identity.pds()).isEqualTo(URI.create(PDS));
    }

    @Test
    void resolvesADidWebFromItsHost() throws Exception {
        String didWeb = "did:web:localhost%3A" + upstream.port();
        upstream.didWebDocument(currentShape(didWeb, ALICE)).xrpcHandle(ALICE, didWeb);

        VerifiedIdentity identity = resolver(HandleMethod.XRPC).resolve(didWeb);

        assertThat(identity.did()).hasToString(didWeb);
        assertThat(identity.handle()).map(Handle::toString).contains(ALICE);
        assertThat(upstream.requests("/.well-known/did.json")).isEqualTo(1);
    }

    // ---- Caching and single flight ----------------------------------------------------------------------------

    @Test
    void aCachedResolutionMakesNoSecondUpstreamCall() throws Exception {
        upstream.xrpcHandle(ALICE, ALICE_DID).document(ALICE_DID, currentShape(ALICE_DID, ALICE));
        IdentityResolver resolver = resolver(HandleMethod.XRPC);

        VerifiedIdentity first = resolver.resolveHandle(Handle.parse(ALICE));
        VerifiedIdentity second = resolver.resolveHandle(Handle.parse(ALICE));
        VerifiedIdentity byDid = resolver.resolveDid(Did.parse(ALICE_DID));

        assertThat(second.did()).isEqualTo(first.did());
        assertThat(byDid.handle()).isEqualTo(first.handle());
        assertThat(upstream.totalRequests()).isEqualTo(2);
    }

    @Test
    void aNotFoundHandleIsCachedNegatively() throws Exception {
        IdentityResolver resolver = resolver(HandleMethod.XRPC);

        AtprotoException first = timedFailure(() -> resolver.handleToDid(Handle.parse("nobody.test")));
        AtprotoException second = timedFailure(() -> resolver.handleToDid(Handle.parse("nobody.test")));

        assertThat(first.failure()).isEqualTo(Failure.NOT_FOUND);
        assertThat(second.failure()).isEqualTo(Failure.NOT_FOUND);
        assertThat(upstream.totalRequests()).isEqualTo(1);
    }

    @Test
    void sixtyFourCallersOnOneColdHandleMakeOneRequestPerUpstream() throws Exception {
        upstream.xrpcHandle(ALICE, ALICE_DID).document(ALICE_DID, currentShape(ALICE_DID, ALICE));
        IdentityResolver resolver = resolver(HandleMethod.XRPC);
        Handle alice = Handle.parse(ALICE);

        List<VerifiedIdentity> identities = concurrently(64, LoopbackUpstream.resolveHandlePath(ALICE),
                () -> resolver.resolveHandle(alice));

        assertThat(identities).hasSize(64).allSatisfy(identity -> assertThat(identity.did()).hasToString(ALICE_DID));
        assertThat(upstream.requests(LoopbackUpstream.resolveHandlePath(ALICE))).isEqualTo(1);
        assertThat(upstream.requests("/" + ALICE_DID)).isEqualTo(1);
    }

    @Test
    void sixtyFourCallersOnOneColdDidMakeOneDocumentRequest() throws Exception {
        upstream.document(ALICE_DID, currentShape(ALICE_DID, ALICE)).xrpcHandle(ALICE, ALICE_DID);
        IdentityResolver resolver = resolver(HandleMethod.XRPC);
        Did alice = Did.parse(ALICE_DID);

        List<DidDocument> documents = concurrently(64, "/" + ALICE_DID, () -> resolver.document(alice));

        assertThat(documents).hasSize(64).allSatisfy(document -> assertThat(document.did()).isEqualTo(alice));
        assertThat(upstream.requests("/" + ALICE_DID)).isEqualTo(1);
    }

    @Test
    void invalidatingAHandleForcesANewLookupOfTheHandleAndItsDocument() throws Exception {
        upstream.xrpcHandle(ALICE, ALICE_DID).document(ALICE_DID, currentShape(ALICE_DID, ALICE));
        IdentityResolver resolver = resolver(HandleMethod.XRPC);
        resolver.resolveHandle(Handle.parse(ALICE));

        resolver.invalidate(ALICE);
        resolver.resolveHandle(Handle.parse(ALICE));

        assertThat(upstream.requests(LoopbackUpstream.resolveHandlePath(ALICE))).isEqualTo(2);
        assertThat(upstream.requests("/" + ALICE_DID)).isEqualTo(2);
    }

    @Test
    void invalidatingADidForcesANewLookupOfTheDocumentAndItsHandle() throws Exception {
        upstream.document(ALICE_DID, currentShape(ALICE_DID, ALICE)).xrpcHandle(ALICE, ALICE_DID);
        IdentityResolver resolver = resolver(HandleMethod.XRPC);
        resolver.resolveDid(Did.parse(ALICE_DID));
        upstream.document(ALICE_DID, currentShape(ALICE_DID, "alice2.test")).xrpcHandle("alice2.test", ALICE_DID);

        VerifiedIdentity stillCached = resolver.resolveDid(Did.parse(ALICE_DID));
        resolver.invalidate(ALICE_DID);
        VerifiedIdentity fresh = resolver.resolveDid(Did.parse(ALICE_DID));

        assertThat(stillCached.handle()).map(Handle::toString).contains(ALICE);
        assertThat(fresh.handle()).map(Handle::toString).contains("alice2.test");
        assertThat(upstream.requests("/" + ALICE_DID)).isEqualTo(2);
    }

    @Test
    void aHandleMovedToAnotherDidIsSeenAfterInvalidation() throws Exception {
        upstream.xrpcHandle(ALICE, ALICE_DID).document(ALICE_DID, currentShape(ALICE_DID, ALICE))
                .document(MALLORY_DID, currentShape(MALLORY_DID, ALICE));
        IdentityResolver resolver = resolver(HandleMethod.XRPC);
        resolver.resolveHandle(Handle.parse(ALICE));
        upstream.xrpcHandle(ALICE, MALLORY_DID);

        resolver.invalidateAll();
        VerifiedIdentity moved = resolver.resolveHandle(Handle.parse(ALICE));

        assertThat(moved.did()).hasToString(MALLORY_DID);
    }

    // ---- Hostile upstreams and inputs -------------------------------------------------------------------------

    @Test
    void malformedJsonFailsCleanly() {
        upstream.document(ALICE_DID, "{\"id\":\"" + ALICE_DID + "\",");

        AtprotoException failure = timedFailure(() -> resolver(HandleMethod.XRPC).document(Did.parse(ALICE_DID)));

        assertThat(failure.failure()).isEqualTo(Failure.MALFORMED_DOCUMENT);
        assertThat(failure.getMessage()).contains(ALICE_DID);
    }

    @Test
    void wrongTypesFailCleanly() {
        upstream.document(ALICE_DID, "{\"id\":\"" + ALICE_DID + "\",\"alsoKnownAs\":\"at://alice.test\","
                + "\"verificationMethod\":{\"id\":\"#atproto\"},\"service\":42}");

        AtprotoException failure = timedFailure(() -> resolver(HandleMethod.XRPC).document(Did.parse(ALICE_DID)));

        assertThat(failure.failure()).isEqualTo(Failure.MALFORMED_DOCUMENT);
    }

    @Test
    void aFiftyMegabyteStreamedDocumentIsRefusedAtTheCap() {
        long fiftyMegabytes = 50L * 1024 * 1024;
        upstream.route("/" + ALICE_DID, exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, 0); // chunked: no length announced
            OutputStream body = exchange.getResponseBody();
            body.write(("{\"id\":\"" + ALICE_DID + "\",\"pad\":\"").getBytes());
            byte[] chunk = new byte[64 * 1024];
            Arrays.fill(chunk, (byte) 'a');
            for (long written = 0; written < fiftyMegabytes; written += chunk.length) {
                body.write(chunk);
            }
        });

        AtprotoException failure = timedFailure(() -> resolver(HandleMethod.XRPC).document(Did.parse(ALICE_DID)));

        assertThat(failure.failure()).isEqualTo(Failure.TOO_LARGE);
        assertThat(failure.getMessage()).contains(String.valueOf(IdentityResolver.MAX_DOCUMENT_BYTES));
    }

    @Test
    void aSlowDripPlcHitsTheTotalTimeout() {
        upstream.route("/" + ALICE_DID, exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, 0);
            OutputStream body = exchange.getResponseBody();
            try {
                for (int i = 0; i < 150; i++) {
                    body.write(' ');
                    body.flush();
                    upstream.pause(Duration.ofMillis(200));
                }
            } catch (InterruptedException stopping) {
                Thread.currentThread().interrupt();
            }
        });
        IdentityResolver resolver = resolver(HandleMethod.XRPC);

        long started = System.nanoTime();
        AtprotoException failure = catchThrowableOfType(AtprotoException.class,
                () -> resolver.document(Did.parse(ALICE_DID)));
        Duration elapsed = Duration.ofNanos(System.nanoTime() - started);

        assertThat(failure.failure()).isEqualTo(Failure.TIMEOUT);
        assertThat(elapsed).isBetween(Duration.ofMillis(1500), Duration.ofSeconds(4));
    }

    @Test
    void aPlcRedirectToAnotherLoopbackAddressIsRefused() {
        upstream.route("/" + ALICE_DID, exchange -> redirect(exchange,
                "http://127.0.0.2:" + upstream.port() + "/" + ALICE_DID));

        AtprotoException failure = timedFailure(() -> resolver(HandleMethod.XRPC).document(Did.parse(ALICE_DID)));

        assertThat(failure.failure()).isEqualTo(Failure.FORBIDDEN_ADDRESS);
        assertThat(failure.getMessage()).contains("127.0.0.2");
    }

    @Test
    void aPlcRedirectToTheMetadataServiceIsRefused() {
        upstream.route("/" + ALICE_DID, exchange -> redirect(exchange, "http://169.254.169.254/latest/meta-data/"));

        AtprotoException failure = timedFailure(() -> resolver(HandleMethod.XRPC).document(Did.parse(ALICE_DID)));

        assertThat(failure.failure()).isEqualTo(Failure.FORBIDDEN_ADDRESS);
        assertThat(failure.getMessage()).contains("169.254.169.254");
    }

    @Test
    void aHandleWhoseHostResolvesToAPrivateAddressIsRefused() throws Exception {
        HostResolver privateHost = host -> {
            if (host.equals("evil.test")) {
                return List.of(InetAddress.getByName("10.0.0.5"));
            }
            throw new UnknownHostException(host);
        };
        SafeHttpClient http = client(loopbackPolicy().build(), privateHost);
        IdentityResolver resolver = new IdentityResolver(http, new XrpcClient(http), Optional.empty(),
                config(List.of(HandleMethod.HTTPS)), clock());

        AtprotoException failure = timedFailure(() -> resolver.resolve("evil.test"));

        assertThat(failure.failure()).isEqualTo(Failure.FORBIDDEN_ADDRESS);
        assertThat(failure.getMessage()).contains("evil.test").contains("10.0.0.5");
    }

    @Test
    void didWebWithAPathOrUserInfoIsASyntaxErrorAndNothingIsFetched() {
        IdentityResolver resolver = resolver(HandleMethod.XRPC);

        AtprotoException withPath = timedFailure(() -> resolver.resolve("did:web:example.com:users:alice"));
        AtprotoException withUserInfo = timedFailure(() -> resolver.resolve("did:web:alice@example.com"));
        AtprotoException withEncodedUserInfo = timedFailure(() -> resolver.resolve("did:web:alice%40example.com"));

        assertThat(withPath.failure()).isEqualTo(Failure.INVALID_SYNTAX);
        assertThat(withUserInfo.failure()).isEqualTo(Failure.INVALID_SYNTAX);
        assertThat(withEncodedUserInfo.failure()).isEqualTo(Failure.INVALID_SYNTAX);
        assertThat(upstream.totalRequests()).isZero();
    }

    @Test
    void anUnsupportedDidMethodIsRefusedWithoutFetching() {
        AtprotoException failure = timedFailure(() -> resolver(HandleMethod.XRPC).resolve("did:key:zQ3shXjHeiBuRCKmM36cuYnm7YEMzhGnCmCyW92sRJ9pribSF"));

        assertThat(failure.failure()).isEqualTo(Failure.UNSUPPORTED);
        assertThat(upstream.totalRequests()).isZero();
    }

    @Test
    void aHandleUnderADisallowedTopLevelDomainIsNeverLookedUp() {
        AtprotoException failure = timedFailure(() -> resolver(HandleMethod.DNS, HandleMethod.XRPC).resolve("printer.local"));

        assertThat(failure.failure()).isEqualTo(Failure.DENIED_BY_POLICY);
        assertThat(dns.queries()).isZero();
        assertThat(upstream.totalRequests()).isZero();
    }

    @Test
    void aDocumentWithOnlyNonAtprotoKeysIsRefused() {
        upstream.document(ALICE_DID, document(ALICE_DID, "[\"at://alice.test\"]",
                "[" + key(ALICE_DID + "#other", "Multikey", MULTIKEY) + "]"));

        AtprotoException failure = timedFailure(() -> resolver(HandleMethod.XRPC).document(Did.parse(ALICE_DID)));

        assertThat(failure.failure()).isEqualTo(Failure.MALFORMED_DOCUMENT);
        assertThat(failure.getMessage()).contains("#atproto");
    }

    @Test
    void anInvalidMultibaseKeyIsRefused() {
        upstream.document(ALICE_DID, document(ALICE_DID, "[\"at://alice.test\"]",
                "[" + key(ALICE_DID + "#atproto", "Multikey", "zQ3shXjHeiBuRCKmM36cuYnm7YEMzhGnCmCyW92sRJ9pribS0") + "]"));

        AtprotoException failure = timedFailure(() -> resolver(HandleMethod.XRPC).document(Did.parse(ALICE_DID)));

        assertThat(failure.failure()).isEqualTo(Failure.MALFORMED_DOCUMENT);
    }

    @Test
    void aWellKnownPageWithoutADidIsMalformed() {
        upstream.route(LoopbackUpstream.wellKnownPath(ALICE),
                exchange -> LoopbackUpstream.respond(exchange, 200, "text/plain", "<html>parked domain</html>"));

        AtprotoException failure = timedFailure(() -> resolver(HandleMethod.HTTPS).handleToDid(Handle.parse(ALICE)));

        assertThat(failure.failure()).isEqualTo(Failure.MALFORMED_DOCUMENT);
        assertThat(failure.getMessage()).contains("does not hold a DID");
    }

    @Test
    void aBrokenWellKnownPageDoesNotStopDnsLaterInTheOrder() throws Exception {
        upstream.route(LoopbackUpstream.wellKnownPath(ALICE),
                exchange -> LoopbackUpstream.respond(exchange, 200, "text/plain", "<html>parked domain</html>"));
        dns.txt("_atproto." + ALICE, "did=" + ALICE_DID);

        Did did = resolver(HandleMethod.HTTPS, HandleMethod.DNS).handleToDid(Handle.parse(ALICE));

        assertThat(did).hasToString(ALICE_DID);
    }

    // ---- Helpers ----------------------------------------------------------------------------------------------

    private IdentityResolver resolver(HandleMethod... methods) {
        return resolver(config(List.of(methods)));
    }

    private IdentityResolver resolver(IdentityResolver.Config config) {
        SafeHttpClient http = client(loopbackPolicy().build(), loopbackHosts());
        return new IdentityResolver(http, new XrpcClient(http), Optional.of(dnsResolver()), config, clock(),
                upstream::wellKnownUri);
    }

    private IdentityResolver.Config config(List<HandleMethod> methods) {
        return config(methods, upstream.baseUri(), Optional.of(upstream.baseUri()));
    }

    private static IdentityResolver.Config config(List<HandleMethod> methods, URI plc, Optional<URI> resolveHandleService) {
        return new IdentityResolver.Config(plc, methods, resolveHandleService, Duration.ofMinutes(10),
                Duration.ofMinutes(1), 1000, Set.of("test"));
    }

    /** Plain http to loopback (and to the redirect targets, so the address check is what refuses them). */
    private static OutboundPolicy.Builder loopbackPolicy() {
        return OutboundPolicy.builder()
                .allowPlainHttp("127.0.0.1").allowPlainHttp("localhost")
                .allowPlainHttp("127.0.0.2").allowPlainHttp("169.254.169.254")
                .allowAddress("127.0.0.1")
                .connectTimeout(Duration.ofSeconds(1)).readTimeout(Duration.ofSeconds(1))
                .totalTimeout(Duration.ofSeconds(2));
    }

    private static HostResolver loopbackHosts() {
        Map<String, String> hosts = Map.of("localhost", "127.0.0.1");
        return host -> {
            String address = hosts.get(host);
            if (address == null) {
                throw new UnknownHostException(host);
            }
            return List.of(InetAddress.getByName(address));
        };
    }

    private static HostResolver unknownHosts() {
        return host -> {
            throw new UnknownHostException(host);
        };
    }

    private SafeHttpClient client(OutboundPolicy policy, HostResolver hosts) {
        SafeHttpClient client = new SafeHttpClient(policy, hosts);
        cleanup.add(client);
        return client;
    }

    private DnsTxtResolver dnsResolver() {
        return DnsTxtResolver.forServer(dns.address(), Duration.ofSeconds(1));
    }

    private static Clock clock() {
        return Clock.fixed(NOW, ZoneOffset.UTC);
    }

    private static URI closedLoopbackPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return URI.create("http://127.0.0.1:" + socket.getLocalPort());
        }
    }

    private static void redirect(HttpExchange exchange, String location) throws IOException {
        exchange.getResponseHeaders().add("Location", location);
        exchange.sendResponseHeaders(302, -1);
    }

    private interface Call<T> {
        T call() throws Exception;
    }

    /**
     * Runs {@code callers} calls at once while the upstream holds its answers, releasing them only when the first
     * request for {@code upstreamPath} arrived and every caller has been started.
     */
    private <T> List<T> concurrently(int callers, String upstreamPath, Call<T> call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        try {
            CountDownLatch start = new CountDownLatch(1);
            CountDownLatch started = new CountDownLatch(callers);
            List<Future<T>> results = new ArrayList<>();
            for (int i = 0; i < callers; i++) {
                results.add(pool.submit(() -> {
                    start.await();
                    started.countDown();
                    return call.call();
                }));
            }
            upstream.holdAnswers();
            start.countDown();
            assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(upstream.awaitRequests(upstreamPath, 1, Duration.ofSeconds(10))).isTrue();
            upstream.releaseAnswers();
            List<T> values = new ArrayList<>();
            for (Future<T> result : results) {
                values.add(result.get(10, TimeUnit.SECONDS));
            }
            return values;
        } finally {
            upstream.releaseAnswers();
            pool.shutdownNow();
        }
    }

    private interface FailingCall {
        void run() throws Exception;
    }

    private static AtprotoException timedFailure(FailingCall call) {
        long started = System.nanoTime();
        AtprotoException failure = catchThrowableOfType(AtprotoException.class, call::run);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(FAST);
        assertThat(failure).as("expected an AtprotoException").isNotNull();
        return failure;
    }

    /** A syntactically valid did:plc made from {@code seed} (letters a-z only), padded to 24 characters. */
    static String plc(String seed) {
        return "did:plc:" + (seed + "a".repeat(Did.PLC_IDENTIFIER_LENGTH)).substring(0, Did.PLC_IDENTIFIER_LENGTH);
    }

    /** Today's plc.directory shape. */
    static String currentShape(String did, String... handles) {
        StringBuilder aliases = new StringBuilder("[");
        for (String handle : handles) {
            aliases.append(aliases.length() > 1 ? "," : "").append("\"at://").append(handle).append('"');
        }
        return document(did, aliases.append(']').toString(), "[" + key(did + "#atproto", "Multikey", MULTIKEY) + "]");
    }

    /** The older shape of {@code @did-plc/server@0.0.1}: legacy key type, raw key multibase, relative ids. */
    static String legacyShape(String did, String handle) {
        return ("{\"@context\":[\"https://www.w3.org/ns/did/v1\"],\"id\":\"" + did + "\","
                + "\"alsoKnownAs\":[\"at://" + handle + "\"],"
                + "\"verificationMethod\":[{\"id\":\"#atproto\",\"type\":\"EcdsaSecp256k1VerificationKey2019\","
                + "\"controller\":\"" + did + "\",\"publicKeyMultibase\":\"" + LEGACY_MULTIBASE + "\"}],"
                + "\"service\":[{\"id\":\"#atproto_pds\",\"type\":\"AtprotoPersonalDataServer\","
                + "\"serviceEndpoint\":\"" + PDS + "\"}]}");
    }

    private static String document(String did, String alsoKnownAs, String verificationMethods) {
        return "{\"@context\":[\"https://www.w3.org/ns/did/v1\",\"https://w3id.org/security/multikey/v1\"],"
                + "\"id\":\"" + did + "\",\"alsoKnownAs\":" + alsoKnownAs + ","
                + "\"verificationMethod\":" + verificationMethods.replace("CONTROLLER", did) + ","
                + "\"service\":[{\"id\":\"#atproto_pds\",\"type\":\"AtprotoPersonalDataServer\","
                + "\"serviceEndpoint\":\"" + PDS + "\"}]}";
    }

    private static String key(String id, String type, String multibase) {
        return "{\"id\":\"" + id + "\",\"type\":\"" + type + "\",\"controller\":\"CONTROLLER\","
                + "\"publicKeyMultibase\":\"" + multibase + "\"}";
    }
}
