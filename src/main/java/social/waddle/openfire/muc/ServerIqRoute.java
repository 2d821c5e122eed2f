package social.waddle.openfire.muc;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

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

    /**
     * Routes {@code request} (its id already set) and waits for the answer.
     *
     * @throws TimeoutException     no answer within {@code timeout}
     * @throws InterruptedException the waiting thread was interrupted
     */
    default IQ ask(IQ request, Duration timeout) throws TimeoutException, InterruptedException {
        CompletableFuture<IQ> answer = new CompletableFuture<>();
        route(request, new IQResultListener() {
            @Override
            public void receivedAnswer(IQ packet) {
                answer.complete(packet);
            }

            @Override
            public void answerTimeout(String packetId) {
                answer.completeExceptionally(new TimeoutException("No answer to " + packetId + " within " + timeout));
            }
        }, timeout);
        try {
            return answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof TimeoutException timedOut) {
                throw timedOut;
            }
            throw new IllegalStateException("Routing " + request.getID() + " failed", e.getCause());
        }
    }
}
