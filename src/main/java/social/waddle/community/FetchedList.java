package social.waddle.community;

import java.util.List;
import java.util.Objects;
import java.util.Set;
import social.waddle.atproto.syntax.Did;

/**
 * What a sync read from Bluesky for one {@link ListLink}: the list's current name, the people it names, and how many
 * records named nobody usable (with a few reasons).
 */
public record FetchedList(ListLink link, String name, Set<Did> people, int ignored, List<String> ignoredExamples) {

    public FetchedList {
        Objects.requireNonNull(link);
        Objects.requireNonNull(name);
        people = Set.copyOf(people);
        ignoredExamples = List.copyOf(ignoredExamples);
    }
}
