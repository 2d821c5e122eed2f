package social.waddle.community;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * What one {@link Provisioner#reconcile()} found and did: per channel room whether it was created, repaired (with the
 * changes made), already right, or could not be brought to its spec; the rooms of the service that look like Waddle
 * rooms but belong to no channel (reported, never deleted); and what could not be checked at all.
 */
public record ReconcileReport(Instant startedAt, Duration duration, int waddles, List<RoomReport> rooms,
                              List<String> unmanagedRooms, List<String> errors) {

    /** Changes listed per room in {@link #toLines()}; the rest are counted. */
    static final int LISTED_CHANGES = 25;

    public enum Outcome {
        CREATED, REPAIRED, OK, FAILED
    }

    /** One channel's room; {@code room} is its localpart. */
    public record RoomReport(String room, WaddleSlug waddle, ChannelSlug channel, Outcome outcome, List<String> changes,
                             Optional<String> error, Duration duration) {

        public RoomReport {
            Objects.requireNonNull(room);
            Objects.requireNonNull(outcome);
            changes = List.copyOf(changes);
            Objects.requireNonNull(error);
            Objects.requireNonNull(duration);
        }

        String toLine() {
            String line = outcome.name().toLowerCase(Locale.ROOT) + " " + room + " (" + duration.toMillis() + " ms)";
            if (changes.size() > LISTED_CHANGES) {
                // A new room of a large Waddle has one change per member: the report stays readable.
                line += ": " + String.join("; ", changes.subList(0, LISTED_CHANGES)) + "; … and "
                        + (changes.size() - LISTED_CHANGES) + " more";
            } else if (!changes.isEmpty()) {
                line += ": " + String.join("; ", changes);
            }
            return error.map(message -> "failed " + room + " (" + duration.toMillis() + " ms): " + message).orElse(line);
        }
    }

    public ReconcileReport {
        Objects.requireNonNull(startedAt);
        Objects.requireNonNull(duration);
        rooms = List.copyOf(rooms);
        unmanagedRooms = List.copyOf(unmanagedRooms);
        errors = List.copyOf(errors);
    }

    public long count(Outcome outcome) {
        return rooms.stream().filter(room -> room.outcome() == outcome).count();
    }

    public Optional<RoomReport> room(String localpart) {
        return rooms.stream().filter(room -> room.room().equals(localpart)).findFirst();
    }

    /** True when every room was already as specified and everything could be checked. */
    public boolean allInOrder() {
        return errors.isEmpty() && rooms.stream().allMatch(room -> room.outcome() == Outcome.OK);
    }

    public String summary() {
        return "Reconciled " + rooms.size() + " channel room(s) of " + waddles + " Waddle(s) in " + duration.toMillis()
                + " ms (started " + startedAt + "): " + count(Outcome.CREATED) + " created, " + count(Outcome.REPAIRED)
                + " repaired, " + count(Outcome.OK) + " ok, " + count(Outcome.FAILED) + " failed; "
                + unmanagedRooms.size() + " unmanaged room(s)" + (errors.isEmpty() ? "" : "; " + errors.size() + " error(s)");
    }

    /** The summary, then one line per room, unmanaged room and error, for admins and logs. */
    public List<String> toLines() {
        List<String> lines = new ArrayList<>();
        lines.add(summary());
        rooms.forEach(room -> lines.add(room.toLine()));
        unmanagedRooms.forEach(room -> lines.add("unmanaged " + room + ": named like a Waddle channel room, but no "
                + "channel uses it (left as it is)"));
        errors.forEach(error -> lines.add("error: " + error));
        return lines;
    }

    public String toText() {
        return String.join(System.lineSeparator(), toLines());
    }
}
