package social.waddle.openfire;

import java.io.File;

import org.jivesoftware.openfire.component.InternalComponentManager;
import org.jivesoftware.openfire.container.Plugin;
import org.jivesoftware.openfire.container.PluginManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import social.waddle.openfire.auth.AtprotoAuthorization;
import social.waddle.openfire.auth.AuthorizationHooks;
import social.waddle.openfire.auth.ContextualPlainSasl;
import social.waddle.openfire.auth.LoginBridge;
import social.waddle.openfire.auth.PreviousProviders;
import social.waddle.openfire.auth.WaddleAuthProvider;
import social.waddle.openfire.auth.WaddleUserProvider;
import social.waddle.openfire.muc.MucSysadmin;
import social.waddle.openfire.muc.RoomCommands;
import social.waddle.openfire.muc.XmppRoomGateway;
import social.waddle.settings.Setting;
import social.waddle.settings.Settings;
import social.waddle.settings.WaddleSettings;

/**
 * Wires the plugin into Openfire and unwires it again, symmetrically: every registration is recorded in
 * {@link Registrations} and undone in reverse order by {@link #destroyPlugin()}, so a reload leaves nothing
 * behind. No behaviour lives here.
 */
public final class WaddlePlugin implements Plugin {

    private static final Logger Log = LoggerFactory.getLogger(WaddlePlugin.class);

    /** Canonical name: the plugin JAR is {@code waddle.jar}, its i18n bundle {@code waddle_i18n}. */
    public static final String CANONICAL_NAME = "waddle";
    public static final String DISPLAY_NAME = "Waddle";

    private final Registrations registrations = new Registrations();

    @Override
    public void initializePlugin(PluginManager manager, File pluginDirectory) {
        try {
            String version = version();

            Settings settings = new Settings(new OpenfirePropertyStore(), WaddleSettings.ALL);
            registrations.add("property listener", OpenfirePropertyStore.forwardChanges(settings));

            String subdomain = settings.get(WaddleSettings.COMPONENT_SUBDOMAIN);
            WaddleComponent component = new WaddleComponent(version);
            InternalComponentManager components = InternalComponentManager.getInstance();
            components.addComponent(subdomain, component);
            registrations.add("component " + subdomain, () -> components.removeComponent(subdomain, component));

            String mucService = settings.get(WaddleSettings.MUC_SERVICE);
            registrations.add("MUC system admin " + component.address(), MucSysadmin.grant(mucService, component.address()));
            XmppRoomGateway rooms = new XmppRoomGateway(component.stanzas(), component.address(),
                    MucSysadmin.serviceDomain(mucService));
            component.addCommands(RoomCommands.all(rooms));

            LoginWiring login = new LoginWiring(settings, version);
            registrations.add("login service resources", login);
            registrations.add("login service", LoginBridge.install(login.build()));
            Runnable stopListening = settings.onChange(changed -> rebuildLogin(login, changed));
            registrations.add("login settings listener", stopListening::run);
            registrations.add("authorization policy and mapping", AuthorizationHooks.install(new AtprotoAuthorization()));
            registrations.add("SASL PLAIN context", ContextualPlainSasl.install());
            registrations.add("user provider", PreviousProviders.replace(PreviousProviders.USER_PROVIDER_PROPERTY,
                    "org.jivesoftware.openfire.user.DefaultUserProvider", WaddleUserProvider.class));
            registrations.add("auth provider", PreviousProviders.replace(PreviousProviders.AUTH_PROVIDER_PROPERTY,
                    "org.jivesoftware.openfire.auth.DefaultAuthProvider", WaddleAuthProvider.class));

            Log.info("{} {} initialised", DISPLAY_NAME, version);
        } catch (Exception | LinkageError e) {
            Log.error("{} could not start and has undone what it had registered", DISPLAY_NAME, e);
            registrations.undoAll();
            throw new IllegalStateException(DISPLAY_NAME + " could not start: " + e.getMessage(), e);
        }
    }

    /** A changed setting takes effect for the next login: the login service is rebuilt from all settings. */
    private static void rebuildLogin(LoginWiring login, Setting<?> changed) {
        try {
            LoginBridge.install(login.build());
            Log.info("Setting {} changed; logins now use the new values", changed.key());
        } catch (Exception e) {
            Log.error("Setting {} could not be applied; logins keep the previous values", changed.key(), e);
        }
    }

    /** From our JAR's manifest; Openfire 4.2.0 and 5.x share no method to read a plugin's metadata. */
    static String version() {
        String version = WaddlePlugin.class.getPackage().getImplementationVersion();
        return version == null ? "development" : version;
    }

    @Override
    public void destroyPlugin() {
        registrations.undoAll();
        Log.info("{} stopped", DISPLAY_NAME);
    }
}
