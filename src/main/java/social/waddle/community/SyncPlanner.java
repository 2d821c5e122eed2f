package social.waddle.community;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import social.waddle.atproto.syntax.Did;

/**
 * Computes a {@link SyncPlan} from a Waddle's state and what its linked lists name, without side effects.
 *
 * <p>Rules: a ban always wins over membership; the owner and admins are never removed or banned; moderation lists and
 * blocks ban their people and the bans a sync made are lifted once nobody's list names them any more (bans made by
 * hand are left alone); members lists add their people, and remove the members a sync added once no list names them
 * (people added by hand stay), or, when one of them is {@link SyncMode#EXACT}, every member below admin that no list
 * names.
 */
final class SyncPlanner {

    private SyncPlanner() {
    }

    static SyncPlan plan(Waddle waddle, List<Member> members, List<Ban> bans, Map<Did, String> syncAdded,
                         List<FetchedList> lists, Instant now) {
        Map<Did, Member> memberOf = new HashMap<>();
        members.forEach(member -> memberOf.put(member.did(), member));
        Set<Did> protectedPeople = new HashSet<>();
        protectedPeople.add(waddle.owner());
        members.stream().filter(member -> member.role().atLeast(Role.ADMIN)).forEach(member -> protectedPeople.add(member.did()));
        Map<Did, Ban> activeBans = new HashMap<>();
        bans.stream().filter(ban -> ban.activeAt(now)).forEach(ban -> activeBans.put(ban.did(), ban));

        List<FetchedList> ordered = new ArrayList<>(lists);
        ordered.sort(Comparator.comparingLong(fetched -> fetched.link().id()));
        Map<Did, String> banned = new LinkedHashMap<>();
        Map<Did, String> wanted = new LinkedHashMap<>();
        boolean exact = false;
        String exactUri = null;
        List<String> notes = new ArrayList<>();
        for (FetchedList fetched : ordered) {
            Map<Did, String> target = fetched.link().kind().bans() ? banned : wanted;
            fetched.people().stream().sorted(Comparator.comparing(Did::toString))
                    .forEach(did -> target.putIfAbsent(did, fetched.link().uri()));
            if (fetched.link().kind() == LinkKind.MEMBERS && fetched.link().mode() == SyncMode.EXACT && !exact) {
                exact = true;
                exactUri = fetched.link().uri();
            }
            if (fetched.ignored() > 0) {
                notes.add(fetched.link().uri() + ": " + fetched.ignored() + " item(s) name nobody who can be a member"
                        + (fetched.ignoredExamples().isEmpty() ? "" : " (" + String.join("; ", fetched.ignoredExamples()) + ")"));
            }
        }

        List<SyncPlan.Change> newBans = new ArrayList<>();
        for (Map.Entry<Did, String> entry : banned.entrySet()) {
            Did did = entry.getKey();
            if (protectedPeople.contains(did)) {
                notes.add(entry.getValue() + " names " + did + ", who is the owner or an admin: not banned");
            } else if (!activeBans.containsKey(did)) {
                newBans.add(new SyncPlan.Change(did, entry.getValue()));
            }
        }
        List<SyncPlan.Change> lifts = new ArrayList<>();
        for (Ban ban : activeBans.values()) {
            if (ban.bannedBy() instanceof Actor.BlueskySync sync && !banned.containsKey(ban.did())) {
                lifts.add(new SyncPlan.Change(ban.did(), sync.listUri()));
            }
        }
        lifts.sort(Comparator.comparing(change -> change.did().toString()));
        Set<Did> bannedAfter = new HashSet<>(activeBans.keySet());
        lifts.forEach(change -> bannedAfter.remove(change.did()));
        newBans.forEach(change -> bannedAfter.add(change.did()));

        List<SyncPlan.Change> adds = new ArrayList<>();
        for (Map.Entry<Did, String> entry : wanted.entrySet()) {
            if (!bannedAfter.contains(entry.getKey()) && !memberOf.containsKey(entry.getKey())) {
                adds.add(new SyncPlan.Change(entry.getKey(), entry.getValue()));
            }
        }
        List<SyncPlan.Change> removals = new ArrayList<>();
        List<Member> sorted = new ArrayList<>(members);
        sorted.sort(Comparator.comparing(member -> member.did().toString()));
        for (Member member : sorted) {
            Did did = member.did();
            if (wanted.containsKey(did) || bannedAfter.contains(did) || protectedPeople.contains(did)) {
                continue;
            }
            Optional<String> addedBy = Optional.ofNullable(syncAdded.get(did));
            if (addedBy.isPresent() && member.role() == Role.MEMBER) {
                removals.add(new SyncPlan.Change(did, addedBy.get()));
            } else if (exact) {
                removals.add(new SyncPlan.Change(did, addedBy.orElse(exactUri)));
            }
        }

        Map<String, SyncPlan.LinkStats> stats = new HashMap<>();
        for (FetchedList fetched : ordered) {
            String uri = fetched.link().uri();
            int added = (int) adds.stream().filter(change -> change.listUri().equals(uri)).count();
            int removed = (int) (removals.stream().filter(change -> change.listUri().equals(uri)).count()
                    + lifts.stream().filter(change -> change.listUri().equals(uri)).count());
            int newlyBanned = (int) newBans.stream().filter(change -> change.listUri().equals(uri)).count();
            stats.put(uri, new SyncPlan.LinkStats(fetched.name(), fetched.people().size(), added, removed, newlyBanned));
        }
        return new SyncPlan(adds, removals, newBans, lifts, notes, stats);
    }
}
