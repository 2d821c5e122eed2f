package social.waddle.testbed.web;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import social.waddle.testbed.atproto.TestAccount;
import social.waddle.testbed.openfire.OpenfireServer;
import social.waddle.web.WebDriverClient;

/**
 * Signs a test-bed account in on the plugin's public pages the way a person does, in real headless Chromium: the
 * plugin's {@code /waddle/signin} form, then the PDS's own sign-in and consent pages (@atproto/oauth-provider-ui),
 * back through {@code /waddle/oauth/callback} to the page asked for. For browser ITs of pages built on the public
 * site: the server must run with {@link OpenfireServer.Options#publicWeb()} and the local network's settings
 * ({@code LocalNetworkSettings.forPlugin}).
 *
 * <pre>{@code
 * WebDriverClient browser = BlueskyWebSignIn.startBrowser(Path.of("target/chromedriver-devices.log"));
 * BlueskyWebSignIn.signIn(browser, server, alice, "/devices");   // lands on /waddle/devices, signed in
 * }</pre>
 */
public final class BlueskyWebSignIn {

    private static final String ELEMENT = "element-6066-11e4-a52e-4f735466cecf";

    private BlueskyWebSignIn() {
    }

    /** Starts headless Chromium; fails clearly when chromium or chromedriver is missing. */
    public static WebDriverClient startBrowser(Path driverLog) throws Exception {
        Optional<String> missing = WebDriverClient.missingBrowser();
        if (missing.isPresent()) {
            throw new IllegalStateException(missing.get());
        }
        return WebDriverClient.start(driverLog);
    }

    /** Signs {@code account} in and waits for the home page. */
    public static void signIn(WebDriverClient browser, OpenfireServer server, TestAccount account) throws Exception {
        signIn(browser, server, account, "/");
    }

    /**
     * Signs {@code account} in, asking to come back to {@code returnPath} (relative to {@code /waddle}, e.g.
     * {@code /devices} or {@code /invite/abc}), and waits until the browser is there.
     */
    public static void signIn(WebDriverClient browser, OpenfireServer server, TestAccount account, String returnPath)
            throws Exception {
        URI base = server.publicWebUri();
        String query = returnPath.equals("/") ? "" : "?return=" + java.net.URLEncoder.encode(base.getPath() + returnPath,
                java.nio.charset.StandardCharsets.UTF_8);
        browser.open(URI.create(base + "/signin" + query));
        String identifier = browser.find("#identifier");
        browser.clear(identifier);
        browser.type(identifier, account.handle());
        browser.click(browser.find("form.site-form button[type=\"submit\"]"));
        throughPdsPages(browser, account, null);
        String expected = base + (returnPath.equals("/") ? "/" : returnPath);
        browser.waitUntil("the browser to be back at " + expected + " signed in", () -> {
            try {
                return browser.currentUrl().startsWith(expected) && !browser.findAll(".site-who").isEmpty();
            } catch (Exception e) {
                return false;
            }
        });
    }

    /**
     * On the PDS's sign-in page (already open): types the password (and the username unless pre-filled by
     * {@code login_hint}), signs in and consents. Screenshots of both pages go to {@code screenshots} when not null.
     */
    public static void throughPdsPages(WebDriverClient browser, TestAccount account, Path screenshots) throws Exception {
        String password = browser.find("input[name=\"password\"]");
        for (String username : browser.findAll("input[name=\"username\"]")) {
            if (browser.script("return arguments[0].value", Map.of(ELEMENT, username)).asText().isEmpty()) {
                browser.type(username, account.handle());
            }
        }
        browser.type(password, account.password());
        if (screenshots != null) {
            browser.screenshot(screenshots.resolve("site-pds-sign-in.png"));
        }
        browser.click(browser.find("button[type=\"submit\"]"));
        browser.waitUntil("the PDS's consent page", () -> {
            try {
                return browser.findAll("input[name=\"password\"]").isEmpty()
                        && !browser.findAll("button[type=\"submit\"]").isEmpty();
            } catch (Exception e) {
                return false;
            }
        });
        if (screenshots != null) {
            browser.screenshot(screenshots.resolve("site-pds-consent.png"));
        }
        browser.click(browser.find("button[type=\"submit\"]"));
    }
}
