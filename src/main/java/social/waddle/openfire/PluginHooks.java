package social.waddle.openfire;

import java.time.Duration;

import org.jivesoftware.openfire.event.SessionEventListener;
import org.jivesoftware.openfire.muc.MUCEventListener;
import org.jivesoftware.util.cache.Cache;
import org.xmpp.component.Component;
import org.xmpp.packet.JID;

import social.waddle.account.ConnectionSource;
import social.waddle.openfire.muc.ServerIqRoute;
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

    /** Connections to Openfire's database, where the plugin's tables are. */
    ConnectionSource database();

    /**
     * Whether work for the whole cluster (periodic reconcile, lifting expired bans) should run here: on the senior
     * cluster member, or when clustering is not running. Asked each time such work is due.
     */
    boolean runsClusterWideWork();

    /**
     * Openfire's cache {@code name} (listed in the admin console's cache summary), shared by every node when a
     * cluster runs: at most about {@code maxBytes} as Openfire counts them, each entry kept at most
     * {@code maxLifetime}. Keys and values must be JDK types. Undone by {@link #destroyCache(String)}.
     */
    <V> Cache<String, V> createCache(String name, long maxBytes, Duration maxLifetime);

    /** Drops cache {@code name} from Openfire, unless other cluster nodes still use it. */
    void destroyCache(String name);

    /** Lets {@code jid} manage every room of the MUC service (a no-op, logged, when the service does not exist). */
    AutoCloseable grantMucSysadmin(String serviceSubdomain, JID jid);

    AutoCloseable installAuthorization();

    AutoCloseable installSasl();

    /** Refuses XEP-0077 password changes and account removal by ATProto users before Openfire acts on them. */
    AutoCloseable installAccountGuard();

    AutoCloseable replaceProvider(String property, String defaultClassName, Class<?> ours);

    /** Hears the events of every MUC service's rooms ({@code MUCEventDispatcher}). */
    AutoCloseable addMucListener(MUCEventListener listener);

    /** Hears sessions start and end ({@code SessionEventDispatcher}). */
    AutoCloseable addSessionListener(SessionEventListener listener);

    /** Sees every packet before Openfire handles it ({@code InterceptorManager}). */
    AutoCloseable addInterceptor(org.jivesoftware.openfire.interceptor.PacketInterceptor interceptor);

    /** Users' vCards ({@code VCardManager}). */
    social.waddle.openfire.profile.VCardStore vCards();

    /** Routes IQs inside the server on a user's behalf and returns their answers to us ({@code IQRouter}). */
    ServerIqRoute serverIqRoute();
    /**
     * Mounts the public pages under {@code /waddle} on the HTTP-bind port (Openfire 5.x; logged and skipped on 4.x)
     * and gives them the plugin's services. A failure is logged and leaves the rest of the plugin running.
     */
    AutoCloseable installPublicSite(social.waddle.openfire.site.SiteWiring.Parts parts);

    /** Lets the admin console pages reach the plugin: adds what Openfire provides (texts, admin, audit) and installs. */
    AutoCloseable installAdminConsole(ConsoleServices.Builder pluginServices);
}
