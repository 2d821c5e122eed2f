package social.waddle.openfire.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import social.waddle.account.AccountRepository;
import social.waddle.testbed.TestClock;

class AtprotoAuthorizationTest {

    private static final String LOCALPART = "ewvi7nxzyoun6zhxrhs64oiz";

    private final TestClock clock = new TestClock(Instant.parse("2025-06-01T12:00:00Z"));
    private final AtprotoAuthorization authorization = new AtprotoAuthorization();
    private AutoCloseable installed;

    @BeforeEach
    void install() {
        LoginBridge.useClock(clock);
        installed = LoginBridge.install(new FakeLogin(mock(AccountRepository.class)));
    }

    @AfterEach
    void uninstall() throws Exception {
        installed.close();
        LoginBridge.useClock(Clock.systemUTC());
    }

    @Test
    void mapsAnAuthenticatedNameToItsLocalpart() {
        LoginBridge.rememberBinding("alice.test", LOCALPART);

        assertThat(authorization.map("alice.test")).isEqualTo(LOCALPART);
        assertThat(authorization.map(" Alice.Test ")).isEqualTo(LOCALPART);
    }

    @Test
    void leavesOtherNamesAsTheyAre() {
        assertThat(authorization.map("admin")).isEqualTo("admin");
    }

    @Test
    void authorizesOnlyTheBoundLocalpart() {
        LoginBridge.rememberBinding("alice.test", LOCALPART);

        assertThat(authorization.authorize(LOCALPART, "alice.test")).isTrue();
        assertThat(authorization.authorize("alice.test", "alice.test")).isFalse();
        assertThat(authorization.authorize("bbbbbbbbbbbbbbbbbbbbbbbb", "alice.test")).isFalse();
        assertThat(authorization.authorize(LOCALPART, "mallory.test")).isFalse();
        assertThat(authorization.authorize("admin", "admin")).as("local logins are other policies' business").isFalse();
    }

    @Test
    void aBindingExpires() {
        LoginBridge.rememberBinding("alice.test", LOCALPART);
        clock.advance(Duration.ofMinutes(2).plusSeconds(1));

        assertThat(authorization.map("alice.test")).isEqualTo("alice.test");
        assertThat(authorization.authorize(LOCALPART, "alice.test")).isFalse();
    }

    @Test
    void aBindingHoldsUntilItsTtl() {
        LoginBridge.rememberBinding("alice.test", LOCALPART);
        clock.advance(Duration.ofMinutes(2));

        assertThat(authorization.authorize(LOCALPART, "alice.test")).isTrue();
    }

    @Test
    void theLatestAuthenticationWins() {
        LoginBridge.rememberBinding("alice.test", "aaaaaaaaaaaaaaaaaaaaaaaa");
        LoginBridge.rememberBinding("alice.test", LOCALPART);

        assertThat(authorization.authorize(LOCALPART, "alice.test")).isTrue();
        assertThat(authorization.authorize("aaaaaaaaaaaaaaaaaaaaaaaa", "alice.test")).isFalse();
    }

    @Test
    void stoppingThePluginForgetsBindings() throws Exception {
        LoginBridge.rememberBinding("alice.test", LOCALPART);

        installed.close();

        assertThat(LoginBridge.current()).isEmpty();
        assertThat(authorization.authorize(LOCALPART, "alice.test")).isFalse();
    }

    @Test
    void anEarlierInstallsUndoLeavesARebuildInPlaceAndTheRebuildsUndoClearsIt() throws Exception {
        FakeLogin rebuilt = new FakeLogin(mock(AccountRepository.class));
        AutoCloseable rebuiltUndo = LoginBridge.install(rebuilt);
        assertThat(LoginBridge.current()).containsSame(rebuilt);

        installed.close();
        assertThat(LoginBridge.current()).containsSame(rebuilt);
        rebuiltUndo.close();

        assertThat(LoginBridge.current()).isEmpty();
    }

    @Test
    void describesItself() {
        assertThat(authorization.name()).isNotBlank();
        assertThat(authorization.description()).contains("DID");
    }
}
