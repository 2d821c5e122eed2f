package social.waddle.login;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import social.waddle.account.AccountRepository;
import social.waddle.account.AtprotoAccount;
import social.waddle.account.CredentialType;
import social.waddle.account.TestDatabase;
import social.waddle.atproto.AtprotoException;
import social.waddle.atproto.AtprotoException.Failure;
import social.waddle.atproto.http.OutboundPolicy;
import social.waddle.atproto.http.SafeHttpClient;
import social.waddle.atproto.identity.IdentityResolver;
import social.waddle.atproto.xrpc.XrpcClient;
import social.waddle.device.DevicePasswordHasher;
import social.waddle.device.DevicePasswords;
import social.waddle.device.InMemoryDevicePasswordRepository;
import social.waddle.testbed.TestClock;

/**
 * {@link LoginService} with real collaborators: identity resolution, XRPC and service-auth verification against an
 * in-test PLC directory and PDS on loopback, the real credential cache and limiter, and accounts in HSQLDB.
 */
class LoginServiceTest {

    private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");
    private static final String ALICE_DID = "did:plc:ewvi7nxzyoun6zhxrhs64oiz";
    private static final String ALICE_LOCALPART = "ewvi7nxzyoun6zhxrhs64oiz";
    private static final String ALICE_HANDLE = "alice.test";
    private static final String ALICE_PASSWORD = "abcd-efgh-ijkl-mnop";
    private static final String BOB_DID = "did:plc:bbbbbbbbbbbbbbbbbbbbbbbb";
    private static final String CLIENT = "203.0.113.7";

    private final TestClock clock = new TestClock(NOW);
    private final AtomicReference<LoginOptions> options = new AtomicReference<>(LoginOptions.permissive());
    private LoginAttemptLimiter.Limits limits = new LoginAttemptLimiter.Limits(3, 20, Duration.ofMinutes(5),
            10, Duration.ofMinutes(5), 100, 1000);
    private FakeAtprotoNetwork network;
    private FakeAtprotoNetwork.Account alice;
    private SafeHttpClient http;
    private TestDatabase database;
    private AccountRepository accounts;
    private LoginService service;
    private final DevicePasswords devices = new DevicePasswords(new InMemoryDevicePasswordRepository(),
            new DevicePasswordHasher(10_000, new SecureRandom()), () -> 10, Runnable::run, clock, new SecureRandom());

    @BeforeEach
    void start() throws Exception {
        network = new FakeAtprotoNetwork();
        alice = network.add(ALICE_DID, ALICE_HANDLE, ALICE_PASSWORD);
        alice.displayName = "Alice";
        http = new SafeHttpClient(OutboundPolicy.builder()
                .allowPlainHttp("127.0.0.1").allowPlainHttp("localhost")
                .allowAddress("127.0.0.1").allowAddress("::1")
                .readTimeout(Duration.ofSeconds(5)).totalTimeout(Duration.ofSeconds(10)).build());
        database = new TestDatabase();
        accounts = database.accounts();
    }

    @AfterEach
    void stop() throws Exception {
        network.close();
        http.close();
        database.close();
    }

    /** Built on first use, so a test may change {@link #limits} first. */
    private LoginService service() {
        if (service == null) {
            XrpcClient xrpc = new XrpcClient(http, clock, XrpcClient.DEFAULT_MAX_RESPONSE_BYTES);
            IdentityResolver identities = new IdentityResolver(http, xrpc, Optional.empty(), new IdentityResolver.Config(
                    network.plcDirectory(), List.of(IdentityResolver.HandleMethod.XRPC), Optional.of(network.base()),
                    Duration.ofMinutes(5), Duration.ofMinutes(1), 1000, Set.of("test")), clock);
            ServiceAuthVerifier verifier = new ServiceAuthVerifier(
                    ServiceAuthPolicy.strict(TestTokens.SERVICE_DID, Set.of(TestTokens.LOGIN_LXM)),
                    new InMemoryReplayCache(1000, clock), clock);
            CredentialCache credentials = new CredentialCache(new InMemoryCredentialStore(100), clock,
                    Duration.ofHours(1), 1000);
            service = new LoginService(identities, xrpc, verifier, credentials, new LoginAttemptLimiter(limits, clock),
                    accounts, options::get, clock, Optional.of(devices));
        }
        return service;
    }

    private String login(String username, String secret) throws AtprotoException {
        return service().authenticate(username, secret, Optional.of(CLIENT));
    }

    private AtprotoException refusal(String username, String secret) {
        AtprotoException refusal = catchThrowableOfType(AtprotoException.class, () -> login(username, secret));
        assertThat(refusal).as("login of %s must fail", username).isNotNull();
        return refusal;
    }

    private AtprotoAccount saved(String did) {
        return accounts.findByDid(did).orElseThrow();
    }

    private String tokenFor(FakeAtprotoNetwork.Account account) {
        Map<String, Object> claims = TestTokens.claims(clock.instant());
        claims.put("iss", account.did);
        return TestTokens.signedEc(account.keys, TestTokens.header("ES256K"), claims);
    }

    private void setOptions(boolean appPasswords, boolean serviceAuth, boolean autoProvision, Set<String> didMethods,
                            List<String> allowedHandles, List<String> deniedHandles, List<String> allowedPds,
                            List<String> deniedPds) {
        options.set(new LoginOptions(appPasswords, serviceAuth, autoProvision, didMethods, allowedHandles, deniedHandles,
                allowedPds, deniedPds));
    }

    private static AtprotoAccount blocked(AtprotoAccount account) {
        return new AtprotoAccount(account.username(), account.did(), account.handle(), account.handleVerified(),
                account.displayName(), account.pdsUrl(), account.credentialTypes(), true, account.firstSeen(),
                account.lastSeen(), account.resolvedAt());
    }

    // ---- logging in and provisioning ----------------------------------------------------------------------

    @Test
    void logsInByHandleWithAnAppPasswordAndProvisionsTheAccount() throws Exception {
        String localpart = login(ALICE_HANDLE, ALICE_PASSWORD);

        assertThat(localpart).isEqualTo(ALICE_LOCALPART);
        AtprotoAccount account = saved(ALICE_DID);
        assertThat(account.username()).isEqualTo(ALICE_LOCALPART);
        assertThat(account.handle()).contains(ALICE_HANDLE);
        assertThat(account.handleVerified()).isTrue();
        assertThat(account.displayName()).as("the profile is read after the login, by the profile sync").isEmpty();
        assertThat(account.pdsUrl()).contains(network.base().toString());
        assertThat(account.credentialTypes()).containsExactly(CredentialType.APP_PASSWORD);
        assertThat(account.loginBlocked()).isFalse();
        assertThat(account.firstSeen()).isEqualTo(NOW);
        assertThat(account.lastSeen()).isEqualTo(NOW);
        assertThat(network.createSessionCalls()).isEqualTo(1);
        assertThat(network.getRecordCalls()).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {ALICE_HANDLE, "Alice.Test", ALICE_DID, ALICE_LOCALPART, "  alice.test  "})
    void everyFormOfTheIdentifierBindsTheSameLocalpart(String typed) throws Exception {
        assertThat(login(typed, ALICE_PASSWORD)).isEqualTo(ALICE_LOCALPART);
    }

    @Test
    void aDidWebWithAPortLogsInAsTyped() throws Exception {
        String did = "did:web:localhost%3A" + network.port();
        FakeAtprotoNetwork.Account web = network.add(did, null, "web-pass-word-0001");

        String localpart = login(did, web.password);

        assertThat(localpart).isEqualTo("web.localhost_" + network.port());
        assertThat(saved(did).handle()).isEmpty();
        assertThat(saved(did).visibleName()).isEqualTo(did);
    }

    @Test
    void aRememberedPasswordAnswersTheNextLoginWithoutAskingThePds() throws Exception {
        login(ALICE_HANDLE, ALICE_PASSWORD);
        clock.advance(Duration.ofMinutes(10));
        alice.displayName = "Alice Renamed";

        String localpart = login(ALICE_DID, ALICE_PASSWORD);

        assertThat(localpart).isEqualTo(ALICE_LOCALPART);
        assertThat(network.createSessionCalls()).isEqualTo(1);
        assertThat(network.getRecordCalls()).isZero();
        AtprotoAccount account = saved(ALICE_DID);
        assertThat(account.firstSeen()).isEqualTo(NOW);
        assertThat(account.lastSeen()).isEqualTo(NOW.plus(Duration.ofMinutes(10)));
    }

    @Test
    void aLoginKeepsTheDisplayNameTheProfileSyncStoredAndReadsNoProfile() throws Exception {
        login(ALICE_HANDLE, ALICE_PASSWORD);
        AtprotoAccount stored = saved(ALICE_DID);
        accounts.save(new AtprotoAccount(stored.username(), stored.did(), stored.handle(), stored.handleVerified(),
                Optional.of("Alice"), stored.pdsUrl(), stored.credentialTypes(), false, stored.firstSeen(),
                stored.lastSeen(), stored.resolvedAt()));
        alice.password = "new1-new2-new3-new4";

        login(ALICE_HANDLE, "new1-new2-new3-new4");

        assertThat(network.createSessionCalls()).isEqualTo(2);
        assertThat(network.getRecordCalls()).isZero();
        assertThat(saved(ALICE_DID).displayName()).contains("Alice");
    }

    @Test
    void anAccountWithoutProfileHasNoDisplayNameAndShowsItsHandle() throws Exception {
        alice.displayName = null;

        login(ALICE_HANDLE, ALICE_PASSWORD);

        assertThat(saved(ALICE_DID).displayName()).isEmpty();
        assertThat(saved(ALICE_DID).visibleName()).isEqualTo(ALICE_HANDLE);
    }

    @Test
    void aClaimedHandleThatDoesNotResolveBackIsKeptButNotVerified() throws Exception {
        FakeAtprotoNetwork.Account bob = network.add(BOB_DID, "bob.test", "bob1-bob2-bob3-bob4");
        bob.handleResolvesBack = false;

        login(BOB_DID, bob.password);

        AtprotoAccount account = saved(BOB_DID);
        assertThat(account.handle()).contains("bob.test");
        assertThat(account.handleVerified()).isFalse();
        assertThat(account.visibleName()).isEqualTo(BOB_DID);
        assertThat(refusal("bob.test", bob.password).failure()).isEqualTo(Failure.NOT_FOUND);
    }

    // ---- service-auth tokens ------------------------------------------------------------------------------

    @Test
    void aServiceAuthTokenLogsInWithoutCreatingASession() throws Exception {
        String localpart = login(ALICE_HANDLE, tokenFor(alice));

        assertThat(localpart).isEqualTo(ALICE_LOCALPART);
        assertThat(network.createSessionCalls()).isZero();
        assertThat(saved(ALICE_DID).credentialTypes()).containsExactly(CredentialType.SERVICE_AUTH);
        assertThat(network.getRecordCalls()).as("the login reads no profile").isZero();
    }

    @Test
    void credentialTypesAccumulateAcrossLogins() throws Exception {
        login(ALICE_HANDLE, tokenFor(alice));
        login(ALICE_HANDLE, tokenFor(alice));

        login(ALICE_HANDLE, ALICE_PASSWORD);

        assertThat(saved(ALICE_DID).credentialTypes())
                .containsExactlyInAnyOrder(CredentialType.SERVICE_AUTH, CredentialType.APP_PASSWORD);
    }

    @Test
    void aTokenIssuedByAnotherAccountIsRefused() throws Exception {
        FakeAtprotoNetwork.Account bob = network.add(BOB_DID, "bob.test", "bob1-bob2-bob3-bob4");

        AtprotoException refusal = refusal(ALICE_HANDLE, tokenFor(bob));

        assertThat(refusal.failure()).isEqualTo(Failure.NOT_AUTHORIZED);
        assertThat(accounts.findByDid(ALICE_DID)).isEmpty();
    }

    @Test
    void aTokenSignedWithAnotherKeyIsRefused() {
        Map<String, Object> claims = TestTokens.claims(clock.instant());
        claims.put("iss", ALICE_DID);
        String forged = TestTokens.signedEc(TestTokens.secp256k1(), TestTokens.header("ES256K"), claims);

        assertThat(refusal(ALICE_HANDLE, forged).failure()).isEqualTo(Failure.NOT_AUTHORIZED);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "eyJhbGciOiJFUzI1NksifQ.eyJpc3MiOiJkaWQ6cGxjOngifQ.c2ln | true",
            "eyJ.a.b | true",
            "abcd-efgh-ijkl-mnop | false",
            "eyJhbGciOiJFUzI1NksifQ.eyJpc3MiOiJkaWQ6cGxjOngifQ | false",
            "eyJ.a.b.c | false",
            "xeyJ.a.b | false",
            "a.b.c | false",
            "eyJ | false",
    })
    void tellsTokensFromPasswords(String secret, boolean jwt) {
        assertThat(LoginService.looksLikeJwt(secret)).isEqualTo(jwt);
    }

    @Test
    void aNullSecretIsNotAToken() {
        assertThat(LoginService.looksLikeJwt(null)).isFalse();
    }

    // ---- refusals the PDS explains -----------------------------------------------------------------------

    @Test
    void aWrongPasswordIsRefusedAsSuch() {
        AtprotoException refusal = refusal(ALICE_HANDLE, "wrong-wrong-wrong-wrong");

        assertThat(refusal.failure()).isEqualTo(Failure.NOT_AUTHORIZED);
        assertThat(refusal.getMessage()).contains("Wrong password for " + ALICE_DID).doesNotContain("wrong-wrong");
        assertThat(accounts.findByDid(ALICE_DID)).isEmpty();
    }

    @Test
    void aWrongPasswordMakesTheRememberedOneBeCheckedAgain() throws Exception {
        login(ALICE_HANDLE, ALICE_PASSWORD);
        refusal(ALICE_HANDLE, "wrong-wrong-wrong-wrong");

        login(ALICE_HANDLE, ALICE_PASSWORD);

        assertThat(network.createSessionCalls()).isEqualTo(3);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "AuthFactorTokenRequired | 401 | app password",
            "AccountTakedown         | 401 | taken down",
            "AccountDeactivated      | 401 | deactivated",
    })
    void explainsRefusalsThatAreNotAWrongPassword(String errorName, int status, String explanation) {
        alice.refuseSessions(status, errorName);

        AtprotoException refusal = refusal(ALICE_HANDLE, ALICE_PASSWORD);

        assertThat(refusal.failure()).isEqualTo(Failure.NOT_AUTHORIZED);
        assertThat(refusal.getMessage()).contains(ALICE_DID).contains(explanation).doesNotContain("Wrong password");
    }

    @Test
    void aSessionForAnInactiveAccountIsRefusedAndNotRemembered() {
        alice.active = false;
        alice.status = "deactivated";

        AtprotoException first = refusal(ALICE_HANDLE, ALICE_PASSWORD);
        refusal(ALICE_HANDLE, ALICE_PASSWORD);

        assertThat(first.failure()).isEqualTo(Failure.NOT_AUTHORIZED);
        assertThat(first.getMessage()).contains("deactivated");
        assertThat(network.createSessionCalls()).as("an inactive session is never remembered").isEqualTo(2);
        assertThat(accounts.findByDid(ALICE_DID)).isEmpty();
    }

    @Test
    void aPdsAnsweringForAnotherDidIsRefused() {
        alice.sessionDid = BOB_DID;

        AtprotoException refusal = refusal(ALICE_HANDLE, ALICE_PASSWORD);

        assertThat(refusal.failure()).isEqualTo(Failure.NOT_AUTHORIZED);
        assertThat(refusal.getMessage()).contains(BOB_DID);
    }

    // ---- temporary failures --------------------------------------------------------------------------------

    @Test
    void aPdsThatIsDownIsTemporaryAndNotCountedAsAFailure() throws Exception {
        network.pdsDown(true);
        for (int attempt = 0; attempt < limits.failuresPerAccount() + 1; attempt++) {
            AtprotoException refusal = refusal(ALICE_HANDLE, ALICE_PASSWORD);
            assertThat(refusal.isTemporary()).isTrue();
            assertThat(refusal.getMessage()).doesNotContain("Wrong password");
        }
        network.pdsDown(false);

        assertThat(login(ALICE_HANDLE, ALICE_PASSWORD)).isEqualTo(ALICE_LOCALPART);
    }

    @Test
    void aPlcDirectoryThatIsDownIsTemporaryAndNotCounted() throws Exception {
        network.plcDown(true);
        for (int attempt = 0; attempt < limits.failuresPerAccount() + 1; attempt++) {
            assertThat(refusal(ALICE_DID, ALICE_PASSWORD).isTemporary()).isTrue();
        }
        network.plcDown(false);

        assertThat(login(ALICE_DID, ALICE_PASSWORD)).isEqualTo(ALICE_LOCALPART);
        assertThat(network.createSessionCalls()).isEqualTo(1);
    }

    @Test
    void thePdsBudgetRefusesFurtherChecksWithoutCallingThePds() {
        limits = new LoginAttemptLimiter.Limits(10, 20, Duration.ofMinutes(5), 2, Duration.ofMinutes(5), 100, 1000);
        refusal(ALICE_HANDLE, "wrong-1");
        refusal(ALICE_HANDLE, "wrong-2");

        AtprotoException refusal = refusal(ALICE_HANDLE, ALICE_PASSWORD);

        assertThat(refusal.failure()).isEqualTo(Failure.RATE_LIMITED);
        assertThat(refusal.isTemporary()).isTrue();
        assertThat(network.createSessionCalls()).isEqualTo(2);
    }

    @Test
    void theBudgetIsNotSpentByRememberedPasswords() throws Exception {
        limits = new LoginAttemptLimiter.Limits(10, 20, Duration.ofMinutes(5), 1, Duration.ofMinutes(5), 100, 1000);
        login(ALICE_HANDLE, ALICE_PASSWORD);

        for (int i = 0; i < 5; i++) {
            assertThat(login(ALICE_HANDLE, ALICE_PASSWORD)).isEqualTo(ALICE_LOCALPART);
        }

        assertThat(network.createSessionCalls()).isEqualTo(1);
    }

    // ---- device passwords ----------------------------------------------------------------------------------

    @Test
    void aDevicePasswordLogsInByHandleDidOrLocalpartWithoutAskingThePds() throws Exception {
        assertThat(login(ALICE_HANDLE, ALICE_PASSWORD)).isEqualTo(ALICE_LOCALPART);
        int pdsCalls = network.createSessionCalls();
        DevicePasswords.Created phone = devices.create(ALICE_DID, "Phone");
        for (String username : List.of(ALICE_HANDLE, "@" + ALICE_HANDLE, ALICE_DID, ALICE_LOCALPART)) {
            AtprotoLogin.Authenticated done = service().login(username, phone.text(), Optional.of(CLIENT));
            assertThat(done.localpart()).isEqualTo(ALICE_LOCALPART);
            assertThat(done.devicePasswordId()).contains(phone.password().id());
        }
        assertThat(network.createSessionCalls()).isEqualTo(pdsCalls);
        assertThat(saved(ALICE_DID).credentialTypes()).contains(CredentialType.DEVICE_PASSWORD, CredentialType.APP_PASSWORD);
        assertThat(devices.list(ALICE_DID).get(0).lastAddress()).contains(CLIENT);
        assertThat(service().login(ALICE_HANDLE, ALICE_PASSWORD, Optional.of(CLIENT)).devicePasswordId()).isEmpty();
    }

    @Test
    void aDevicePasswordOfAnotherAccountOrARevokedOneIsRefusedWithoutAskingThePds() throws Exception {
        DevicePasswords.Created bobs = devices.create(BOB_DID, "Bob's phone");
        DevicePasswords.Created alices = devices.create(ALICE_DID, "Alice's phone");
        assertThat(refusal(ALICE_HANDLE, bobs.text()).getMessage()).contains("Wrong or revoked device password");
        devices.revoke(ALICE_DID, alices.password().id());
        AtprotoException revoked = refusal(ALICE_HANDLE, alices.text());
        assertThat(revoked.failure()).isEqualTo(Failure.NOT_AUTHORIZED);
        assertThat(revoked.isTemporary()).isFalse();
        assertThat(network.createSessionCalls()).isZero();
    }

    @Test
    void wrongAndRevokedDevicePasswordsCountTowardTheSameLockout() throws Exception {
        DevicePasswords.Created phone = devices.create(ALICE_DID, "Phone");
        DevicePasswords.Created old = devices.create(ALICE_DID, "Old phone");
        devices.revoke(ALICE_DID, old.password().id());
        String text = phone.text();
        String wrong = text.substring(0, text.length() - 1) + (text.endsWith("a") ? "b" : "a");
        refusal(ALICE_HANDLE, old.text());
        refusal(ALICE_DID, wrong);
        refusal(ALICE_HANDLE, "wrong app password");
        AtprotoException locked = refusal(ALICE_HANDLE, text);
        assertThat(locked.getMessage()).contains("too many failed logins");
        assertThat(devices.list(ALICE_DID).get(0).lastUsedAt()).isEmpty();
    }

    @Test
    void withoutTheDeviceServiceADevicePasswordIsRefusedNotSentToThePds() throws Exception {
        XrpcClient xrpc = new XrpcClient(http, clock, XrpcClient.DEFAULT_MAX_RESPONSE_BYTES);
        service();
        LoginService without = new LoginService(service.identities(), xrpc, new ServiceAuthVerifier(
                ServiceAuthPolicy.strict(TestTokens.SERVICE_DID, Set.of(TestTokens.LOGIN_LXM)),
                new InMemoryReplayCache(1000, clock), clock), service.credentials(),
                new LoginAttemptLimiter(limits, clock), accounts, options::get, clock);
        String text = devices.create(ALICE_DID, "Phone").text();
        AtprotoException refused = catchThrowableOfType(AtprotoException.class,
                () -> without.authenticate(ALICE_HANDLE, text, Optional.empty()));
        assertThat(refused.getMessage()).contains("not available");
        assertThat(network.createSessionCalls()).isZero();
    }

    // ---- the failure limiter -------------------------------------------------------------------------------

    @Test
    void repeatedFailuresLockTheAccountWithoutAskingThePds() {
        for (int attempt = 0; attempt < limits.failuresPerAccount(); attempt++) {
            refusal(ALICE_HANDLE, "wrong-" + attempt);
        }
        int callsBefore = network.createSessionCalls();

        AtprotoException locked = refusal(ALICE_HANDLE, ALICE_PASSWORD);

        assertThat(locked.failure()).isEqualTo(Failure.NOT_AUTHORIZED);
        assertThat(locked.getMessage()).contains("too many failed logins");
        assertThat(network.createSessionCalls()).isEqualTo(callsBefore);
    }

    @Test
    void theLockCoversEveryFormOfTheIdentifier() {
        refusal(ALICE_HANDLE, "wrong-1");
        refusal(ALICE_DID, "wrong-2");
        refusal(ALICE_LOCALPART, "wrong-3");
        int callsBefore = network.createSessionCalls();

        AtprotoException locked = refusal(ALICE_DID, "wrong-4");

        assertThat(locked.getMessage()).contains("too many failed logins");
        assertThat(network.createSessionCalls()).isEqualTo(callsBefore);
    }

    @Test
    void theLockEndsAfterTheWindow() throws Exception {
        for (int attempt = 0; attempt < limits.failuresPerAccount(); attempt++) {
            refusal(ALICE_HANDLE, "wrong-" + attempt);
        }
        clock.advance(limits.failureWindow());

        assertThat(login(ALICE_HANDLE, ALICE_PASSWORD)).isEqualTo(ALICE_LOCALPART);
    }

    @Test
    void aSuccessClearsTheAccountsFailures() throws Exception {
        refusal(ALICE_HANDLE, "wrong-1");
        refusal(ALICE_HANDLE, "wrong-2");
        login(ALICE_HANDLE, ALICE_PASSWORD);
        refusal(ALICE_HANDLE, "wrong-3");
        refusal(ALICE_HANDLE, "wrong-4");

        assertThat(login(ALICE_HANDLE, ALICE_PASSWORD)).isEqualTo(ALICE_LOCALPART);
    }

    @Test
    void unknownHandlesCountAgainstTheClientAddress() {
        limits = new LoginAttemptLimiter.Limits(10, 2, Duration.ofMinutes(5), 10, Duration.ofMinutes(5), 100, 1000);
        refusal("nobody1.test", "x");
        refusal("nobody2.test", "x");

        AtprotoException locked = refusal(ALICE_HANDLE, ALICE_PASSWORD);

        assertThat(locked.getMessage()).contains("too many failed logins from this address");
        assertThat(network.createSessionCalls()).isZero();
    }

    // ---- the admin's policy --------------------------------------------------------------------------------

    @Test
    void aDidMethodThatIsNotAllowedIsRefusedBeforeAnyPasswordCheck() {
        setOptions(true, true, true, Set.of("web"), List.of(), List.of(), List.of(), List.of());

        AtprotoException refusal = refusal(ALICE_HANDLE, ALICE_PASSWORD);

        assertThat(refusal.failure()).isEqualTo(Failure.DENIED_BY_POLICY);
        assertThat(refusal.getMessage()).contains("waddle.policy.didMethods");
        assertThat(network.createSessionCalls()).isZero();
    }

    @Test
    void aDeniedHandleDomainIsRefused() {
        setOptions(true, true, true, Set.of("plc"), List.of(), List.of("test"), List.of(), List.of());

        AtprotoException refusal = refusal(ALICE_DID, ALICE_PASSWORD);

        assertThat(refusal.failure()).isEqualTo(Failure.DENIED_BY_POLICY);
        assertThat(refusal.getMessage()).contains("waddle.policy.handleDomains.deny");
        assertThat(network.createSessionCalls()).isZero();
    }

    @Test
    void onlyAllowedHandleDomainsMayLogIn() throws Exception {
        setOptions(true, true, true, Set.of("plc"), List.of("example.com"), List.of(), List.of(), List.of());
        assertThat(refusal(ALICE_HANDLE, ALICE_PASSWORD).getMessage()).contains("waddle.policy.handleDomains.allow");

        setOptions(true, true, true, Set.of("plc"), List.of("example.com", "test"), List.of(), List.of(), List.of());
        assertThat(login(ALICE_HANDLE, ALICE_PASSWORD)).isEqualTo(ALICE_LOCALPART);
    }

    @Test
    void withAnAllowListAnAccountWithoutHandleIsRefused() {
        network.add(BOB_DID, null, "bob1-bob2-bob3-bob4");
        setOptions(true, true, true, Set.of("plc"), List.of("test"), List.of(), List.of(), List.of());

        AtprotoException refusal = refusal(BOB_DID, "bob1-bob2-bob3-bob4");

        assertThat(refusal.failure()).isEqualTo(Failure.DENIED_BY_POLICY);
        assertThat(refusal.getMessage()).contains("no valid handle");
    }

    @Test
    void aDeniedPdsHostIsRefused() {
        setOptions(true, true, true, Set.of("plc"), List.of(), List.of(), List.of(), List.of("127.0.0.1"));

        AtprotoException refusal = refusal(ALICE_HANDLE, ALICE_PASSWORD);

        assertThat(refusal.failure()).isEqualTo(Failure.DENIED_BY_POLICY);
        assertThat(refusal.getMessage()).contains("waddle.policy.pdsHosts.deny");
    }

    @Test
    void onlyAllowedPdsHostsMayLogIn() throws Exception {
        network.add(BOB_DID, "bob.test", "bob1-bob2-bob3-bob4").pdsEndpoint = "https://pds.evil.example";
        setOptions(true, true, true, Set.of("plc"), List.of(), List.of(), List.of("127.0.0.1"), List.of());

        assertThat(refusal("bob.test", "bob1-bob2-bob3-bob4").getMessage()).contains("waddle.policy.pdsHosts.allow");
        assertThat(login(ALICE_HANDLE, ALICE_PASSWORD)).isEqualTo(ALICE_LOCALPART);
    }

    @Test
    void appPasswordsCanBeTurnedOff() throws Exception {
        setOptions(false, true, true, Set.of("plc"), List.of(), List.of(), List.of(), List.of());

        assertThat(refusal(ALICE_HANDLE, ALICE_PASSWORD).getMessage()).contains("waddle.login.appPassword.enabled");
        assertThat(network.createSessionCalls()).isZero();
        assertThat(login(ALICE_HANDLE, tokenFor(alice))).isEqualTo(ALICE_LOCALPART);
    }

    @Test
    void serviceAuthCanBeTurnedOff() throws Exception {
        setOptions(true, false, true, Set.of("plc"), List.of(), List.of(), List.of(), List.of());

        assertThat(refusal(ALICE_HANDLE, tokenFor(alice)).getMessage()).contains("waddle.login.serviceAuth.enabled");
        assertThat(login(ALICE_HANDLE, ALICE_PASSWORD)).isEqualTo(ALICE_LOCALPART);
    }

    @Test
    void withoutAutoProvisioningOnlyKnownAccountsLogIn() throws Exception {
        setOptions(true, true, false, Set.of("plc"), List.of(), List.of(), List.of(), List.of());
        AtprotoException refusal = refusal(ALICE_HANDLE, ALICE_PASSWORD);
        assertThat(refusal.getMessage()).contains("waddle.login.autoProvision");
        assertThat(network.createSessionCalls()).isZero();

        accounts.save(new AtprotoAccount(ALICE_LOCALPART, ALICE_DID, Optional.empty(), false, Optional.empty(),
                Optional.empty(), EnumSet.noneOf(CredentialType.class), false, NOW, NOW, NOW));

        assertThat(login(ALICE_HANDLE, ALICE_PASSWORD)).isEqualTo(ALICE_LOCALPART);
    }

    @Test
    void aBlockedAccountIsRefusedWithoutAskingThePds() throws Exception {
        login(ALICE_HANDLE, ALICE_PASSWORD);
        accounts.save(blocked(saved(ALICE_DID)));

        AtprotoException refusal = refusal(ALICE_HANDLE, ALICE_PASSWORD);

        assertThat(refusal.failure()).isEqualTo(Failure.NOT_AUTHORIZED);
        assertThat(refusal.getMessage()).contains("blocked");
        assertThat(saved(ALICE_DID).loginBlocked()).isTrue();
    }

    @Test
    void anAccountBlockedWhileItsPasswordIsCheckedStaysBlocked() throws Exception {
        login(ALICE_HANDLE, ALICE_PASSWORD);
        alice.password = "new1-new2-new3-new4";
        alice.duringCreateSession = () -> accounts.save(blocked(saved(ALICE_DID)));

        AtprotoException refusal = refusal(ALICE_HANDLE, "new1-new2-new3-new4");

        assertThat(refusal.getMessage()).contains("blocked");
        assertThat(saved(ALICE_DID).loginBlocked()).isTrue();
    }

    @Test
    void policyChangesApplyToTheNextLogin() throws Exception {
        login(ALICE_HANDLE, ALICE_PASSWORD);
        setOptions(true, true, true, Set.of("web"), List.of(), List.of(), List.of(), List.of());

        assertThat(refusal(ALICE_HANDLE, ALICE_PASSWORD).failure()).isEqualTo(Failure.DENIED_BY_POLICY);
    }

    // ---- identifiers ---------------------------------------------------------------------------------------

    @ParameterizedTest
    @CsvSource({
            "alice.test, true",
            ALICE_DID + ", true",
            ALICE_LOCALPART + ", true",
            "' " + ALICE_DID + " ', true",
            "admin, false",
            "'', false",
    })
    void recognisesAtprotoIdentifiers(String username, boolean atproto) {
        assertThat(service().isAtprotoIdentifier(username)).isEqualTo(atproto);
    }

    @Test
    void onlyDidDerivedNamesAreAtprotoLocalparts() {
        assertThat(service().isAtprotoLocalpart(ALICE_LOCALPART)).isTrue();
        assertThat(service().isAtprotoLocalpart("web.example.com")).isTrue();
        assertThat(service().isAtprotoLocalpart(ALICE_HANDLE)).isFalse();
        assertThat(service().isAtprotoLocalpart("admin")).isFalse();
        assertThat(service().isAtprotoLocalpart(null)).isFalse();
        assertThat(service().isAtprotoIdentifier(null)).isFalse();
    }

    @Test
    void aMalformedIdentifierIsRefusedAsSyntax() {
        assertThat(refusal("not a handle!", ALICE_PASSWORD).failure()).isEqualTo(Failure.INVALID_SYNTAX);
    }

    @Test
    void loginsWithoutAClientAddressAreStillLimitedPerAccount() throws Exception {
        for (int attempt = 0; attempt < limits.failuresPerAccount(); attempt++) {
            AtprotoException refusal = catchThrowableOfType(AtprotoException.class,
                    () -> service().authenticate(ALICE_HANDLE, "wrong", Optional.empty()));
            assertThat(refusal).isNotNull();
        }

        AtprotoException locked = catchThrowableOfType(AtprotoException.class,
                () -> service().authenticate(ALICE_HANDLE, ALICE_PASSWORD, Optional.empty()));

        assertThat(locked.getMessage()).contains("too many failed logins for this account");
    }
}
