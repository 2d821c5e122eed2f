package social.waddle.community;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import social.waddle.atproto.syntax.Did;

/**
 * What a Bluesky sync of one Waddle changes, each change with the linked list it is done for: people to add as members,
 * members to remove, people to ban and sync bans to lift; {@code notes} says what it leaves alone and why (an admin on
 * a moderation list, items naming nobody usable). {@code stats} are the per-link counts kept on the link.
 */
public record SyncPlan(
        List<Change> adds,
        List<Change> removals,
        List<Change> bans,
        List<Change> lifts,
        List<String> notes,
        Map<String, LinkStats> stats) {

    /** One change to one person, done by the Bluesky sync of {@code listUri}. */
    public record Change(Did did, String listUri) {
        public Change {
            Objects.requireNonNull(did);
            Objects.requireNonNull(listUri);
        }
    }

    /** What one link counted and caused in a run. */
    public record LinkStats(String name, int people, int added, int removed, int banned) {
    }

    public SyncPlan {
        adds = List.copyOf(adds);
        removals = List.copyOf(removals);
        bans = List.copyOf(bans);
        lifts = List.copyOf(lifts);
        notes = List.copyOf(notes);
        stats = Map.copyOf(stats);
    }

    public boolean isEmpty() {
        return adds.isEmpty() && removals.isEmpty() && bans.isEmpty() && lifts.isEmpty();
    }

    /** One line for logs and the console. */
    public String summary() {
        return adds.size() + " to add, " + removals.size() + " to remove, " + bans.size() + " to ban, " + lifts.size()
                + " bans to lift";
    }
}
