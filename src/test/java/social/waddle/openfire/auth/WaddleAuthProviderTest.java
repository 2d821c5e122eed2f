package social.waddle.openfire.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.time.Clock;
import java.util.Optional;
import java.util.Set;

import org.jivesoftware.openfire.auth.AuthProvider;
import org.jivesoftware.openfire.auth.ConnectionException;
import org.jivesoftware.openfire.auth.InternalUnauthenticatedException;
import org.jivesoftware.openfire.auth.UnauthorizedException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import social.waddle.account.AccountRepository;
import social.waddle.atproto.AtprotoException;
import social.waddle.atproto.AtprotoException.Failure;

class WaddleAuthProviderTest {

    private static final String DOMAIN = "chat.example.com";
    private static final String LOCALPART = "ewvi7nxzyoun6zhxrhs64oiz";

    private final AuthProvider previous = mock(AuthProvider.class);
    private final Set<String> localUsers = new java.util.HashSet<>(Set.of("admin", "john.doe"));
    private final WaddleAuthProvider provider = new WaddleAuthProvider(previous, localUsers::contains, () -> DOMAIN);
    private final FakeLogin login = new FakeLogin(mock(AccountRepository.class));
    private AutoCloseable installed;

    private void pluginRunning() {
        installed = LoginBridge.install(login);
    }

    @AfterEach
    void cleanUp() throws Exception {
        if (installed != null) {
            installed.close();
        }
        SaslLoginContext.end();
        LoginBridge.useClock(Clock.systemUTC());
    }

    @Test
    void anAtprotoLoginBindsTheDidDerivedLocalpart() throws Exception {
        pluginRunning();
        login.answering(username -> LOCALPART);

        provider.authenticate("alice.test", "abcd-efgh-ijkl-mnop");

        assertThat(login.calls()).singleElement().satisfies(call -> {
            assertThat(call.username()).isEqualTo("alice.test");
            assertThat(call.secret()).isEqualTo("abcd-efgh-ijkl-mnop");
        });
        assertThat(new AtprotoAuthorization().map("alice.test")).isEqualTo(LOCALPART);
        verify(previous, never()).authenticate(anyString(), anyString());
    }

    @Test
    void aBareJidOfThisDomainIsTheSameLogin() throws Exception {
        pluginRunning();
        login.answering(username -> LOCALPART);

        provider.authenticate("alice.test@" + DOMAIN, "pw");

        assertThat(login.calls()).singleElement().extracting(FakeLogin.Call::username).isEqualTo("alice.test");
        AtprotoAuthorization authorization = new AtprotoAuthorization();
        assertThat(authorization.map("alice.test@" + DOMAIN)).isEqualTo(LOCALPART);
        assertThat(authorization.map("alice.test")).isEqualTo(LOCALPART);
    }

    @Test
    void aJidOfAnotherDomainIsLeftToThePreviousProvider() throws Exception {
        pluginRunning();

        provider.authenticate("alice.test@elsewhere.example", "pw");

        verify(previous).authenticate("alice.test@elsewhere.example", "pw");
        assertThat(login.calls()).isEmpty();
    }

    @Test
    void whileTheDomainIsUnknownAnyDomainIsStripped() {
        WaddleAuthProvider early = new WaddleAuthProvider(previous, localUsers::contains, () -> null);

        assertThat(early.withoutOwnDomain("alice.test@whatever.example")).isEqualTo("alice.test");
        assertThat(early.withoutOwnDomain("admin")).isEqualTo("admin");
        assertThat(provider.withoutOwnDomain("admin@CHAT.example.com")).isEqualTo("admin");
    }

    @Test
    void localAccountsUseThePreviousProvider() throws Exception {
        pluginRunning();

        provider.authenticate("admin", "secret");
        provider.authenticate("john.doe", "secret");

        verify(previous).authenticate("admin", "secret");
        verify(previous).authenticate("john.doe", "secret");
        assertThat(login.calls()).isEmpty();
    }

    @Test
    void aRefusedCredentialIsUnauthorizedAndRecordedForSasl() {
        pluginRunning();
        AtprotoException refused = new AtprotoException(Failure.NOT_AUTHORIZED, "Wrong password for did:plc:x");
        login.answering(username -> {
            throw refused;
        });
        SaslLoginContext context = SaslLoginContext.begin(Optional.of("198.51.100.4"));

        assertThatThrownBy(() -> provider.authenticate("alice.test", "wrong"))
                .isInstanceOf(UnauthorizedException.class).hasMessageContaining("Wrong password");

        assertThat(context.failure()).containsSame(refused);
        assertThat(login.calls()).singleElement().extracting(FakeLogin.Call::clientAddress)
                .isEqualTo(Optional.of("198.51.100.4"));
        assertThat(new AtprotoAuthorization().map("alice.test")).isEqualTo("alice.test");
    }

    @Test
    void aTemporaryFailureIsAConnectionProblemNotAWrongPassword() {
        pluginRunning();
        AtprotoException down = new AtprotoException(Failure.HTTP_STATUS, "PDS answered 502");
        login.answering(username -> {
            throw down;
        });
        SaslLoginContext context = SaslLoginContext.begin(Optional.empty());

        assertThatThrownBy(() -> provider.authenticate("alice.test", "pw")).isInstanceOf(ConnectionException.class);

        assertThat(context.failure()).containsSame(down);
    }

    @Test
    void anUnexpectedErrorIsInternalAndTemporary() {
        pluginRunning();
        login.answering(username -> {
            throw new IllegalStateException("bug");
        });
        SaslLoginContext context = SaslLoginContext.begin(Optional.empty());

        assertThatThrownBy(() -> provider.authenticate("alice.test", "pw"))
                .isInstanceOf(InternalUnauthenticatedException.class);

        assertThat(context.failure()).hasValueSatisfying(failure -> assertThat(failure.isTemporary()).isTrue());
    }

    @Test
    void withoutAContextTheLoginHasNoClientAddress() throws Exception {
        pluginRunning();
        login.answering(username -> LOCALPART);

        provider.authenticate(LOCALPART, "pw");

        assertThat(login.calls()).singleElement().extracting(FakeLogin.Call::clientAddress).isEqualTo(Optional.empty());
    }

    @Test
    void whileThePluginIsNotRunningAtprotoLoginsFailAsTemporary() throws Exception {
        SaslLoginContext context = SaslLoginContext.begin(Optional.empty());

        assertThatThrownBy(() -> provider.authenticate("alice.test", "pw")).isInstanceOf(ConnectionException.class);
        assertThatThrownBy(() -> provider.authenticate("did:plc:" + LOCALPART, "pw")).isInstanceOf(ConnectionException.class);

        assertThat(context.failure()).hasValueSatisfying(failure -> assertThat(failure.isTemporary()).isTrue());
        verify(previous, never()).authenticate(anyString(), anyString());
    }

    @Test
    void whileThePluginIsNotRunningLocalAccountsStillLogIn() throws Exception {
        provider.authenticate("admin", "secret");
        provider.authenticate("john.doe", "secret");

        verify(previous).authenticate("admin", "secret");
        verify(previous).authenticate("john.doe", "secret");
    }

    @Test
    void aLocalWrongPasswordStaysThePreviousProvidersAnswer() throws Exception {
        pluginRunning();
        doThrow(new UnauthorizedException("bad")).when(previous).authenticate("admin", "wrong");

        assertThatThrownBy(() -> provider.authenticate("admin", "wrong")).isInstanceOf(UnauthorizedException.class);
    }

    @Test
    void atprotoAccountsHaveNoPasswordHere() throws Exception {
        pluginRunning();
        when(previous.getPassword("admin")).thenReturn("secret");

        assertThatThrownBy(() -> provider.getPassword(LOCALPART)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> provider.setPassword(LOCALPART, "x")).isInstanceOf(UnsupportedOperationException.class);
        assertThat(provider.getPassword("admin")).isEqualTo("secret");
        provider.setPassword("admin", "new");
        verify(previous).setPassword("admin", "new");
    }

    @Test
    void aLocalAccountWithADidShapedNameKeepsItsPassword() throws Exception {
        pluginRunning();
        localUsers.add(LOCALPART);

        provider.setPassword(LOCALPART, "new");

        verify(previous).setPassword(LOCALPART, "new");
    }

    @Test
    void scramIsNeverOffered() {
        assertThat(provider.isScramSupported()).isFalse();
        assertThat(provider.supportsPasswordRetrieval()).isFalse();
        assertThatThrownBy(() -> provider.getSalt("admin")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> provider.getIterations("admin")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> provider.getServerKey("admin")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> provider.getStoredKey("admin")).isInstanceOf(UnsupportedOperationException.class);
    }

    /** Openfire checked the lockout of the handle typed; the account disabled by an admin is the localpart. */
    @Test
    void aHandleOfAnAccountDisabledInOpenfireIsRefusedAndNotBound() {
        pluginRunning();
        login.answering(username -> LOCALPART);
        Set<String> disabled = Set.of(LOCALPART);
        WaddleAuthProvider guarded = new WaddleAuthProvider(previous, localUsers::contains, () -> DOMAIN,
                disabled::contains);

        assertThatThrownBy(() -> guarded.authenticate("alice.test", "abcd-efgh-ijkl-mnop"))
                .isInstanceOf(UnauthorizedException.class).hasMessageContaining(LOCALPART);
        assertThat(new AtprotoAuthorization().map("alice.test")).isEqualTo("alice.test");
    }

    @Test
    void theLockoutOfOtherAccountsDoesNotTouchThisOne() throws Exception {
        pluginRunning();
        login.answering(username -> LOCALPART);
        Set<String> disabled = Set.of("alice.test", "someone-else");
        WaddleAuthProvider guarded = new WaddleAuthProvider(previous, localUsers::contains, () -> DOMAIN,
                disabled::contains);

        guarded.authenticate(LOCALPART, "abcd-efgh-ijkl-mnop");

        assertThat(new AtprotoAuthorization().map(LOCALPART)).isEqualTo(LOCALPART);
    }

    @Test
    void keepsThePreviousProvider() {
        assertThat(provider.previous()).isSameAs(previous);
    }
}
