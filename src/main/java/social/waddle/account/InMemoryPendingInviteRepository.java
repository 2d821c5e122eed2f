package social.waddle.account;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** {@link PendingInviteRepository} in one node's memory: for tests and for a server without the plugin's tables. */
public final class InMemoryPendingInviteRepository implements PendingInviteRepository {

    private final Map<String, Map<String, Instant>> byDid = new HashMap<>();

    @Override
    public synchronized void remember(String did, String code, Instant openedAt) {
        Map<String, Instant> opened = byDid.computeIfAbsent(did, any -> new HashMap<>());
        opened.put(code, openedAt);
        List<PendingInvite> newestFirst = of(did);
        for (PendingInvite old : newestFirst.subList(Math.min(MAX_PER_PERSON, newestFirst.size()), newestFirst.size())) {
            opened.remove(old.code());
        }
    }

    @Override
    public synchronized List<PendingInvite> of(String did) {
        List<PendingInvite> invites = new ArrayList<>();
        byDid.getOrDefault(did, Map.of()).forEach((code, at) -> invites.add(new PendingInvite(did, code, at)));
        invites.sort(NEWEST_FIRST);
        return invites;
    }

    @Override
    public synchronized void forget(String did, String code) {
        Map<String, Instant> opened = byDid.get(did);
        if (opened != null) {
            opened.remove(code);
            if (opened.isEmpty()) {
                byDid.remove(did);
            }
        }
    }

    static final Comparator<PendingInvite> NEWEST_FIRST = Comparator.comparing(PendingInvite::openedAt).reversed()
            .thenComparing(PendingInvite::code);
}
