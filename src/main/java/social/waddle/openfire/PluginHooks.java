package social.waddle.openfire;

import org.xmpp.component.Component;
import org.xmpp.packet.JID;

import social.waddle.account.ConnectionSource;
import social.waddle.settings.PropertyStore;
import social.waddle.settings.Settings;

/**
 * The registrations with Openfire that {@link WaddlePlugin} makes, each returning the action that undoes it. In
 * production {@link OpenfireHooks}; tests record the calls instead, as no Openfire server runs there.
 */
interface PluginHooks {

    PropertyStore properties();

    AutoCloseable forwardPropertyChanges(Settings settings);

    AutoCloseable addComponent(String subdomain, Component component) throws Exception;

    String xmppDomain();

    /** Connections to Openfire's database, where the plugin's tables are. */
    ConnectionSource database();

    /**
     * Whether work for the whole cluster (periodic reconcile, lifting expired bans) should run here: on the senior
     * cluster member, or when clustering is not running. Asked each time such work is due.
     */
    boolean runsClusterWideWork();

    /** Lets {@code jid} manage every room of the MUC service (a no-op, logged, when the service does not exist). */
    AutoCloseable grantMucSysadmin(String serviceSubdomain, JID jid);

    AutoCloseable installAuthorization();

    AutoCloseable installSasl();

    /** Refuses XEP-0077 password changes and account removal by ATProto users before Openfire acts on them. */
    AutoCloseable installAccountGuard();

    AutoCloseable replaceProvider(String property, String defaultClassName, Class<?> ours);
}
