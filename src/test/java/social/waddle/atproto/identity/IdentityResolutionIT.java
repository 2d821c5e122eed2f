package social.waddle.atproto.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;

import social.waddle.atproto.AtprotoException;
import social.waddle.atproto.AtprotoException.Failure;
import social.waddle.atproto.crypto.KeyType;
import social.waddle.atproto.http.HostResolver;
import social.waddle.atproto.http.OutboundPolicy;
import social.waddle.atproto.http.SafeHttpClient;
import social.waddle.atproto.identity.IdentityResolver.HandleMethod;
import social.waddle.atproto.syntax.Did;
import social.waddle.atproto.syntax.Handle;
import social.waddle.atproto.xrpc.Session;
import social.waddle.atproto.xrpc.XrpcClient;
import social.waddle.testbed.atproto.AtprotoNetwork;
import social.waddle.testbed.atproto.AtprotoNetworkExtension;
import social.waddle.testbed.atproto.TestAccount;

/** Identity resolution and XRPC calls against the real local PDS and PLC directory of the test bed. */
@ExtendWith(AtprotoNetworkExtension.class)
class IdentityResolutionIT {

    private static TestAccount alice;
    private static TestAccount bob;
    private static SafeHttpClient http;
    private static XrpcClient xrpc;
    private static HostHeaderRelay relay;

    @BeforeAll
    static void createAccounts(AtprotoNetwork network) throws IOException {
        alice = network.createAccount("identity-alice");
        bob = network.createAccount("identity-bob");
        http = new SafeHttpClient(OutboundPolicy.builder()
                .allowPlainHttp("127.0.0.1").allowPlainHttp("localhost")
                .allowAddress("127.0.0.1")
                .build(), HostResolver.system());
        xrpc = new XrpcClient(http);
        relay = HostHeaderRelay.start(network.pdsLoopbackUrl().getPort());
    }

    @AfterAll
    static void closeClients() throws IOException {
        if (relay != null) {
            relay.close();
        }
        if (http != null) {
            http.close();
        }
    }

    @Test
    void resolvesEveryAccountFromHandleToSigningKey(AtprotoNetwork network) throws Exception {
        IdentityResolver resolver = xrpcResolver(network, network.plcUrl());

        for (TestAccount account : List.of(alice, bob)) {
            VerifiedIdentity identity = resolver.resolve(account.handle());

            assertThat(identity.did()).hasToString(account.did());
            assertThat(identity.handle()).map(Handle::toString).contains(account.handle());
            assertThat(identity.pds()).isEqualTo(network.pdsUrl());
            assertThat(identity.signingKey().type()).isEqualTo(KeyType.SECP256K1);
            assertThat(identity.signingKey().multikey()).isEqualTo(publishedMultikey(network, account));
        }
    }

    @Test
    void resolveDidGivesTheVerifiedHandle(AtprotoNetwork network) throws Exception {
        IdentityResolver resolver = xrpcResolver(network, network.plcUrl());

        VerifiedIdentity identity = resolver.resolveDid(Did.parse(bob.did()));

        assertThat(identity.handle()).map(Handle::toString).contains(bob.handle());
        assertThat(identity.claimedHandle()).isEqualTo(identity.handle());
        assertThat(identity.pds()).isEqualTo(network.pdsUrl());
    }

    @Test
    void acceptsTheLegacyDocumentShapeOfThePlcServer(AtprotoNetwork network) throws Exception {
        IdentityResolver resolver = xrpcResolver(network, URI.create(network.plcUrl() + "/legacy"));

        VerifiedIdentity identity = resolver.resolve(alice.handle());

        assertThat(identity.did()).hasToString(alice.did());
        assertThat(identity.signingKey().multikey()).isEqualTo(publishedMultikey(network, alice));
    }

    @Test
    void anUnknownHandleIsNotFound(AtprotoNetwork network) {
        IdentityResolver resolver = xrpcResolver(network, network.plcUrl());

        AtprotoException failure = catchThrowableOfType(AtprotoException.class,
                () -> resolver.resolve("nobody-at-all.test"));

        assertThat(failure).isNotNull();
        assertThat(failure.failure()).isEqualTo(Failure.NOT_FOUND);
        assertThat(failure.getMessage()).contains("nobody-at-all.test").contains("xrpc");
    }

    @Test
    void resolvesAHandleThroughThePdsWellKnownAtprotoDid(AtprotoNetwork network) throws Exception {
        IdentityResolver resolver = resolver(network, network.plcUrl(), List.of(HandleMethod.HTTPS),
                relay::wellKnownUri);

        VerifiedIdentity identity = resolver.resolve(alice.handle());
        AtprotoException unknown = catchThrowableOfType(AtprotoException.class,
                () -> resolver.resolve("nobody-at-all.test"));

        assertThat(identity.did()).hasToString(alice.did());
        assertThat(identity.handle()).map(Handle::toString).contains(alice.handle());
        assertThat(unknown.failure()).isEqualTo(Failure.NOT_FOUND);
    }

    @Test
    void createSessionWithAnAppPasswordGivesTheAccountsDid(AtprotoNetwork network) throws Exception {
        Session session = xrpc.createSession(network.pdsUrl(), alice.handle(), alice.appPassword());

        assertThat(session.did()).isEqualTo(alice.did());
        assertThat(session.handle()).isEqualTo(alice.handle());
        assertThat(session.active()).isTrue();
        assertThat(session.toString()).doesNotContain(session.accessJwt());
    }

    @Test
    void createSessionWithAWrongPasswordIsNotAuthorized(AtprotoNetwork network) {
        AtprotoException failure = catchThrowableOfType(AtprotoException.class,
                () -> xrpc.createSession(network.pdsUrl(), alice.handle(), "not-the-password"));

        assertThat(failure).isNotNull();
        assertThat(failure.failure()).isEqualTo(Failure.NOT_AUTHORIZED);
        assertThat(failure.getMessage()).doesNotContain("not-the-password");
    }

    @Test
    void getRecordOfAMissingProfileIsNotFound(AtprotoNetwork network) {
        AtprotoException failure = catchThrowableOfType(AtprotoException.class,
                () -> xrpc.getRecord(network.pdsUrl(), bob.did(), "app.bsky.actor.profile", "self"));

        assertThat(failure).isNotNull();
        assertThat(failure.failure()).isEqualTo(Failure.NOT_FOUND);
    }

    private static IdentityResolver xrpcResolver(AtprotoNetwork network, URI plcDirectory) {
        return resolver(network, plcDirectory, List.of(HandleMethod.XRPC), IdentityResolver::wellKnownUri);
    }

    private static IdentityResolver resolver(AtprotoNetwork network, URI plcDirectory, List<HandleMethod> methods,
                                             Function<Handle, URI> wellKnownLocation) {
        IdentityResolver.Config config = new IdentityResolver.Config(plcDirectory, methods,
                Optional.of(network.pdsUrl()), Duration.ofMinutes(10), Duration.ofMinutes(1), 1000, Set.of("test"));
        return new IdentityResolver(http, xrpc, Optional.empty(), config, Clock.systemUTC(), wellKnownLocation);
    }

    private static String publishedMultikey(AtprotoNetwork network, TestAccount account) {
        for (JsonNode method : network.didDocument(account.did()).path("verificationMethod")) {
            if (method.path("id").asText().endsWith("#atproto")) {
                return method.path("publicKeyMultibase").asText();
            }
        }
        throw new AssertionError("the PLC document of " + account + " has no #atproto key");
    }

    /**
     * Plays {@code https://<handle>/.well-known/atproto-did} for the PDS, which answers by {@code Host} header: each
     * request for {@code /<handle>/.well-known/atproto-did} is sent on to the PDS with {@code Host: <handle>} and the
     * PDS's response bytes are relayed unchanged. (The JDK client will neither set {@code Host} nor connect to
     * {@code <handle>.test}, which no resolver knows.)
     */
    private static final class HostHeaderRelay implements AutoCloseable {

        private static final String SUFFIX = "/.well-known/atproto-did";

        private final ServerSocket server;
        private final int pdsPort;

        private HostHeaderRelay(ServerSocket server, int pdsPort) {
            this.server = server;
            this.pdsPort = pdsPort;
        }

        static HostHeaderRelay start(int pdsPort) throws IOException {
            ServerSocket server = new ServerSocket(0, 16, InetAddress.getByName("127.0.0.1"));
            HostHeaderRelay relay = new HostHeaderRelay(server, pdsPort);
            Thread acceptor = new Thread(relay::acceptLoop, "host-header-relay");
            acceptor.setDaemon(true);
            acceptor.start();
            return relay;
        }

        URI wellKnownUri(Handle handle) {
            return URI.create("http://127.0.0.1:" + server.getLocalPort() + "/" + handle + SUFFIX);
        }

        private void acceptLoop() {
            while (!server.isClosed()) {
                try (Socket client = server.accept()) {
                    client.setSoTimeout(10_000);
                    relay(client);
                } catch (IOException e) {
                    if (server.isClosed()) {
                        return;
                    }
                }
            }
        }

        private void relay(Socket client) throws IOException {
            String requestLine = readHead(client.getInputStream()).lines().findFirst().orElse("");
            String path = requestLine.split(" ").length > 1 ? requestLine.split(" ")[1] : "";
            String handle = path.startsWith("/") && path.endsWith(SUFFIX)
                    ? path.substring(1, path.length() - SUFFIX.length()) : "invalid";
            try (Socket pds = new Socket()) {
                pds.connect(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), pdsPort), 5_000);
                pds.setSoTimeout(10_000);
                pds.getOutputStream().write(("GET " + SUFFIX + " HTTP/1.1\r\nHost: " + handle
                        + "\r\nAccept: text/plain\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                pds.getOutputStream().flush();
                OutputStream out = client.getOutputStream();
                pds.getInputStream().transferTo(out);
                out.flush();
            }
        }

        private static String readHead(InputStream in) throws IOException {
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            int matched = 0;
            byte[] end = {'\r', '\n', '\r', '\n'};
            int next;
            while (matched < 4 && (next = in.read()) != -1) {
                head.write(next);
                matched = next == end[matched] ? matched + 1 : (next == '\r' ? 1 : 0);
            }
            return head.toString(StandardCharsets.US_ASCII);
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }
}
