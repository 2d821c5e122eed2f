package social.waddle.openfire.muc;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

import org.xmpp.component.ComponentException;
import org.xmpp.packet.IQ;
import org.xmpp.packet.JID;
import org.xmpp.packet.Message;
import org.xmpp.packet.Packet;
import org.xmpp.packet.Presence;

/**
 * Request/response over a component's outbound stanza path: an IQ is answered by the IQ result or error with the
 * same id from the entity it was sent to (RFC 6120 §8.2.3); a presence or message is answered by the first incoming
 * stanza of its kind a caller-given predicate accepts. The component hands every incoming stanza to {@link #accept}; what nobody waits
 * for is left to the component.
 *
 * <p>Waiters are registered before the stanza is sent, because Openfire may deliver the answer to an internal
 * component on the sending thread, before {@code sendPacket} returns.
 */
public final class StanzaExchange implements AutoCloseable {

    /** Sends a stanza on behalf of the component (its {@code ComponentManager.sendPacket}). */
    @FunctionalInterface
    public interface Sender {
        void send(Packet packet) throws ComponentException;
    }

    /** The stanza could not be sent, or the exchange was closed while waiting. */
    public static final class ExchangeFailedException extends Exception {
        ExchangeFailedException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private record PendingIq(JID peer, CompletableFuture<IQ> reply) {
    }

    private record PresenceWaiter(Predicate<Presence> matches, CompletableFuture<Presence> answer) {
    }

    private record MessageWaiter(Predicate<Message> matches, CompletableFuture<Message> answer) {
    }

    private final Sender sender;
    private final Duration timeout;
    private final String idPrefix = "waddle-" + UUID.randomUUID().toString().substring(0, 8) + "-";
    private final AtomicLong nextId = new AtomicLong();
    private final ConcurrentMap<String, PendingIq> pendingIqs = new ConcurrentHashMap<>();
    private final List<PresenceWaiter> presenceWaiters = new CopyOnWriteArrayList<>();
    private final List<MessageWaiter> messageWaiters = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    public StanzaExchange(Sender sender, Duration timeout) {
        this.sender = Objects.requireNonNull(sender);
        this.timeout = Objects.requireNonNull(timeout);
    }

    public Duration timeout() {
        return timeout;
    }

    /**
     * Sends {@code request} (a get or set; its id is replaced by a fresh one) and returns the reply, which may be of
     * type error.
     */
    public IQ query(IQ request) throws ExchangeFailedException, TimeoutException, InterruptedException {
        if (request.getType() != IQ.Type.get && request.getType() != IQ.Type.set) {
            throw new IllegalArgumentException("Only get and set IQs expect a reply: " + request.toXML());
        }
        Objects.requireNonNull(request.getTo(), "An IQ request needs an addressee");
        String id = idPrefix + nextId.incrementAndGet();
        request.setID(id);
        PendingIq pending = new PendingIq(request.getTo(), new CompletableFuture<>());
        pendingIqs.put(id, pending);
        try {
            send(request);
            return await(pending.reply(), "a reply to IQ " + id + " from " + request.getTo());
        } finally {
            pendingIqs.remove(id);
        }
    }

    /** Sends {@code presence} and returns the first incoming presence {@code answer} accepts. */
    public Presence exchange(Presence presence, Predicate<Presence> answer)
            throws ExchangeFailedException, TimeoutException, InterruptedException {
        PresenceWaiter waiter = new PresenceWaiter(answer, new CompletableFuture<>());
        presenceWaiters.add(waiter);
        try {
            send(presence);
            return await(waiter.answer(), "a presence answering " + presence.getTo());
        } finally {
            presenceWaiters.remove(waiter);
        }
    }

    /** Sends {@code message} and returns the first incoming message {@code answer} accepts. */
    public Message exchange(Message message, Predicate<Message> answer)
            throws ExchangeFailedException, TimeoutException, InterruptedException {
        MessageWaiter waiter = new MessageWaiter(answer, new CompletableFuture<>());
        messageWaiters.add(waiter);
        try {
            send(message);
            return await(waiter.answer(), "a message answering " + message.getTo());
        } finally {
            messageWaiters.remove(waiter);
        }
    }

    /**
     * Completes whoever waits for {@code packet}.
     *
     * @return whether the packet was an awaited answer (the component must then not handle it itself)
     */
    public boolean accept(Packet packet) {
        if (packet instanceof IQ iq && (iq.getType() == IQ.Type.result || iq.getType() == IQ.Type.error)) {
            PendingIq pending = iq.getID() == null ? null : pendingIqs.get(iq.getID());
            if (pending == null || !comesFrom(iq, pending.peer())) {
                return false;
            }
            return pending.reply().complete(iq);
        }
        if (packet instanceof Presence presence) {
            boolean answered = false;
            for (PresenceWaiter waiter : presenceWaiters) {
                if (!waiter.answer().isDone() && waiter.matches().test(presence)) {
                    answered |= waiter.answer().complete(presence);
                }
            }
            return answered;
        }
        if (packet instanceof Message message) {
            boolean answered = false;
            for (MessageWaiter waiter : messageWaiters) {
                if (!waiter.answer().isDone() && waiter.matches().test(message)) {
                    answered |= waiter.answer().complete(message);
                }
            }
            return answered;
        }
        return false;
    }

    /** Fails every pending exchange; later ones fail at once. */
    @Override
    public void close() {
        closed = true;
        ExchangeFailedException stopped = new ExchangeFailedException("The Waddle component stopped", null);
        pendingIqs.values().forEach(pending -> pending.reply().completeExceptionally(stopped));
        presenceWaiters.forEach(waiter -> waiter.answer().completeExceptionally(stopped));
        messageWaiters.forEach(waiter -> waiter.answer().completeExceptionally(stopped));
    }

    private void send(Packet packet) throws ExchangeFailedException {
        if (closed) {
            throw new ExchangeFailedException("The Waddle component stopped", null);
        }
        try {
            sender.send(packet);
        } catch (ComponentException | RuntimeException e) {
            throw new ExchangeFailedException("Could not send to " + packet.getTo() + ": " + e.getMessage(), e);
        }
    }

    private <T> T await(CompletableFuture<T> answer, String what)
            throws ExchangeFailedException, TimeoutException, InterruptedException {
        try {
            return answer.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new TimeoutException("No " + what + " within " + timeout.toMillis() + " ms");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof ExchangeFailedException failed) {
                throw failed;
            }
            throw new ExchangeFailedException("Waiting for " + what + " failed: " + e.getCause(), e.getCause());
        }
    }

    /** Only the addressee may answer: a reply with the right id from anyone else is not ours (RFC 6120 §8.2.3). */
    private static boolean comesFrom(IQ reply, JID peer) {
        return reply.getFrom() != null && reply.getFrom().equals(peer);
    }
}
