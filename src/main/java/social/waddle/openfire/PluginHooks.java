package social.waddle.openfire;

import org.xmpp.component.Component;
import org.xmpp.packet.JID;

import social.waddle.settings.PropertyStore;
import social.waddle.settings.Settings;
import social.waddle.web.ConsoleServices;

/**
 * The registrations with Openfire that {@link WaddlePlugin} makes, each returning the action that undoes it. In
 * production {@link OpenfireHooks}; tests record the calls instead, as no Openfire server runs there.
 */
interface PluginHooks {

    PropertyStore properties();

    AutoCloseable forwardPropertyChanges(Settings settings);

    AutoCloseable addComponent(String subdomain, Component component) throws Exception;

    String xmppDomain();

    /** Lets {@code jid} manage every room of the MUC service (a no-op, logged, when the service does not exist). */
    AutoCloseable grantMucSysadmin(String serviceSubdomain, JID jid);

    AutoCloseable installAuthorization();

    AutoCloseable installSasl();

    /** Refuses XEP-0077 password changes and account removal by ATProto users before Openfire acts on them. */
    AutoCloseable installAccountGuard();

    AutoCloseable replaceProvider(String property, String defaultClassName, Class<?> ours);

    /** Lets the admin console pages reach the plugin: adds what Openfire provides (texts, admin, audit) and installs. */
    AutoCloseable installAdminConsole(ConsoleServices.Builder pluginServices);
}
