package social.waddle.openfire;

import java.time.Duration;

import org.jivesoftware.database.DbConnectionManager;
import org.jivesoftware.openfire.cluster.ClusterManager;
import org.jivesoftware.openfire.component.InternalComponentManager;
import org.jivesoftware.openfire.event.SessionEventDispatcher;
import org.jivesoftware.openfire.event.SessionEventListener;
import org.jivesoftware.openfire.interceptor.InterceptorManager;
import org.jivesoftware.openfire.XMPPServer;
import org.jivesoftware.openfire.muc.MUCEventDispatcher;
import org.jivesoftware.openfire.muc.MUCEventListener;
import org.jivesoftware.util.cache.Cache;
import org.jivesoftware.util.cache.CacheFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xmpp.component.Component;
import org.xmpp.packet.JID;

import social.waddle.account.ConnectionSource;
import social.waddle.openfire.auth.AtprotoAuthorization;
import social.waddle.openfire.auth.AuthorizationHooks;
import social.waddle.openfire.auth.AtprotoAccountGuard;
import social.waddle.openfire.auth.ContextualPlainSasl;
import social.waddle.openfire.auth.PreviousProviders;
import social.waddle.openfire.muc.MucSysadmin;
import social.waddle.openfire.muc.OpenfireServerIqRoute;
import social.waddle.openfire.muc.ServerIqRoute;
import social.waddle.openfire.web.OpenfireAudit;
import social.waddle.openfire.web.OpenfireConsoleUsers;
import social.waddle.openfire.web.OpenfireMessages;
import social.waddle.openfire.web.ProviderClassesFilter;
import social.waddle.settings.PropertyStore;
import social.waddle.settings.Settings;
import social.waddle.web.ConsoleServices;

/** {@link PluginHooks} on the running Openfire. */
final class OpenfireHooks implements PluginHooks {

    private static final Logger Log = LoggerFactory.getLogger(OpenfireHooks.class);

    @Override
    public PropertyStore properties() {
        return OpenfirePropertyStore.withXmlFallback();
    }

    @Override
    public AutoCloseable forwardPropertyChanges(Settings settings) {
        return OpenfirePropertyStore.forwardChanges(settings);
    }

    @Override
    public AutoCloseable addComponent(String subdomain, Component component) throws Exception {
        InternalComponentManager components = InternalComponentManager.getInstance();
        components.addComponent(subdomain, component);
        return () -> components.removeComponent(subdomain, component);
    }

    @Override
    public AutoCloseable installAuthorization() {
        return AuthorizationHooks.install(new AtprotoAuthorization());
    }

    @Override
    public AutoCloseable installSasl() {
        return ContextualPlainSasl.install();
    }

    @Override
    public String xmppDomain() {
        return XMPPServer.getInstance().getServerInfo().getXMPPDomain();
    }

    @Override
    public ConnectionSource database() {
        return DbConnectionManager::getConnection;
    }

    /** {@code isSeniorClusterMember()} and {@code isClusteringStarted()} exist in 4.2.0 and 5.1.1 alike. */
    @Override
    public boolean runsClusterWideWork() {
        return !ClusterManager.isClusteringStarted() || ClusterManager.isSeniorClusterMember();
    }

    /**
     * Size and lifetime go through {@code CacheFactory}'s properties ({@code cache.<name without spaces>.size} and
     * {@code .maxLifetime}): {@code Cache.setMaxCacheSize} takes an int in 4.2.0 and a long in 5.x, and a clustered
     * cache reads both when it is created. Setting them again on each start keeps what correctness relies on.
     */
    @Override
    public <V> Cache<String, V> createCache(String name, long maxBytes, Duration maxLifetime) {
        CacheFactory.setMaxSizeProperty(name, maxBytes);
        CacheFactory.setMaxLifetimeProperty(name, maxLifetime.toMillis());
        Cache<String, V> cache = CacheFactory.createCache(name);
        if (cache.getMaxLifetime() != maxLifetime.toMillis()) {
            cache.setMaxLifetime(maxLifetime.toMillis());
        }
        return cache;
    }

    /**
     * On a cluster, destroying a cache destroys it for every node (Hazelcast destroys the distributed map), which
     * would wipe the replay protection of the nodes still running: there it is left to expire, holding JDK types only.
     */
    @Override
    public void destroyCache(String name) {
        if (ClusterManager.isClusteringStarted()) {
            Log.info("Leaving cache '{}' to the other cluster nodes; its entries expire on their own", name);
            return;
        }
        CacheFactory.destroyCache(name);
    }

    @Override
    public AutoCloseable grantMucSysadmin(String serviceSubdomain, JID jid) {
        return MucSysadmin.grant(serviceSubdomain, jid);
    }

    @Override
    public AutoCloseable installAccountGuard() {
        InterceptorManager interceptors = InterceptorManager.getInstance();
        AtprotoAccountGuard guard = new AtprotoAccountGuard();
        interceptors.addInterceptor(guard);
        return () -> interceptors.removeInterceptor(guard);
    }

    @Override
    public AutoCloseable replaceProvider(String property, String defaultClassName, Class<?> ours) {
        PreviousProviders.startFactoriesListening();
        AutoCloseable replaced = PreviousProviders.replace(property, defaultClassName, ours);
        // Openfire 5.x resolves the property's class on its System Properties page, where it cannot see ours.
        AutoCloseable shown = ProviderClassesFilter.show(ours);
        return () -> {
            try {
                shown.close();
            } finally {
                replaced.close();
            }
        };
    }

    @Override
    public AutoCloseable addMucListener(MUCEventListener listener) {
        MUCEventDispatcher.addListener(listener);
        return () -> MUCEventDispatcher.removeListener(listener);
    }

    @Override
    public AutoCloseable addSessionListener(SessionEventListener listener) {
        SessionEventDispatcher.addListener(listener);
        return () -> SessionEventDispatcher.removeListener(listener);
    }

    @Override
    public AutoCloseable addInterceptor(org.jivesoftware.openfire.interceptor.PacketInterceptor interceptor) {
        InterceptorManager interceptors = InterceptorManager.getInstance();
        interceptors.addInterceptor(interceptor);
        return () -> interceptors.removeInterceptor(interceptor);
    }

    @Override
    public social.waddle.openfire.profile.VCardStore vCards() {
        return new social.waddle.openfire.profile.OpenfireVCardStore();
    }

    @Override
    public ServerIqRoute serverIqRoute() {
        return new OpenfireServerIqRoute();
    }

    @Override
    public AutoCloseable installAdminConsole(ConsoleServices.Builder pluginServices) {
        return ConsoleServices.install(pluginServices
                .messages(new OpenfireMessages())
                .users(new OpenfireConsoleUsers())
                .audit(new OpenfireAudit())
                .build());
    }

    @Override
    public AutoCloseable installPublicSite(social.waddle.openfire.site.SiteWiring.Parts parts) {
        // The pages are an addition: if they cannot be mounted, logins, Waddles and the console keep running.
        try {
            return social.waddle.openfire.site.SiteWiring.install(parts);
        } catch (Exception | LinkageError e) {
            Log.error("The public Waddle pages could not be mounted; everything else runs without them", e);
            return () -> { };
        }
    }
}
