package social.waddle.login;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.BooleanSupplier;

import org.jivesoftware.smack.sasl.SASLErrorException;

import social.waddle.testbed.Await;
import social.waddle.testbed.LocalNetworkSettings;
import social.waddle.testbed.atproto.AtprotoNetwork;
import social.waddle.testbed.atproto.TestAccount;
import social.waddle.testbed.openfire.OpenfireServer;
import social.waddle.testbed.openfire.XmppTestClient;

/** What the end-to-end login tests share: plugin settings for the local network, login assertions, waiting. */
final class LoginTestSupport {

    static final String DOMAIN = "waddle.test";
    static final String SERVICE_DID = "did:web:" + DOMAIN;
    static final String LXM = LocalNetworkSettings.LOGIN_LXM;

    private LoginTestSupport() {
    }

    /** The plugin settings that point it at the local network instead of plc.directory and public DNS. */
    static Map<String, String> pluginSettings(AtprotoNetwork network) {
        return LocalNetworkSettings.forPlugin(network, SERVICE_DID);
    }

    /** A server of the test class's own, on {@link #DOMAIN}, pointed at the local network, plus {@code more}. */
    static OpenfireServer.Options serverOptions(String label, AtprotoNetwork network, Map<String, String> more) {
        return OpenfireServer.Options.defaults().label(label).domain(DOMAIN)
                .properties(pluginSettings(network)).properties(more);
    }

    static String localpart(TestAccount account) {
        return account.did().substring("did:plc:".length());
    }

    static String bareJid(TestAccount account) {
        return localpart(account) + "@" + DOMAIN;
    }

    static void assertBindsDidJid(OpenfireServer server, String username, String password, TestAccount account) {
        try (XmppTestClient client = XmppTestClient.login(server, username, password)) {
            assertThat(client.jid().asBareJid().toString()).isEqualTo(bareJid(account));
        }
    }

    static void assertNotAuthorized(Exception failure) {
        assertSaslCondition(failure, "not-authorized");
    }

    static void assertTemporaryAuthFailure(Exception failure) {
        assertSaslCondition(failure, "temporary-auth-failure");
    }

    private static void assertSaslCondition(Exception failure, String condition) {
        assertThat(failure).isInstanceOf(SASLErrorException.class);
        assertThat(((SASLErrorException) failure).getSASLFailure().getSASLErrorString()).isEqualTo(condition);
    }

    static Duration elapsedSince(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }

    /** Polls {@code condition} until it holds; fails after {@code timeout}. */
    static void awaitUntil(String what, Duration timeout, BooleanSupplier condition) {
        Await.until(what, timeout, condition);
    }

    /** Waits until the wall clock (which the server on this machine shares) has passed {@code instant}. */
    static void awaitWallClockPast(Instant instant) {
        Duration timeout = Duration.between(Instant.now(), instant).plusSeconds(5);
        awaitUntil("the clock to pass " + instant, timeout.isNegative() ? Duration.ZERO : timeout,
                () -> Instant.now().isAfter(instant));
    }
}
