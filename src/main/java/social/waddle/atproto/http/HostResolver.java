package social.waddle.atproto.http;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * Turns a host name into the addresses the outbound-address check inspects. The JDK resolver is the default;
 * tests substitute their own to make a name resolve to a forbidden address.
 */
@FunctionalInterface
public interface HostResolver {

    /** @throws UnknownHostException if the name has no address */
    List<InetAddress> resolve(String host) throws UnknownHostException;

    static HostResolver system() {
        return host -> List.of(InetAddress.getAllByName(host));
    }
}
