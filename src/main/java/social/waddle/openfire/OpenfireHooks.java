package social.waddle.openfire;

import org.jivesoftware.database.DbConnectionManager;
import org.jivesoftware.openfire.cluster.ClusterManager;
import org.jivesoftware.openfire.component.InternalComponentManager;
import org.jivesoftware.openfire.interceptor.InterceptorManager;
import org.jivesoftware.openfire.XMPPServer;
import org.xmpp.component.Component;
import org.xmpp.packet.JID;

import social.waddle.account.ConnectionSource;
import social.waddle.openfire.auth.AtprotoAuthorization;
import social.waddle.openfire.auth.AuthorizationHooks;
import social.waddle.openfire.auth.AtprotoAccountGuard;
import social.waddle.openfire.auth.ContextualPlainSasl;
import social.waddle.openfire.auth.PreviousProviders;
import social.waddle.openfire.muc.MucSysadmin;
import social.waddle.settings.PropertyStore;
import social.waddle.settings.Settings;

/** {@link PluginHooks} on the running Openfire. */
final class OpenfireHooks implements PluginHooks {

    @Override
    public PropertyStore properties() {
        return new OpenfirePropertyStore();
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
        return PreviousProviders.replace(property, defaultClassName, ours);
    }
}
