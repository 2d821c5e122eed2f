package social.waddle.community;

import static social.waddle.community.WaddleException.Reason.CONFLICT;
import static social.waddle.community.WaddleException.Reason.INVALID;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import social.waddle.atproto.AtprotoException;
import social.waddle.atproto.graph.BlueskyList;
import social.waddle.atproto.graph.GraphPeople;
import social.waddle.atproto.graph.GraphRef;
import social.waddle.atproto.graph.ListPurpose;
import social.waddle.atproto.syntax.Did;

/**
 * Links Bluesky lists to Waddles and syncs them: reads every linked list of a Waddle in full first, and only when all
 * were read applies the plan through {@link WaddleService#applyListSync} in one transaction. A run that fails while
 * reading changes nothing but the links' last error; one that fails while applying is rolled back; either way the next
 * run starts again from what Bluesky and the Waddle hold then, so it converges. One run per Waddle at a time.
 *
 * <p>Incremental where the records allow: each run first asks the revision of the list owner's repository
 * ({@code com.atproto.sync.getLatestCommit}, one call). Every commit changes it, so when it equals the revision of the
 * last read of that link (remembered in memory, at most {@value #MAX_REMEMBERED_PEOPLE} people in all) the list, its
 * items and the blocks are as they were, and the run plans from that read without calling {@code listRecords}. The plan
 * is still made against the Waddle as it is now. A changed revision reads the list in full: {@code listRecords} shows
 * no deletions, so nothing less would be correct. After a restart, or on another cluster node, the first run reads in
 * full.
 *
 * <p>The people a run is about to add are resolved first ({@link ListSource#whyUnresolvable}, one DID document each,
 * through the identity cache): a DID that does not resolve is skipped with its reason (counted on the link as skipped,
 * never added); a resolver that does not answer stops the run, which then changes nothing.
 */
public final class ListSync {

    private static final Logger Log = LoggerFactory.getLogger(ListSync.class);

    /** Typed into the link form instead of a list: the owner's own blocks. */
    public static final String BLOCKS_INPUT = "blocks";
    /** Failed runs in a row double the wait before the next periodic run, up to this many doublings. */
    static final int MAX_BACKOFF_DOUBLINGS = 10;
    /** The most people the remembered reads hold in all (about 100 bytes each); older reads are dropped first. */
    static final int MAX_REMEMBERED_PEOPLE = 100_000;

    /**
     * What one run found and did (or would do, for a dry run); {@code error} when it stopped. {@code didLookups} counts
     * the DID documents looked up (through the identity cache) for people about to be added.
     */
    public record Outcome(Optional<SyncPlan> plan, int xrpcCalls, int didLookups, Optional<String> error,
                          boolean dryRun) {
        public static Outcome failed(String error, int calls, boolean dryRun) {
            return new Outcome(Optional.empty(), calls, 0, Optional.of(error), dryRun);
        }

        Outcome plusCalls(int more) {
            return new Outcome(plan, xrpcCalls + more, didLookups, error, dryRun);
        }
    }

    /** What a link's source held at a revision of its repository; {@code purpose} is empty for blocks. */
    private record Snapshot(String revision, String name, Optional<ListPurpose> purpose, GraphPeople people) {
    }

    private final WaddleService service;
    private final ListSource source;
    private final Clock clock;
    private final Map<Long, ReentrantLock> running = new ConcurrentHashMap<>();
    /** The last read per link id, in the order they were remembered (oldest dropped first). */
    private final Map<Long, Snapshot> remembered = new LinkedHashMap<>();

    public ListSync(WaddleService service, ListSource source, Clock clock) {
        this.service = Objects.requireNonNull(service);
        this.source = Objects.requireNonNull(source);
        this.clock = Objects.requireNonNull(clock);
    }

    /**
     * Links a list (its AT URI or bsky.app address) or, for {@value #BLOCKS_INPUT}, the owner's blocks, after reading
     * it once to check it; then syncs the Waddle, planning from that read (the list is read once). A curation or
     * reference list gives members in {@code mode}, a moderation list bans. The outcome counts the calls of both.
     */
    public Outcome link(Actor actor, WaddleSlug slug, String input, SyncMode mode) throws WaddleException {
        Waddle waddle = service.find(slug).orElseThrow(() -> new WaddleException(WaddleException.Reason.NOT_FOUND,
                "There is no Waddle '" + slug + "'"));
        String trimmed = input == null ? "" : input.strip();
        if (trimmed.toLowerCase(Locale.ROOT).equals(BLOCKS_INPUT)) {
            Did owner = waddle.owner();
            service.linkList(actor, slug, "at://" + owner + "/" + GraphRef.BLOCK_COLLECTION, owner, LinkKind.BLOCKS,
                    SyncMode.ADD_ONLY, "Blocks of " + owner);
            return sync(slug, false);
        }
        GraphRef ref;
        Did repo;
        String revision;
        BlueskyList list;
        try {
            ref = GraphRef.parse(trimmed);
            repo = source.resolveRepo(ref.repo());
            revision = source.latestRevision(repo);
            list = source.readList(repo, ref.rkey());
        } catch (AtprotoException e) {
            throw new WaddleException(INVALID, "Cannot link this list: " + e.getMessage());
        }
        LinkKind kind = list.purpose() == ListPurpose.MODERATION ? LinkKind.BANS : LinkKind.MEMBERS;
        ListLink linked = service.linkList(actor, slug, list.uri(), repo, kind,
                kind == LinkKind.MEMBERS ? mode : SyncMode.ADD_ONLY, list.name());
        remember(linked.id(), new Snapshot(revision, list.name(), Optional.of(list.purpose()), list.people()));
        return sync(slug, false).plusCalls(1 + list.people().calls());
    }

    /** Syncs the Waddle now; a dry run returns the plan without changing anything (not even the links' status). */
    public Outcome sync(WaddleSlug slug, boolean dryRun) throws WaddleException {
        Waddle waddle = service.find(slug).orElseThrow(() -> new WaddleException(WaddleException.Reason.NOT_FOUND,
                "There is no Waddle '" + slug + "'"));
        ReentrantLock lock = running.computeIfAbsent(waddle.id(), id -> new ReentrantLock());
        if (!lock.tryLock()) {
            throw new WaddleException(CONFLICT, "A Bluesky sync of Waddle '" + slug + "' is already running");
        }
        try {
            return syncLocked(slug, dryRun);
        } finally {
            lock.unlock();
        }
    }

    private Outcome syncLocked(WaddleSlug slug, boolean dryRun) throws WaddleException {
        List<ListLink> links = service.listLinks(slug);
        List<FetchedList> fetched = new ArrayList<>();
        int calls = 0;
        Map<Did, String> revisions = new HashMap<>();
        for (ListLink link : links) {
            try {
                Did repo = WaddleService.repoOf(link);
                String revision = revisions.get(repo);
                if (revision == null) {
                    revision = source.latestRevision(repo);
                    calls++;
                    revisions.put(repo, revision);
                }
                Snapshot snapshot = recalled(link.id(), revision).orElse(null);
                if (snapshot == null) {
                    snapshot = read(link, repo, revision);
                    calls += snapshot.people().calls();
                    remember(link.id(), snapshot);
                }
                if (snapshot.purpose().isPresent()) {
                    ListPurpose purpose = snapshot.purpose().get();
                    LinkKind now = purpose == ListPurpose.MODERATION ? LinkKind.BANS : LinkKind.MEMBERS;
                    if (now != link.kind()) {
                        throw new AtprotoException(AtprotoException.Failure.MALFORMED_DOCUMENT, link.uri()
                                + " changed purpose since it was linked (now " + purpose.name()
                                        .toLowerCase(Locale.ROOT) + "); unlink it and link it again");
                    }
                }
                GraphPeople people = snapshot.people();
                fetched.add(new FetchedList(link, snapshot.name(), people.people(), people.ignored(),
                        people.ignoredExamples()));
            } catch (AtprotoException | WaddleException e) {
                String error = "Reading " + link.uri() + " failed: " + e.getMessage();
                Log.info("Bluesky sync of Waddle '{}' stopped, nothing changed: {}", slug, error);
                if (!dryRun) {
                    service.recordListSyncFailure(slug, List.of(link), error);
                }
                return Outcome.failed(error, calls, dryRun);
            }
        }
        int lookups = 0;
        try {
            Set<Did> newcomers = new HashSet<>();
            service.planListSync(slug, fetched).adds().forEach(add -> newcomers.add(add.did()));
            Map<Did, String> unresolvable = new HashMap<>();
            for (Did person : newcomers) {
                lookups++;
                source.whyUnresolvable(person).ifPresent(why -> unresolvable.put(person, why));
            }
            fetched = withoutUnresolvable(fetched, unresolvable);
        } catch (AtprotoException e) {
            String error = "Resolving the people to add failed: " + e.getMessage();
            Log.info("Bluesky sync of Waddle '{}' stopped, nothing changed: {}", slug, error);
            if (!dryRun) {
                service.recordListSyncFailure(slug, links, error);
            }
            return Outcome.failed(error, calls, dryRun);
        } catch (WaddleException e) {
            if (!dryRun) {
                service.recordListSyncFailure(slug, links, e.getMessage());
            }
            return Outcome.failed(e.getMessage(), calls, dryRun);
        }
        try {
            SyncPlan plan = dryRun ? service.planListSync(slug, fetched) : service.applyListSync(slug, fetched);
            if (!dryRun && !plan.isEmpty()) {
                Log.info("Bluesky sync of Waddle '{}': {} ({} XRPC calls, {} DIDs looked up)", slug, plan.summary(),
                        calls, lookups);
            }
            return new Outcome(Optional.of(plan), calls, lookups, Optional.empty(), dryRun);
        } catch (WaddleException e) {
            if (!dryRun) {
                service.recordListSyncFailure(slug, links, e.getMessage());
            }
            return Outcome.failed(e.getMessage(), calls, dryRun);
        }
    }

    /** The members lists without the people whose DIDs do not resolve, each counted as skipped with its reason. */
    private static List<FetchedList> withoutUnresolvable(List<FetchedList> fetched, Map<Did, String> unresolvable) {
        if (unresolvable.isEmpty()) {
            return fetched;
        }
        List<FetchedList> kept = new ArrayList<>();
        for (FetchedList list : fetched) {
            if (list.link().kind() != LinkKind.MEMBERS) {
                kept.add(list);
                continue;
            }
            Set<Did> people = new HashSet<>();
            List<String> reasons = new ArrayList<>(list.ignoredExamples());
            int skipped = list.ignored();
            for (Did person : list.people().stream().sorted(Comparator.comparing(Did::toString)).toList()) {
                String why = unresolvable.get(person);
                if (why == null) {
                    people.add(person);
                } else {
                    skipped++;
                    if (reasons.size() < GraphPeople.MAX_EXAMPLES) {
                        reasons.add(why);
                    }
                }
            }
            kept.add(new FetchedList(list.link(), list.name(), people, skipped, reasons));
        }
        return kept;
    }

    private Snapshot read(ListLink link, Did repo, String revision) throws AtprotoException, WaddleException {
        if (link.kind() == LinkKind.BLOCKS) {
            return new Snapshot(revision, link.name(), Optional.empty(), source.readBlocks(repo));
        }
        BlueskyList list = source.readList(repo, link.uri().substring(link.uri().lastIndexOf('/') + 1));
        return new Snapshot(revision, list.name(), Optional.of(list.purpose()), list.people());
    }

    private synchronized Optional<Snapshot> recalled(long linkId, String revision) {
        return Optional.ofNullable(remembered.get(linkId)).filter(snapshot -> snapshot.revision().equals(revision));
    }

    /** Remembers a read, dropping the oldest ones beyond {@link #MAX_REMEMBERED_PEOPLE} people in all. */
    private synchronized void remember(long linkId, Snapshot snapshot) {
        remembered.remove(linkId);
        int size = snapshot.people().people().size();
        if (size > MAX_REMEMBERED_PEOPLE) {
            return;
        }
        int total = size + remembered.values().stream().mapToInt(s -> s.people().people().size()).sum();
        Iterator<Snapshot> oldest = remembered.values().iterator();
        while (total > MAX_REMEMBERED_PEOPLE && oldest.hasNext()) {
            total -= oldest.next().people().people().size();
            oldest.remove();
        }
        remembered.put(linkId, snapshot);
    }

    /**
     * Syncs every Waddle one of whose links is due: never synced, or last synced {@code interval} ago, doubled for
     * each failed run in a row (back-off) up to {@code maxBackoff}. Returns the outcome per Waddle synced.
     */
    public Map<WaddleSlug, Outcome> syncDue(Duration interval, Duration maxBackoff) {
        Instant now = clock.instant();
        Map<Long, Boolean> due = new LinkedHashMap<>();
        for (ListLink link : service.allListLinks()) {
            if (isDue(link, now, interval, maxBackoff)) {
                due.put(link.waddleId(), true);
            }
        }
        Map<WaddleSlug, Outcome> outcomes = new LinkedHashMap<>();
        for (long waddleId : due.keySet()) {
            if (Thread.currentThread().isInterrupted()) {
                break;
            }
            Optional<Waddle> waddle = service.find(waddleId);
            if (waddle.isEmpty()) {
                continue;
            }
            try {
                outcomes.put(waddle.get().slug(), sync(waddle.get().slug(), false));
            } catch (WaddleException | RuntimeException e) {
                Log.warn("Bluesky sync of Waddle '{}' failed: {}", waddle.get().slug(), e.getMessage());
            }
        }
        return outcomes;
    }

    static boolean isDue(ListLink link, Instant now, Duration interval, Duration maxBackoff) {
        if (link.lastSyncAt().isEmpty()) {
            return true;
        }
        Duration wait = interval;
        for (int i = 0; i < Math.min(link.failures(), MAX_BACKOFF_DOUBLINGS) && wait.compareTo(maxBackoff) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        if (link.failures() > 0 && wait.compareTo(maxBackoff) > 0) {
            wait = maxBackoff;
        }
        return !now.isBefore(link.lastSyncAt().get().plus(wait));
    }
}
