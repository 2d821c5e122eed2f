package social.waddle.compat.traps;

import org.jivesoftware.openfire.interceptor.PacketInterceptor;

/** Control: a lambda implementing an Openfire interface whose only abstract method is the same in both versions. */
public final class LambdaInterceptor {

    public PacketInterceptor dropNothing() {
        return (packet, session, incoming, processed) -> {
        };
    }
}
