package social.waddle.atproto.graph;

import java.util.List;
import java.util.Objects;
import java.util.Set;
import social.waddle.atproto.syntax.Did;

/**
 * The people a list or the blocks of a repository name, as DIDs, with the records that named nobody usable
 * ({@code ignored}: malformed subject, DID without a JID mapping, wrong record type) and a few examples of why, and how
 * many XRPC calls reading took.
 */
public record GraphPeople(Set<Did> people, int ignored, List<String> ignoredExamples, int calls) {

    public static final int MAX_EXAMPLES = 5;

    public GraphPeople {
        people = Set.copyOf(Objects.requireNonNull(people));
        ignoredExamples = List.copyOf(ignoredExamples);
    }
}
