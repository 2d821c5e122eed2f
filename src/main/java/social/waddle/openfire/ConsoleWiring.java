package social.waddle.openfire;

import java.net.URI;
import java.time.Duration;

import org.xmpp.packet.JID;

import social.waddle.account.AccountRepository;
import social.waddle.atproto.AtprotoException;
import social.waddle.atproto.http.SafeHttpRequest;
import social.waddle.atproto.http.SafeHttpResponse;
import social.waddle.atproto.identity.ResolutionTrace;
import social.waddle.atproto.identity.VerifiedIdentity;
import social.waddle.atproto.syntax.Did;
import social.waddle.community.Provisioner;
import social.waddle.community.ReconcileReport;
import social.waddle.community.WaddleRepository;
import social.waddle.community.WaddleService;
import social.waddle.login.LoginService;
import social.waddle.openfire.auth.LoginBridge;
import social.waddle.openfire.web.XmppDiscoveryProbe;
import social.waddle.settings.Settings;
import social.waddle.settings.WaddleSettings;
import social.waddle.web.AccountAdministration;
import social.waddle.web.AccountMemberships;
import social.waddle.web.ConsoleServices;
import social.waddle.web.Diagnostics;
import social.waddle.web.Messages;
import social.waddle.web.WaddleAdministration;
import social.waddle.web.WaddleMemberships;

/**
 * The plugin's services as the admin console pages see them. The login service is rebuilt when a setting changes, so
 * each call asks {@link LoginBridge} for the current one.
 */
final class ConsoleWiring {

    private static final long PROBE_MAX_BYTES = 64 * 1024;

    private ConsoleWiring() {
    }

    /** Everything but what Openfire itself provides (texts, the logged-in admin, the audit log). */
    static ConsoleServices.Builder services(Settings settings, LoginWiring login, XmppDiscoveryProbe discovery,
                                            WaddleRepository waddleRepository, WaddleService service,
                                            Provisioner provisioner) {
        RunningWaddles waddles = new RunningWaddles(waddleRepository, service, provisioner);
        return ConsoleServices.builder()
                .with(Settings.class, settings)
                .with(AccountAdministration.class, new RunningAccounts(login))
                .with(Diagnostics.class, new RunningDiagnostics(settings, login, discovery))
                .with(WaddleAdministration.class, waddles)
                .with(AccountMemberships.class, new WaddleMemberships(waddles::repository, ConsoleWiring::messages));
    }

    private static Messages messages() {
        return ConsoleServices.current().map(ConsoleServices::messages)
                .orElseThrow(() -> new ConsoleServices.ServiceUnavailableException("The admin console pages are not installed"));
    }

    /** The running Waddle domain; the console pages are installed after it starts and removed before it stops. */
    private record RunningWaddles(WaddleRepository repository, WaddleService service, Provisioner provisioner)
            implements WaddleAdministration {

        @Override
        public ReconcileReport reconcile() {
            return provisioner.reconcile();
        }
    }

    static XmppDiscoveryProbe discovery(WaddleComponent component, JID componentJid, String xmppDomain, String mucService) {
        return new XmppDiscoveryProbe(component.stanzas(), componentJid, new JID(xmppDomain), new JID(mucService + "." + xmppDomain));
    }

    private static LoginService loginService() {
        return LoginBridge.current()
                .filter(LoginService.class::isInstance)
                .map(LoginService.class::cast)
                .orElseThrow(() -> new ConsoleServices.ServiceUnavailableException("The login service is not running"));
    }

    private record RunningAccounts(LoginWiring login) implements AccountAdministration {

        @Override
        public AccountRepository accounts() {
            return login.accounts();
        }

        @Override
        public VerifiedIdentity reresolve(Did did) throws AtprotoException {
            LoginService service = loginService();
            service.identities().invalidate(did.toString());
            return service.identities().resolveDid(did);
        }

        @Override
        public void forgetCredentials(String did) {
            loginService().credentials().forget(did);
        }
    }

    private record RunningDiagnostics(Settings settings, LoginWiring login, XmppDiscoveryProbe discovery) implements Diagnostics {

        @Override
        public ResolutionTrace trace(String handleOrDid) {
            return loginService().identities().trace(handleOrDid);
        }

        @Override
        public URI plcDirectory() {
            return URI.create(settings.get(WaddleSettings.PLC_DIRECTORY));
        }

        @Override
        public Probe probe(URI uri) {
            long started = System.nanoTime();
            try {
                SafeHttpResponse response = login.http().send(SafeHttpRequest.get(uri)
                        .withMaxResponseBytes(PROBE_MAX_BYTES)
                        .describedAs("reachability check"));
                Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
                return new Probe(uri, response.status(), elapsed, response.isSuccess() ? "" : "HTTP " + response.status());
            } catch (AtprotoException e) {
                return new Probe(uri, -1, Duration.ofNanos(System.nanoTime() - started), e.getMessage());
            }
        }

        @Override
        public XmppDiscovery discoverXmpp() {
            return discovery.discover();
        }
    }
}
