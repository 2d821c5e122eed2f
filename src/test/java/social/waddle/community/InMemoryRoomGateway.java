package social.waddle.community;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import social.waddle.community.rooms.Affiliation;
import social.waddle.community.rooms.RoomGateway;
import social.waddle.community.rooms.RoomGatewayException;
import social.waddle.community.rooms.RoomSpec;
import social.waddle.community.rooms.RoomState;

/**
 * A MUC service in memory behind the {@link RoomGateway} contract: rooms as plain state, changes reported in the
 * words of the XMPP gateway. Tests can change rooms behind its back, make rooms refuse, and hold operations.
 */
final class InMemoryRoomGateway implements RoomGateway {

    static final String SERVICE = "conference.example.com";

    private final Map<String, RoomState> rooms = new TreeMap<>();
    private final Set<String> refusing = new TreeSet<>();
    private boolean unreachable;
    private CountDownLatch gate = new CountDownLatch(0);
    /** "apply x" / "destroy x" with the thread that did it, in order. */
    final List<String> operations = new CopyOnWriteArrayList<>();
    final Set<String> threads = java.util.concurrent.ConcurrentHashMap.newKeySet();

    synchronized void refuse(String localpart) {
        refusing.add(localpart);
    }

    synchronized void accept(String localpart) {
        refusing.remove(localpart);
    }

    synchronized void unreachable(boolean down) {
        unreachable = down;
    }

    /** Operations wait until {@link #open()} is called. */
    synchronized void close() {
        gate = new CountDownLatch(1);
    }

    synchronized void open() {
        gate.countDown();
    }

    synchronized void put(RoomState room) {
        rooms.put(room.localpart(), room);
    }

    synchronized Optional<RoomState> room(String localpart) {
        return Optional.ofNullable(rooms.get(localpart));
    }

    synchronized Set<String> localparts() {
        return new TreeSet<>(rooms.keySet());
    }

    long count(String operationPrefix) {
        return operations.stream().filter(operation -> operation.startsWith(operationPrefix)).count();
    }

    @Override
    public String roomJid(String localpart) {
        return localpart + "@" + SERVICE;
    }

    @Override
    public synchronized Set<String> rooms() throws RoomGatewayException {
        if (unreachable) {
            throw new RoomGatewayException("Service " + SERVICE + ": no answer to disco#items");
        }
        return new TreeSet<>(rooms.keySet());
    }

    @Override
    public synchronized Optional<RoomState> read(String localpart) {
        return Optional.ofNullable(rooms.get(localpart));
    }

    @Override
    public List<String> apply(RoomSpec spec) throws RoomGatewayException {
        pass("apply " + spec.localpart());
        synchronized (this) {
            check(spec.localpart());
            List<String> changes = new ArrayList<>();
            RoomState current = rooms.get(spec.localpart());
            if (current == null) {
                changes.add("created");
                current = new RoomState(spec.localpart(), spec.localpart(), "", false, false, false, true,
                        Optional.empty(), Map.of());
            }
            describe(changes, "name", current.name(), spec.name());
            describe(changes, "description", current.description(), spec.description());
            describe(changes, "members-only", current.membersOnly(), spec.membersOnly());
            describe(changes, "moderated", current.moderated(), spec.moderated());
            describe(changes, "persistent", current.persistent(), spec.persistent());
            describe(changes, "public", current.publicRoom(), spec.publicRoom());
            Map<String, Affiliation> before = new TreeMap<>(current.affiliations());
            for (Map.Entry<String, Affiliation> wanted : new TreeMap<>(spec.affiliations()).entrySet()) {
                Affiliation now = before.getOrDefault(wanted.getKey(), Affiliation.NONE);
                if (now != wanted.getValue()) {
                    changes.add(wanted.getKey() + ": " + now.wireName() + " → " + wanted.getValue().wireName());
                }
            }
            before.forEach((jid, affiliation) -> {
                if (!spec.affiliations().containsKey(jid)) {
                    changes.add(jid + ": " + affiliation.wireName() + " → none");
                }
            });
            rooms.put(spec.localpart(), new RoomState(spec.localpart(), spec.name(), spec.description(),
                    spec.membersOnly(), spec.moderated(), spec.persistent(), spec.publicRoom(), current.subject(),
                    new HashMap<>(spec.affiliations())));
            return changes;
        }
    }

    @Override
    public void destroy(String localpart, String reason) throws RoomGatewayException {
        pass("destroy " + localpart);
        synchronized (this) {
            check(localpart);
            rooms.remove(localpart);
        }
    }

    private void pass(String operation) throws RoomGatewayException {
        operations.add(operation);
        threads.add(Thread.currentThread().getName());
        CountDownLatch waitFor;
        synchronized (this) {
            waitFor = gate;
        }
        try {
            waitFor.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RoomGatewayException("Interrupted during " + operation, e);
        }
    }

    private void check(String localpart) throws RoomGatewayException {
        if (unreachable) {
            throw new RoomGatewayException("Room " + roomJid(localpart) + ": no answer within 15000 ms");
        }
        if (refusing.contains(localpart)) {
            throw new RoomGatewayException("Room " + roomJid(localpart) + ": join (presence) refused: forbidden");
        }
    }

    private static void describe(List<String> changes, String what, Object from, Object to) {
        if (!from.equals(to)) {
            changes.add("set " + what + ": " + from + " → " + to);
        }
    }
}
