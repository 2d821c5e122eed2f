package social.waddle.web;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import social.waddle.atproto.AtprotoException;
import social.waddle.atproto.AtprotoException.Failure;
import social.waddle.atproto.graph.BlueskyList;
import social.waddle.atproto.graph.GraphPeople;
import social.waddle.atproto.graph.ListPurpose;
import social.waddle.atproto.syntax.Did;
import social.waddle.community.ListSource;

/** Lists the console tests put in place of a PDS; {@link #down} makes every read fail like a stopped PDS. */
final class FakeListSource implements ListSource {

    final Map<String, BlueskyList> lists = new ConcurrentHashMap<>();
    volatile boolean down;
    final Set<Did> unresolvable = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final java.util.concurrent.atomic.AtomicLong commits = new java.util.concurrent.atomic.AtomicLong();

    void put(Did repo, String rkey, String name, ListPurpose purpose, Set<Did> people) {
        String uri = "at://" + repo + "/app.bsky.graph.list/" + rkey;
        lists.put(uri, new BlueskyList(uri, repo, name, purpose, new GraphPeople(people, 0, List.of(), 1)));
    }

    @Override
    public Did resolveRepo(String handleOrDid) throws AtprotoException {
        return Did.parse(handleOrDid);
    }

    /** A new revision each time: every sync reads the lists again, as after a commit. */
    @Override
    public String latestRevision(Did repo) throws AtprotoException {
        if (down) {
            throw new AtprotoException(Failure.NETWORK, "Could not connect to the PDS");
        }
        return "rev" + commits.incrementAndGet();
    }

    @Override
    public BlueskyList readList(Did repo, String rkey) throws AtprotoException {
        if (down) {
            throw new AtprotoException(Failure.NETWORK, "Could not connect to the PDS");
        }
        BlueskyList list = lists.get("at://" + repo + "/app.bsky.graph.list/" + rkey);
        if (list == null) {
            throw new AtprotoException(Failure.NOT_FOUND, "No such list");
        }
        return list;
    }

    /** People named in {@link #unresolvable} do not resolve, as a DID the PLC directory answers 404 for. */
    @Override
    public java.util.Optional<String> whyUnresolvable(Did person) {
        return unresolvable.contains(person) ? java.util.Optional.of(person + " does not resolve: not found")
                : java.util.Optional.empty();
    }

    @Override
    public GraphPeople readBlocks(Did repo) {
        return new GraphPeople(Set.of(), 0, List.of(), 1);
    }
}
