package social.waddle.openfire.muc;

import java.time.Duration;

import org.xmpp.component.IQResultListener;
import org.xmpp.packet.IQ;

/**
 * Routes an IQ request inside the server, as if its {@code from} had sent it, and hands its answer to
 * {@code answer}. On Openfire: {@code IQRouter.addIQResultListener(id, …)} then {@code IQRouter.route}; the router
 * gives every result or error IQ whose id has a listener to that listener instead of delivering it, whoever it is
 * addressed to (4.2.0 and 5.x alike), so the user never sees the answers to requests made on their behalf.
 */
@FunctionalInterface
public interface ServerIqRoute {

    void route(IQ request, IQResultListener answer, Duration timeout);
}
