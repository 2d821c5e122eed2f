package social.waddle.atproto.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

import social.waddle.atproto.http.HostResolver;
import social.waddle.atproto.http.OutboundPolicy;
import social.waddle.atproto.http.SafeHttpClient;
import social.waddle.atproto.identity.IdentityResolver;
import social.waddle.atproto.identity.IdentityResolver.HandleMethod;
import social.waddle.atproto.xrpc.XrpcClient;
import social.waddle.testbed.atproto.AtprotoNetwork;
import social.waddle.testbed.atproto.TestAccount;

/**
 * The confidential client (client metadata document, JWKS, {@code private_key_jwt} ES256) through the real PDS. The
 * OAuth provider fetches the client's metadata and keys itself and refuses IP addresses, loopback and reserved names
 * in a web client's URLs, so the client's documents are served over HTTPS on 127.0.0.1 under a made-up public name
 * that only this test's own PDS process resolves to 127.0.0.1 ({@code BED_LOOPBACK_NAMES}), with a throw-away
 * certificate only that process trusts ({@code NODE_EXTRA_CA_CERTS}).
 */
class ConfidentialClientIT {

    private static final String CLIENT_HOST = "oauth-client.waddle-bed.net";
    private static final char[] PASSWORD = "changeit".toCharArray();

    private static Path directory;
    private static HttpsServer clientSite;
    private static ExecutorService siteExecutor;
    private static AtprotoNetwork network;
    private static SafeHttpClient http;
    private static ClientIdentity identity;
    private static final AtomicInteger metadataFetches = new AtomicInteger();
    private static final AtomicInteger jwksFetches = new AtomicInteger();

    @BeforeAll
    static void setUp() throws Exception {
        directory = Files.createTempDirectory("waddle-oauth-client");
        Path keyStoreFile = directory.resolve("client.p12");
        Path certificate = directory.resolve("client.pem");
        keytool("-genkeypair", "-alias", "client", "-keyalg", "EC", "-groupname", "secp256r1", "-dname",
                "CN=" + CLIENT_HOST, "-ext", "SAN=dns:" + CLIENT_HOST, "-validity", "2", "-storetype", "PKCS12",
                "-keystore", keyStoreFile.toString(), "-storepass", new String(PASSWORD), "-keypass", new String(PASSWORD));
        keytool("-exportcert", "-rfc", "-alias", "client", "-keystore", keyStoreFile.toString(), "-storepass",
                new String(PASSWORD), "-file", certificate.toString());

        clientSite = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        clientSite.setHttpsConfigurator(new HttpsConfigurator(serverContext(keyStoreFile)));
        siteExecutor = Executors.newFixedThreadPool(2);
        clientSite.setExecutor(siteExecutor);
        URI base = URI.create("https://" + CLIENT_HOST + ":" + clientSite.getAddress().getPort() + "/waddle");
        identity = ClientIdentity.forBaseUrl(base, Optional.of(ClientKey.generate()), "Waddle confidential test");
        clientSite.createContext("/waddle" + ClientIdentity.CLIENT_METADATA_PATH,
                exchange -> serve(exchange, identity.clientMetadataJson(), metadataFetches));
        clientSite.createContext("/waddle" + ClientIdentity.JWKS_PATH,
                exchange -> serve(exchange, identity.jwksJson(), jwksFetches));
        clientSite.start();

        network = AtprotoNetwork.start("confidential-client", Map.of(
                "BED_LOOPBACK_NAMES", CLIENT_HOST,
                "NODE_EXTRA_CA_CERTS", certificate.toString()));
        http = new SafeHttpClient(OutboundPolicy.builder()
                .allowPlainHttp("127.0.0.1").allowPlainHttp("localhost").allowAddress("127.0.0.1").build(),
                HostResolver.system());
    }

    @AfterAll
    static void tearDown() throws IOException {
        if (http != null) {
            http.close();
        }
        if (network != null) {
            network.close();
        }
        if (clientSite != null) {
            clientSite.stop(0);
            siteExecutor.shutdownNow();
        }
        if (directory != null) {
            try (var files = Files.list(directory)) {
                for (Path file : (Iterable<Path>) files::iterator) {
                    Files.deleteIfExists(file);
                }
            }
            Files.deleteIfExists(directory);
        }
    }

    @Test
    void signsInWithPrivateKeyJwtThroughThePdsOwnPages() throws Exception {
        TestAccount carol = network.createAccount("oauth-carol");
        IdentityResolver identities = new IdentityResolver(http, new XrpcClient(http), Optional.empty(),
                new IdentityResolver.Config(network.plcUrl(), List.of(HandleMethod.XRPC), Optional.of(network.pdsUrl()),
                        Duration.ofMinutes(10), Duration.ofMinutes(1), 100, Set.of("test")), Clock.systemUTC());
        AtprotoOAuthClient client = new AtprotoOAuthClient(identity, identities, http,
                new AuthorizationStateStore(Clock.systemUTC(), AuthorizationStateStore.DEFAULT_LIFETIME, 10),
                Clock.systemUTC());

        AuthorizationStart start = client.start(carol.handle(), "browser");
        Map<String, List<String>> callback = new PdsSignIn().signInAndConsent(start.authorizationUrl(), carol.handle(),
                carol.password());
        OAuthGrant grant = client.complete(CallbackParameters.fromQuery(callback), "browser");

        assertThat(grant.did().toString()).isEqualTo(carol.did());
        assertThat(grant.issuer()).isEqualTo(network.pdsUrl());
        assertThat(metadataFetches.get()).isPositive();
        assertThat(jwksFetches.get()).isPositive();
    }

    private static void serve(HttpExchange exchange, String json, AtomicInteger counter) throws IOException {
        try (exchange) {
            counter.incrementAndGet();
            byte[] body = json.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private static SSLContext serverContext(Path keyStoreFile) throws Exception {
        KeyStore keyStore = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keyStoreFile)) {
            keyStore.load(in, PASSWORD);
        }
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(keyStore, PASSWORD);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), null, null);
        return context;
    }

    private static void keytool(String... arguments) throws Exception {
        List<String> command = new java.util.ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException("keytool failed: " + new String(output, StandardCharsets.UTF_8));
        }
    }
}
