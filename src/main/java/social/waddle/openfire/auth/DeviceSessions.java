package social.waddle.openfire.auth;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

import org.jivesoftware.openfire.session.LocalSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which of this node's client sessions logged in with which device password, so revoking the password ends them.
 *
 * <p>Filled by {@link ContextualPlainSasl} when a PLAIN exchange proved with a device password completes: the SASL
 * properties carry the {@link LocalSession} of the stream (Openfire 4.2.0 and 5.x alike), which is the session that
 * binds a resource afterwards. Sessions are held weakly and closed ones are dropped on each registration, so the map
 * never keeps a session alive. Only this node's sessions are known: a revocation made here ends them at once
 * ({@link #endSessionsOf}); one made on another cluster node (or straight in the database) is found by the periodic
 * {@link #endRevoked} sweep, which asks the shared database whether each tracked password still exists.
 */
public final class DeviceSessions {

    private static final Logger Log = LoggerFactory.getLogger(DeviceSessions.class);
    private static final Map<String, List<WeakReference<LocalSession>>> byPassword = new ConcurrentHashMap<>();

    private DeviceSessions() {
    }

    static void register(String devicePasswordId, LocalSession session) {
        byPassword.values().forEach(sessions -> sessions.removeIf(DeviceSessions::gone));
        byPassword.values().removeIf(List::isEmpty);
        byPassword.computeIfAbsent(devicePasswordId, id -> new CopyOnWriteArrayList<>()).add(new WeakReference<>(session));
    }

    /** Ends this node's sessions that logged in with the password; @return how many were open */
    public static int endSessionsOf(String devicePasswordId) {
        List<WeakReference<LocalSession>> sessions = byPassword.remove(devicePasswordId);
        if (sessions == null) {
            return 0;
        }
        List<LocalSession> open = new ArrayList<>();
        for (WeakReference<LocalSession> reference : sessions) {
            LocalSession session = reference.get();
            if (session != null && !session.isClosed()) {
                open.add(session);
            }
        }
        for (LocalSession session : open) {
            try {
                session.close();
            } catch (RuntimeException e) {
                Log.warn("Could not end session {} of revoked device password {}", session.getAddress(), devicePasswordId, e);
            }
        }
        if (!open.isEmpty()) {
            Log.info("Ended {} session(s) that logged in with revoked device password {}", open.size(), devicePasswordId);
        }
        return open.size();
    }

    /**
     * Ends this node's sessions whose device password no longer exists; a password the check cannot answer for (the
     * database is down) keeps its sessions until the next sweep.
     *
     * @return how many sessions were ended
     */
    public static int endRevoked(Predicate<String> stillExists) {
        byPassword.values().forEach(sessions -> sessions.removeIf(DeviceSessions::gone));
        byPassword.values().removeIf(List::isEmpty);
        int ended = 0;
        for (String id : List.copyOf(byPassword.keySet())) {
            boolean exists;
            try {
                exists = stillExists.test(id);
            } catch (RuntimeException e) {
                Log.warn("Could not check whether device password {} still exists; its sessions stay until the next check",
                        id, e);
                continue;
            }
            if (!exists) {
                ended += endSessionsOf(id);
            }
        }
        return ended;
    }

    /** @return the undo action: forgets every tracked session (the plugin stops) */
    public static AutoCloseable install() {
        return byPassword::clear;
    }

    private static boolean gone(WeakReference<LocalSession> reference) {
        LocalSession session = reference.get();
        return session == null || session.isClosed();
    }
}
