package social.waddle.openfire.muc;

import org.jivesoftware.openfire.XMPPServer;
import org.jivesoftware.openfire.muc.MultiUserChatService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xmpp.packet.JID;

/**
 * Makes a JID a system admin of a MUC service (an owner of every room, allowed to create rooms) and undoes it.
 * Openfire stores the sysadmin list as the service's {@code sysadmin.jid} property, so it survives restarts until
 * undone.
 */
public final class MucSysadmin {

    private static final Logger Log = LoggerFactory.getLogger(MucSysadmin.class);

    private MucSysadmin() {
    }

    /**
     * @return what removes the grant again; does nothing (and logs why) when the service does not exist
     */
    public static AutoCloseable grant(String serviceSubdomain, JID jid) {
        JID bare = new JID(jid.toBareJID());
        MultiUserChatService service = service(serviceSubdomain);
        if (service == null) {
            Log.warn("There is no MUC service '{}': Waddle cannot manage channel rooms until it exists and the plugin "
                    + "is reloaded (setting waddle.muc.service)", serviceSubdomain);
            return () -> { };
        }
        service.addSysadmin(bare);
        Log.info("{} is a system admin of MUC service {}", bare, service.getServiceDomain());
        return () -> {
            MultiUserChatService current = service(serviceSubdomain);
            if (current != null) {
                current.removeSysadmin(bare);
            }
        };
    }

    /** The service's domain, e.g. {@code conference.example.com}, whether or not the service exists. */
    public static String serviceDomain(String serviceSubdomain) {
        return serviceSubdomain + "." + XMPPServer.getInstance().getServerInfo().getXMPPDomain();
    }

    private static MultiUserChatService service(String serviceSubdomain) {
        return XMPPServer.getInstance().getMultiUserChatManager().getMultiUserChatService(serviceSubdomain);
    }
}
