package social.waddle.openfire.muc;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Rooms the Waddle component is about to destroy (or may destroy by leaving a room it has just created), so the
 * {@link RoomMirror} can tell its own destructions from anyone else's exactly, rather than by timing: Openfire
 * dispatches the occupants' leaves before the destruction, so "the component was just there" proves nothing.
 */
public final class OwnRoomDestructions {

    /** An expectation nobody claims within this time is forgotten. */
    static final Duration EXPECTATION_LIFETIME = Duration.ofSeconds(30);

    private final Map<String, Instant> expected = new ConcurrentHashMap<>();
    private final Clock clock;

    public OwnRoomDestructions(Clock clock) {
        this.clock = clock;
    }

    /** Called before the component sends a destroy (or leaves a room it has just created). */
    void expect(String roomLocalpart) {
        Instant now = clock.instant();
        expected.values().removeIf(at -> at.plus(EXPECTATION_LIFETIME).isBefore(now));
        expected.put(roomLocalpart, now);
    }

    /** Whether the destruction of this room was the component's own; each expectation is claimed once. */
    boolean claim(String roomLocalpart) {
        Instant at = expected.remove(roomLocalpart);
        return at != null && !at.plus(EXPECTATION_LIFETIME).isBefore(clock.instant());
    }
}
