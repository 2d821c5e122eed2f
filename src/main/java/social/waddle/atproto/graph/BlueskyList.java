package social.waddle.atproto.graph;

import java.util.Objects;
import social.waddle.atproto.syntax.Did;

/** An {@code app.bsky.graph.list} record as read from its owner's PDS, with the people its items name. */
public record BlueskyList(String uri, Did repo, String name, ListPurpose purpose, GraphPeople people) {

    public BlueskyList {
        Objects.requireNonNull(uri);
        Objects.requireNonNull(repo);
        Objects.requireNonNull(name);
        Objects.requireNonNull(purpose);
        Objects.requireNonNull(people);
    }
}
