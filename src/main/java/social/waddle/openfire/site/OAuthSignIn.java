package social.waddle.openfire.site;

import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import social.waddle.account.AtprotoAccount;
import social.waddle.atproto.AtprotoException;
import social.waddle.atproto.http.SafeHttpClient;
import social.waddle.atproto.identity.IdentityResolver;
import social.waddle.atproto.oauth.AtprotoOAuthClient;
import social.waddle.atproto.oauth.AuthorizationStateStore;
import social.waddle.atproto.oauth.CallbackParameters;
import social.waddle.atproto.oauth.ClientIdentity;
import social.waddle.atproto.oauth.OAuthException;
import social.waddle.atproto.oauth.OAuthGrant;
import social.waddle.login.LoginService;
import social.waddle.web.site.Person;
import social.waddle.web.site.SignIn;

/**
 * Sign in with Bluesky on the running plugin: {@link AtprotoOAuthClient} for the protocol and its checks, then the
 * account is provisioned by {@link LoginService#provisionSignedIn} exactly as a first XMPP login does, and its Bluesky
 * profile is read as after a login. The access token is dropped at once: scope {@code atproto} proves who the person
 * is, and the plugin never acts on their repository, so no token (and no refresh token) is kept.
 *
 * <p>The identity resolver and HTTP client are the login service's, asked on each call (they are rebuilt when a
 * setting changes); pending sign-ins live in one {@link AuthorizationStateStore} for the site's lifetime.
 */
final class OAuthSignIn implements SignIn {

    private static final Logger Log = LoggerFactory.getLogger(OAuthSignIn.class);

    private final ClientIdentity client;
    private final Supplier<IdentityResolver> identities;
    private final Supplier<SafeHttpClient> http;
    private final Supplier<Optional<LoginService>> login;
    private final AuthorizationStateStore states;
    private final Consumer<String> signedIn;
    private final Clock clock;

    /** @param signedIn told the username of each account signed in (reads its profile as after a login) */
    OAuthSignIn(ClientIdentity client, Supplier<IdentityResolver> identities, Supplier<SafeHttpClient> http,
                Supplier<Optional<LoginService>> login, Consumer<String> signedIn, Clock clock) {
        this.client = client;
        this.identities = identities;
        this.http = http;
        this.login = login;
        this.signedIn = signedIn;
        this.clock = clock;
        this.states = new AuthorizationStateStore(clock, AuthorizationStateStore.DEFAULT_LIFETIME,
                AuthorizationStateStore.DEFAULT_MAX_PENDING);
    }

    private AtprotoOAuthClient oauth() {
        return new AtprotoOAuthClient(client, identities.get(), http.get(), states, clock);
    }

    @Override
    public URI start(String identifier, String binding) throws SignInRefusedException {
        try {
            return oauth().start(identifier, binding).authorizationUrl();
        } catch (AtprotoException e) {
            Log.info("Sign-in for '{}' could not start: {}", printable(identifier), e.getMessage());
            throw new SignInRefusedException(e.getMessage(), e);
        }
    }

    @Override
    public Person complete(Map<String, List<String>> query, String binding, String address)
            throws SignInRefusedException {
        OAuthGrant grant;
        try {
            grant = oauth().complete(CallbackParameters.fromQuery(query), binding);
        } catch (OAuthException e) {
            Log.warn("Refused a sign-in callback from {} ({}): {}", address, e.reason(), e.getMessage());
            throw new SignInRefusedException(e.getMessage(), e);
        } catch (AtprotoException e) {
            Log.warn("A sign-in callback from {} failed: {}", address, e.getMessage());
            throw new SignInRefusedException(e.getMessage(), e);
        }
        LoginService service = login.get().orElseThrow(() -> new SignInRefusedException(
                "The login service is not running; try again in a moment."));
        AtprotoAccount account;
        try {
            account = service.provisionSignedIn(grant.did());
        } catch (AtprotoException e) {
            Log.info("Signed in {} by OAuth, but the account may not be used: {}", grant.did(), e.getMessage());
            throw new SignInRefusedException(e.getMessage(), e);
        }
        try {
            signedIn.accept(account.username());
        } catch (RuntimeException e) {
            Log.warn("Could not start reading the profile of {} after its sign-in", account.did(), e);
        }
        Log.info("Signed in {} ({}) on the public pages from {}", account.did(), account.handle().orElse("no handle"),
                address);
        return new Person(account.did(), account.handleVerified() ? account.handle() : Optional.empty());
    }

    @Override
    public String clientMetadataJson() {
        return client.isConfidential() ? client.clientMetadataJson() : "";
    }

    @Override
    public String jwksJson() {
        return client.isConfidential() ? client.jwksJson() : "";
    }

    private static String printable(String text) {
        String bounded = text.length() > 100 ? text.substring(0, 100) + "…" : text;
        return bounded.replaceAll("\\p{Cntrl}", "?");
    }
}
