package social.waddle.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.sun.net.httpserver.HttpServer;

import social.waddle.atproto.http.HostResolver;
import social.waddle.atproto.http.OutboundPolicy;
import social.waddle.atproto.http.SafeHttpClient;
import social.waddle.atproto.identity.IdentityResolver;
import social.waddle.atproto.identity.IdentityResolver.HandleMethod;
import social.waddle.atproto.oauth.AtprotoOAuthClient;
import social.waddle.atproto.oauth.AuthorizationStart;
import social.waddle.atproto.oauth.AuthorizationStateStore;
import social.waddle.atproto.oauth.CallbackParameters;
import social.waddle.atproto.oauth.ClientIdentity;
import social.waddle.atproto.oauth.OAuthGrant;
import social.waddle.atproto.xrpc.XrpcClient;
import social.waddle.testbed.Await;
import social.waddle.testbed.atproto.AtprotoNetwork;
import social.waddle.testbed.atproto.AtprotoNetworkExtension;
import social.waddle.testbed.atproto.TestAccount;

/**
 * A person signs in with Bluesky in real headless Chromium, on the PDS's own sign-in and consent pages
 * (@atproto/oauth-provider-ui), and the browser lands on the client's loopback callback, whose answer the OAuth client
 * turns into a DPoP-bound token for the account's DID. The callback server here stands in for the plugin's web pages,
 * which do not exist yet. Screenshots: {@code target/screenshots/oauth-*.png}.
 */
@ExtendWith(AtprotoNetworkExtension.class)
class OAuthSignInBrowserIT {

    private static WebDriverClient browser;
    private static Path screenshots;
    private static HttpServer callbackServer;
    private static ExecutorService callbackExecutor;
    private static final AtomicReference<URI> callback = new AtomicReference<>();
    private static SafeHttpClient http;

    @BeforeAll
    static void start() throws Exception {
        Optional<String> missing = WebDriverClient.missingBrowser();
        if (missing.isPresent()) {
            throw new IllegalStateException(missing.get());
        }
        Path build = Path.of(System.getProperty("waddle.buildDir", "target"));
        screenshots = build.resolve("screenshots");
        browser = WebDriverClient.start(build.resolve("chromedriver-oauth.log"));
        callbackServer = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        callbackExecutor = Executors.newSingleThreadExecutor();
        callbackServer.setExecutor(callbackExecutor);
        callbackServer.createContext("/waddle" + ClientIdentity.CALLBACK_PATH, exchange -> {
            try (exchange) {
                callback.set(exchange.getRequestURI());
                byte[] page = "<!doctype html><title>Signed in</title><p>Back at the client.</p>"
                        .getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
                exchange.sendResponseHeaders(200, page.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(page);
                }
            }
        });
        callbackServer.start();
        http = new SafeHttpClient(OutboundPolicy.builder()
                .allowPlainHttp("127.0.0.1").allowPlainHttp("localhost").allowAddress("127.0.0.1").build(),
                HostResolver.system());
    }

    @AfterAll
    static void stop() throws Exception {
        if (browser != null) {
            browser.close();
        }
        if (callbackServer != null) {
            callbackServer.stop(0);
            callbackExecutor.shutdownNow();
        }
        if (http != null) {
            http.close();
        }
    }

    @Test
    void signsInOnThePdsPagesAndLandsOnTheCallbackWithATokenForTheAccount(AtprotoNetwork network) throws Exception {
        TestAccount dana = network.createAccount("oauth-dana");
        ClientIdentity identity = ClientIdentity.forBaseUrl(
                URI.create("http://127.0.0.1:" + callbackServer.getAddress().getPort() + "/waddle"), Optional.empty(),
                "Waddle browser test");
        IdentityResolver identities = new IdentityResolver(http, new XrpcClient(http), Optional.empty(),
                new IdentityResolver.Config(network.plcUrl(), List.of(HandleMethod.XRPC), Optional.of(network.pdsUrl()),
                        Duration.ofMinutes(10), Duration.ofMinutes(1), 100, Set.of("test")), Clock.systemUTC());
        AtprotoOAuthClient client = new AtprotoOAuthClient(identity, identities, http,
                new AuthorizationStateStore(Clock.systemUTC(), AuthorizationStateStore.DEFAULT_LIFETIME, 10),
                Clock.systemUTC());

        AuthorizationStart start = client.start(dana.handle(), "browser-cookie");
        browser.open(start.authorizationUrl());

        String password = browser.find("input[name=\"password\"]");
        List<String> usernames = browser.findAll("input[name=\"username\"]");
        if (!usernames.isEmpty() && browser.script("return arguments[0].value", Map.of(
                "element-6066-11e4-a52e-4f735466cecf", usernames.get(0))).asText().isEmpty()) {
            browser.type(usernames.get(0), dana.handle());
        }
        browser.type(password, dana.password());
        browser.screenshot(screenshots.resolve("oauth-pds-sign-in.png"));
        browser.click(browser.find("button[type=\"submit\"]"));

        browser.waitUntil("the consent page", () -> {
            try {
                return browser.findAll("input[name=\"password\"]").isEmpty()
                        && !browser.findAll("button[type=\"submit\"]").isEmpty();
            } catch (Exception e) {
                return false;
            }
        });
        browser.screenshot(screenshots.resolve("oauth-pds-consent.png"));
        browser.click(browser.find("button[type=\"submit\"]"));
        Await.until("the browser to reach the callback", Duration.ofSeconds(15), () -> callback.get() != null);
        browser.screenshot(screenshots.resolve("oauth-callback.png"));

        OAuthGrant grant = client.complete(CallbackParameters.fromQuery(query(callback.get())), "browser-cookie");

        assertThat(grant.did().toString()).isEqualTo(dana.did());
        assertThat(grant.handle().map(Object::toString)).contains(dana.handle());
        assertThat(grant.issuer()).isEqualTo(network.pdsUrl());
    }

    private static Map<String, List<String>> query(URI uri) {
        Map<String, List<String>> parameters = new LinkedHashMap<>();
        for (String pair : Optional.ofNullable(uri.getRawQuery()).orElse("").split("&")) {
            int equals = pair.indexOf('=');
            if (equals > 0) {
                parameters.computeIfAbsent(URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
                        key -> new ArrayList<>()).add(URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
            }
        }
        return parameters;
    }
}
