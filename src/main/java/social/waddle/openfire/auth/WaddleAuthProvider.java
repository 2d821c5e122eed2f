package social.waddle.openfire.auth;

import social.waddle.login.AtprotoLogin;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;

import org.jivesoftware.openfire.XMPPServer;
import org.jivesoftware.openfire.auth.AuthProvider;
import org.jivesoftware.openfire.auth.ConnectionException;
import org.jivesoftware.openfire.auth.InternalUnauthenticatedException;
import org.jivesoftware.openfire.auth.UnauthorizedException;
import org.jivesoftware.openfire.lockout.LockOutManager;
import org.jivesoftware.openfire.user.UserNotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import social.waddle.atproto.AtprotoException;

/**
 * Authenticates ATProto identities (handle, DID or DID-derived localpart with an app password or a service-auth
 * token) through the plugin, and everyone else through the provider that was configured before.
 *
 * <p>SCRAM is never offered while this provider is active: SCRAM needs the server to hold password-derived keys,
 * which it never has for a Bluesky password, and Openfire's SCRAM server skips the authorization mapping that binds
 * the DID-derived JID. Local accounts log in with PLAIN meanwhile.
 */
public final class WaddleAuthProvider implements AuthProvider {

    private static final Logger Log = LoggerFactory.getLogger(WaddleAuthProvider.class);

    private final AuthProvider previous;
    private final Predicate<String> localUser;
    private final Supplier<String> ownDomain;
    private final Predicate<String> lockedOut;

    public WaddleAuthProvider() {
        this(PreviousProviders.authProvider(), WaddleUserProvider::isLocalUser, WaddleAuthProvider::serverDomain,
                WaddleAuthProvider::lockedOutByOpenfire);
    }

    /**
     * @param localUser whether the provider of local accounts knows a username
     * @param ownDomain this server's XMPP domain, or {@code null} while it is not known
     */
    WaddleAuthProvider(AuthProvider previous, Predicate<String> localUser, Supplier<String> ownDomain) {
        this(previous, localUser, ownDomain, localpart -> false);
    }

    /** @param lockedOut whether Openfire's lockout (an admin's "disable account") holds for a localpart now */
    WaddleAuthProvider(AuthProvider previous, Predicate<String> localUser, Supplier<String> ownDomain,
                       Predicate<String> lockedOut) {
        this.previous = previous;
        this.localUser = localUser;
        this.ownDomain = ownDomain;
        this.lockedOut = lockedOut;
    }

    /** As {@code AuthFactory.authenticate} does for the name it is given: check, and report a refused attempt. */
    private static boolean lockedOutByOpenfire(String localpart) {
        LockOutManager lockOut = LockOutManager.getInstance();
        if (!lockOut.isAccountDisabled(localpart)) {
            return false;
        }
        lockOut.recordFailedLogin(localpart);
        return true;
    }

    AuthProvider previous() {
        return previous;
    }

    @Override
    public void authenticate(String username, String password)
            throws UnauthorizedException, ConnectionException, InternalUnauthenticatedException {
        String name = withoutOwnDomain(username);
        Optional<AtprotoLogin> login = LoginBridge.current();
        if (login.isEmpty() && looksLikeAtproto(name) && !localUser.test(name)) {
            Log.warn("ATProto login for {} refused for now: the Waddle plugin is not running", name);
            ConnectionException unavailable = new ConnectionException("The Waddle plugin is not running");
            SaslLoginContext.current().ifPresent(context -> context.recordFailure(
                    new AtprotoException(AtprotoException.Failure.NETWORK, "The Waddle plugin is not running")));
            throw unavailable;
        }
        if (login.isEmpty() || !login.get().isAtprotoIdentifier(name) || localUser.test(name)) {
            previous.authenticate(name, password);
            return;
        }
        Optional<String> address = SaslLoginContext.current().flatMap(SaslLoginContext::clientAddress);
        try {
            AtprotoLogin.Authenticated authenticated = login.get().login(name, password, address);
            String localpart = authenticated.localpart();
            if (!localpart.equals(name) && lockedOut.test(localpart)) {
                // Openfire checked the lockout of what was typed (a handle); the account is its DID-derived localpart.
                Log.info("ATProto login for {} refused: account {} is disabled on this server", name, localpart);
                throw new UnauthorizedException("Account " + localpart + " is disabled");
            }
            authenticated.devicePasswordId().ifPresent(id ->
                    SaslLoginContext.current().ifPresent(context -> context.recordDevicePassword(id)));
            LoginBridge.rememberBinding(username, localpart);
            if (!username.equals(name)) {
                LoginBridge.rememberBinding(name, localpart);
            }
        } catch (AtprotoException e) {
            SaslLoginContext.current().ifPresent(context -> context.recordFailure(e));
            if (e.isTemporary()) {
                throw new ConnectionException(e.getMessage());
            }
            throw new UnauthorizedException(e.getMessage());
        } catch (RuntimeException e) {
            Log.error("ATProto login for {} failed unexpectedly", name, e);
            AtprotoException internal = new AtprotoException(AtprotoException.Failure.NETWORK,
                    "Internal error while checking the login; see the Openfire log");
            SaslLoginContext.current().ifPresent(context -> context.recordFailure(internal));
            throw new InternalUnauthenticatedException(internal.getMessage(), e);
        }
    }

    /** Before the plugin runs we cannot parse handles; a dot or a DID prefix is enough to not blame the password. */
    private static boolean looksLikeAtproto(String name) {
        return name.startsWith("did:") || name.contains(".");
    }

    private static String serverDomain() {
        XMPPServer server = XMPPServer.getInstance();
        return server == null || server.getServerInfo() == null ? null : server.getServerInfo().getXMPPDomain();
    }

    /** Clients may send the bare JID as the username; only our own domain is accepted. */
    String withoutOwnDomain(String username) {
        int at = username.lastIndexOf('@');
        if (at < 0) {
            return username;
        }
        String domain = username.substring(at + 1);
        String own = ownDomain.get();
        if (own != null && !domain.equalsIgnoreCase(own)) {
            return username;
        }
        return username.substring(0, at);
    }

    /** For callers outside a provider instance (the account guard). */
    static boolean isAtprotoAccount(String username) {
        return isAtprotoAccount(username, WaddleUserProvider::isLocalUser);
    }

    private static boolean isAtprotoAccount(String username, Predicate<String> localUser) {
        return LoginBridge.current().map(login -> login.isAtprotoLocalpart(username) && !localUser.test(username)).orElse(false);
    }

    @Override
    public String getPassword(String username) throws UserNotFoundException, UnsupportedOperationException {
        if (isAtprotoAccount(username, localUser)) {
            throw new UnsupportedOperationException("ATProto accounts have no password on this server");
        }
        return previous.getPassword(username);
    }

    @Override
    public void setPassword(String username, String password) throws UserNotFoundException, UnsupportedOperationException {
        if (isAtprotoAccount(username, localUser)) {
            throw new UnsupportedOperationException("ATProto accounts change their password at their own PDS");
        }
        previous.setPassword(username, password);
    }

    @Override
    public boolean supportsPasswordRetrieval() {
        return false;
    }

    @Override
    public boolean isScramSupported() {
        return false;
    }

    @Override
    public String getSalt(String username) throws UnsupportedOperationException, UserNotFoundException {
        throw new UnsupportedOperationException("SCRAM is not offered while the Waddle plugin is active");
    }

    @Override
    public int getIterations(String username) throws UnsupportedOperationException, UserNotFoundException {
        throw new UnsupportedOperationException("SCRAM is not offered while the Waddle plugin is active");
    }

    @Override
    public String getServerKey(String username) throws UnsupportedOperationException, UserNotFoundException {
        throw new UnsupportedOperationException("SCRAM is not offered while the Waddle plugin is active");
    }

    @Override
    public String getStoredKey(String username) throws UnsupportedOperationException, UserNotFoundException {
        throw new UnsupportedOperationException("SCRAM is not offered while the Waddle plugin is active");
    }
}
