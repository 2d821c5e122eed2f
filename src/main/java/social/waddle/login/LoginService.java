package social.waddle.login;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;


import social.waddle.account.AccountRepository;
import social.waddle.account.AtprotoAccount;
import social.waddle.account.CredentialType;
import social.waddle.atproto.AtprotoException;
import social.waddle.atproto.AtprotoException.Failure;
import social.waddle.atproto.concurrent.SingleFlight;
import social.waddle.atproto.identity.IdentityResolver;
import social.waddle.atproto.identity.JidLocalpart;
import social.waddle.atproto.identity.VerifiedIdentity;
import social.waddle.atproto.syntax.Did;
import social.waddle.atproto.syntax.Handle;
import social.waddle.atproto.xrpc.Session;
import social.waddle.atproto.xrpc.XrpcClient;
import social.waddle.atproto.xrpc.XrpcException;
import social.waddle.device.DevicePasswordFormat;
import social.waddle.device.DevicePasswords;

/**
 * Logs ATProto identities in: resolves what the user typed to a verified identity, applies the admin's policy, checks
 * the credential (app password with the user's own PDS, or a service-auth token offline), and provisions the account.
 *
 * <p>Invariants: a remembered app-password check answers re-logins with no PDS call; concurrent checks of one
 * credential share one PDS call; failed attempts are limited per account and per client address, and PDS checks per
 * account are capped below bsky.social's own limits; a failure the user cannot fix by retyping (PDS or PLC down) is
 * reported as temporary, never as a wrong password.
 */
public final class LoginService implements AtprotoLogin {

    private static final Logger Log = LoggerFactory.getLogger(LoginService.class);
    private static final String UNKNOWN_ADDRESS = "unknown";
    /** A warm re-login rewrites an unchanged account row only when its lastSeen is at least this old. */
    static final Duration LAST_SEEN_RESOLUTION = Duration.ofMinutes(1);

    private final IdentityResolver identities;
    private final XrpcClient xrpc;
    private final ServiceAuthVerifier serviceAuth;
    private final CredentialCache credentials;
    private final LoginAttemptLimiter limiter;
    private final AccountRepository accounts;
    private final Supplier<LoginOptions> options;
    private final Clock clock;
    private final SingleFlight<String, Boolean> passwordChecks = new SingleFlight<>();
    private final Optional<DevicePasswords> devicePasswords;

    public LoginService(IdentityResolver identities, XrpcClient xrpc, ServiceAuthVerifier serviceAuth,
                        CredentialCache credentials, LoginAttemptLimiter limiter, AccountRepository accounts,
                        Supplier<LoginOptions> options, Clock clock) {
        this(identities, xrpc, serviceAuth, credentials, limiter, accounts, options, clock, Optional.empty());
    }

    /** @param devicePasswords checks passwords of the device-password form; without it such passwords are refused */
    public LoginService(IdentityResolver identities, XrpcClient xrpc, ServiceAuthVerifier serviceAuth,
                        CredentialCache credentials, LoginAttemptLimiter limiter, AccountRepository accounts,
                        Supplier<LoginOptions> options, Clock clock, Optional<DevicePasswords> devicePasswords) {
        this.devicePasswords = Objects.requireNonNull(devicePasswords);
        this.identities = Objects.requireNonNull(identities);
        this.xrpc = Objects.requireNonNull(xrpc);
        this.serviceAuth = Objects.requireNonNull(serviceAuth);
        this.credentials = Objects.requireNonNull(credentials);
        this.limiter = Objects.requireNonNull(limiter);
        this.accounts = Objects.requireNonNull(accounts);
        this.options = Objects.requireNonNull(options);
        this.clock = Objects.requireNonNull(clock);
    }

    /** What people type: {@code @alice.bsky.social} as Bluesky shows it, stray spaces. Case is kept: DIDs are case-sensitive. */
    static String withoutAtSign(String username) {
        String name = username == null ? "" : username.trim();
        return name.startsWith("@") ? name.substring(1) : name;
    }

    @Override
    public boolean isAtprotoIdentifier(String username) {
        String name = withoutAtSign(username);
        return Did.isValid(name) || JidLocalpart.isAtprotoLocalpart(name.toLowerCase(Locale.ROOT)) || Handle.isValid(name);
    }

    @Override
    public boolean isAtprotoLocalpart(String username) {
        return username != null && JidLocalpart.isAtprotoLocalpart(username);
    }

    @Override
    public AccountRepository accounts() {
        return accounts;
    }

    public IdentityResolver identities() {
        return identities;
    }

    public CredentialCache credentials() {
        return credentials;
    }

    public Optional<DevicePasswords> devicePasswords() {
        return devicePasswords;
    }

    @Override
    public Authenticated login(String username, String secret, Optional<String> clientAddress) throws AtprotoException {
        String typed = withoutAtSign(username);
        String account = typed.toLowerCase(Locale.ROOT);
        String address = clientAddress.orElse(UNKNOWN_ADDRESS);
        refuseIfLockedOut(account, address);
        String didKey = null;
        try {
            VerifiedIdentity identity = resolve(typed);
            String did = identity.did().toString();
            if (!did.equals(account)) {
                // The same account typed as handle, DID or localpart shares one failure count: the DID's.
                refuseIfLockedOut(did, null);
                didKey = did;
            }
            LoginOptions policy = options.get();
            checkPolicy(identity, policy);
            Optional<AtprotoAccount> existing = accounts.findByDid(did);
            checkAccount(identity, existing, policy);
            CredentialType type;
            Optional<String> devicePassword = Optional.empty();
            if (DevicePasswordFormat.looksLikeDevicePassword(secret)) {
                // One row read and one hash; never a PDS call. A miss counts as a failure like a wrong password.
                if (devicePasswords.isEmpty()) {
                    throw new AtprotoException(Failure.NOT_AUTHORIZED, "Device passwords are not available on this server");
                }
                devicePassword = devicePasswords.get().check(did, secret, clientAddress);
                if (devicePassword.isEmpty()) {
                    throw new AtprotoException(Failure.NOT_AUTHORIZED, "Wrong or revoked device password for " + did);
                }
                type = CredentialType.DEVICE_PASSWORD;
            } else if (looksLikeJwt(secret)) {
                if (!policy.serviceAuth()) {
                    throw new AtprotoException(Failure.NOT_AUTHORIZED, "Service-auth token logins are disabled (waddle.login.serviceAuth.enabled)");
                }
                serviceAuth.verify(secret, did, issuer -> {
                    if (!issuer.equals(did)) {
                        throw new AtprotoException(Failure.NOT_AUTHORIZED, "Token issuer " + issuer + " is not " + did);
                    }
                    return identity.signingKey().publicKey();
                });
                type = CredentialType.SERVICE_AUTH;
            } else {
                if (!policy.appPasswords()) {
                    throw new AtprotoException(Failure.NOT_AUTHORIZED, "App-password logins are disabled (waddle.login.appPassword.enabled)");
                }
                checkPassword(identity, secret);
                type = CredentialType.APP_PASSWORD;
            }
            AtprotoAccount saved = provision(identity, policy, type);
            limiter.recordSuccess(account, address);
            if (didKey != null) {
                limiter.recordSuccess(didKey, null);
            }
            return new Authenticated(saved.username(), devicePassword);
        } catch (AtprotoException e) {
            if (!e.isTemporary() && !(e instanceof LockedOut)) {
                limiter.recordFailure(account, address);
                if (didKey != null) {
                    limiter.recordFailure(didKey, null);
                }
            }
            Log.info("ATProto login for {} from {} refused: {}", account, address, e.getMessage());
            throw e;
        }
    }

    /** A refusal by the failure limiter; not itself counted as a failure. */
    private static final class LockedOut extends AtprotoException {
        private static final long serialVersionUID = 1L;

        LockedOut(String message) {
            super(Failure.NOT_AUTHORIZED, message);
        }
    }

    private void refuseIfLockedOut(String account, String address) throws LockedOut {
        LoginAttemptLimiter.Decision decision = limiter.check(account, address);
        if (!decision.allowed()) {
            throw new LockedOut("Login for " + account + (address == null ? "" : " from " + address)
                    + " refused: " + decision.reason() + "; retry in " + decision.retryAfter().toSeconds() + " s");
        }
    }

    /** Whether the account may log in at all: not blocked by an admin, and known here unless provisioning is on. */
    private static void checkAccount(VerifiedIdentity identity, Optional<AtprotoAccount> account, LoginOptions policy)
            throws AtprotoException {
        if (account.isPresent() && account.get().loginBlocked()) {
            throw new AtprotoException(Failure.NOT_AUTHORIZED, identity.did() + " is blocked from logging in by an admin");
        }
        if (account.isEmpty() && !policy.autoProvision()) {
            throw new AtprotoException(Failure.NOT_AUTHORIZED, identity.did()
                    + " has no account here and automatic provisioning is off (waddle.login.autoProvision)");
        }
    }

    /** DIDs are case-sensitive ({@code did:web:localhost%3A2583}); handles and localparts are not. */
    private VerifiedIdentity resolve(String typed) throws AtprotoException {
        if (Did.isValid(typed)) {
            return identities.resolveDid(Did.parse(typed));
        }
        String lower = typed.toLowerCase(Locale.ROOT);
        Optional<Did> fromLocalpart = JidLocalpart.toDid(lower);
        if (fromLocalpart.isPresent()) {
            return identities.resolveDid(fromLocalpart.get());
        }
        return identities.resolveHandle(Handle.parse(lower));
    }

    private static void checkPolicy(VerifiedIdentity identity, LoginOptions policy) throws AtprotoException {
        if (!policy.didMethods().contains(identity.did().method())) {
            throw new AtprotoException(Failure.DENIED_BY_POLICY, "DID method " + identity.did().method()
                    + " may not log in (waddle.policy.didMethods)");
        }
        Optional<Handle> handle = identity.handle().or(identity::claimedHandle);
        if (handle.isPresent()) {
            String name = handle.get().toString();
            if (LoginOptions.under(name, policy.deniedHandleDomains())) {
                throw new AtprotoException(Failure.DENIED_BY_POLICY, "Handle " + name + " is in a denied domain (waddle.policy.handleDomains.deny)");
            }
            if (!policy.allowedHandleDomains().isEmpty() && !LoginOptions.under(name, policy.allowedHandleDomains())) {
                throw new AtprotoException(Failure.DENIED_BY_POLICY, "Handle " + name + " is not in an allowed domain (waddle.policy.handleDomains.allow)");
            }
        } else if (!policy.allowedHandleDomains().isEmpty()) {
            throw new AtprotoException(Failure.DENIED_BY_POLICY, identity.did() + " has no valid handle, and only handles in "
                    + policy.allowedHandleDomains() + " may log in");
        }
        String pdsHost = identity.pds().getHost();
        if (LoginOptions.under(pdsHost, policy.deniedPdsHosts())) {
            throw new AtprotoException(Failure.DENIED_BY_POLICY, "PDS " + pdsHost + " is denied (waddle.policy.pdsHosts.deny)");
        }
        if (!policy.allowedPdsHosts().isEmpty() && !LoginOptions.under(pdsHost, policy.allowedPdsHosts())) {
            throw new AtprotoException(Failure.DENIED_BY_POLICY, "PDS " + pdsHost + " is not allowed (waddle.policy.pdsHosts.allow)");
        }
    }

    /** Compact JWS: three base64url parts, the header starting with '{' ("eyJ"). App passwords never look like this. */
    static boolean looksLikeJwt(String secret) {
        if (secret == null || !secret.startsWith("eyJ")) {
            return false;
        }
        int first = secret.indexOf('.');
        int second = first < 0 ? -1 : secret.indexOf('.', first + 1);
        return second > 0 && secret.indexOf('.', second + 1) < 0;
    }

    /**
     * Concurrent checks of one credential share one flight. The flight looks at the remembered checks again and
     * remembers its own result before it ends, so a caller that missed the cache just before an earlier flight ended
     * does not ask the PDS a second time; only a flight that asks the PDS spends the account's upstream budget.
     *
     * @return whether the PDS was asked (false when the remembered check answered)
     */
    private boolean checkPassword(VerifiedIdentity identity, String password) throws AtprotoException {
        String did = identity.did().toString();
        if (credentials.matches(did, password)) {
            return false;
        }
        try {
            return passwordChecks.call(CredentialFlightKey.of(did, password), () -> askPds(identity, password));
        } catch (XrpcException e) {
            throw explain(identity, e);
        } catch (AtprotoException e) {
            throw e;
        } catch (Exception e) {
            throw new AtprotoException(Failure.NETWORK, "Checking the password of " + did + " failed: " + e.getMessage(), e);
        }
    }

    private boolean askPds(VerifiedIdentity identity, String password) throws AtprotoException {
        String did = identity.did().toString();
        if (credentials.matches(did, password)) {
            return false;
        }
        LoginAttemptLimiter.Decision upstream = limiter.tryAcquireUpstreamCheck(did);
        if (!upstream.allowed()) {
            throw new AtprotoException(Failure.RATE_LIMITED, "Too many password checks for " + did + " at its PDS: "
                    + upstream.reason() + "; retry in " + upstream.retryAfter().toSeconds() + " s");
        }
        Session session = xrpc.createSession(identity.pds(), did, password);
        if (!did.equals(session.did())) {
            throw new AtprotoException(Failure.NOT_AUTHORIZED, "The PDS of " + did + " answered for " + session.did());
        }
        if (!session.active()) {
            throw new AtprotoException(Failure.NOT_AUTHORIZED, did + " is " + session.status().orElse("not active")
                    + " at its PDS");
        }
        credentials.remember(did, password);
        return true;
    }

    private AtprotoException explain(VerifiedIdentity identity, XrpcException e) {
        String did = identity.did().toString();
        switch (e.kind()) {
            case AUTH_FACTOR_TOKEN_REQUIRED:
                return new AtprotoException(Failure.NOT_AUTHORIZED, did + " uses email two-factor sign-in, which XMPP "
                        + "clients cannot complete: log in with a Bluesky app password (Settings → Privacy and security → App passwords)");
            case ACCOUNT_TAKEDOWN:
                return new AtprotoException(Failure.NOT_AUTHORIZED, did + " has been taken down by its PDS");
            case ACCOUNT_DEACTIVATED:
                return new AtprotoException(Failure.NOT_AUTHORIZED, did + " is deactivated at its PDS");
            default:
                if (e.failure() == Failure.NOT_AUTHORIZED) {
                    credentials.forget(did);
                    return new AtprotoException(Failure.NOT_AUTHORIZED, "Wrong password for " + did);
                }
                return e;
        }
    }

    /**
     * Provisions the account of a DID that has just proved itself by ATProto OAuth ("Sign in with Bluesky": its own
     * PDS's authorization server issued a token whose {@code sub} is this DID), exactly as its first XMPP login would:
     * the same access policy, the same checks of a blocked account or of automatic provisioning, the same row.
     *
     * @return the saved account
     * @throws AtprotoException when the policy or the account's state refuses it (a message for the person)
     */
    public AtprotoAccount provisionSignedIn(Did did) throws AtprotoException {
        VerifiedIdentity identity = identities.resolveDid(did);
        LoginOptions policy = options.get();
        checkPolicy(identity, policy);
        return provision(identity, policy, CredentialType.OAUTH_SESSION);
    }

    /**
     * Saves the account, merged with what is stored now: the credential check may have taken seconds, during which an
     * admin may have blocked or deleted the account, and such a change must win over this login.
     */
    private AtprotoAccount provision(VerifiedIdentity identity, LoginOptions policy, CredentialType type)
            throws AtprotoException {
        Instant now = clock.instant();
        String did = identity.did().toString();
        Optional<AtprotoAccount> existing = accounts.findByDid(did);
        checkAccount(identity, existing, policy);
        // The display name is the profile sync's (read after the login, in the background): a login reads no profile.
        Optional<String> displayName = existing.flatMap(AtprotoAccount::displayName);
        Set<CredentialType> types = EnumSet.of(type);
        existing.ifPresent(account -> types.addAll(account.credentialTypes()));
        Optional<String> handle = identity.handle().or(identity::claimedHandle).map(Handle::toString);
        AtprotoAccount account = new AtprotoAccount(
                JidLocalpart.toLocalpart(identity.did()),
                did,
                handle,
                identity.handle().isPresent(),
                displayName,
                Optional.of(identity.pds().toString()),
                types,
                false,
                existing.map(AtprotoAccount::firstSeen).orElse(now),
                now,
                identity.resolvedAt());
        if (existing.isEmpty() || worthSaving(existing.get(), account)) {
            accounts.save(account);
        }
        if (existing.isEmpty()) {
            Log.info("Provisioned ATProto account {} ({}) as {}", did, handle.orElse("no valid handle"), account.username());
        }
        return account;
    }

    /**
     * Whether {@code fresh} differs from {@code stored} in anything but lastSeen, or lastSeen moved on by at least
     * {@link #LAST_SEEN_RESOLUTION}. Instants are compared in milliseconds, as the repository stores them.
     */
    static boolean worthSaving(AtprotoAccount stored, AtprotoAccount fresh) {
        boolean sameApartFromLastSeen = stored.username().equals(fresh.username())
                && stored.did().equals(fresh.did())
                && stored.handle().equals(fresh.handle())
                && stored.handleVerified() == fresh.handleVerified()
                && stored.displayName().equals(fresh.displayName())
                && stored.pdsUrl().equals(fresh.pdsUrl())
                && stored.credentialTypes().equals(fresh.credentialTypes())
                && stored.loginBlocked() == fresh.loginBlocked()
                && stored.firstSeen().toEpochMilli() == fresh.firstSeen().toEpochMilli()
                && stored.resolvedAt().toEpochMilli() == fresh.resolvedAt().toEpochMilli();
        return !sameApartFromLastSeen
                || !fresh.lastSeen().isBefore(stored.lastSeen().plus(LAST_SEEN_RESOLUTION));
    }

}
