package social.waddle.community;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A Bluesky source linked to a Waddle ({@code uri}: the list's AT URI, or {@code at://<owner>/app.bsky.graph.block} for
 * the owner's blocks), who linked it and what its last sync found ({@code people}) and did; {@code failures} counts
 * the sync runs that failed in a row (for back-off), {@code lastError} says why the last one failed; {@code skipped}
 * counts the people the last good run did not take (items naming nobody usable, DIDs that do not resolve), with a few
 * of the reasons in {@code skipNote}.
 */
public record ListLink(
        long id,
        long waddleId,
        String uri,
        LinkKind kind,
        SyncMode mode,
        String name,
        Actor linkedBy,
        Instant linkedAt,
        Optional<Instant> lastSyncAt,
        int people,
        int added,
        int removed,
        int banned,
        Optional<String> lastError,
        int failures,
        int skipped,
        Optional<String> skipNote) {

    public static final int MAX_ERROR_LENGTH = 1000;
    public static final int MAX_NAME_LENGTH = 640;

    public ListLink {
        Objects.requireNonNull(uri);
        Objects.requireNonNull(kind);
        Objects.requireNonNull(mode);
        Objects.requireNonNull(name);
        Objects.requireNonNull(linkedBy);
        Objects.requireNonNull(linkedAt);
        Objects.requireNonNull(lastSyncAt);
        Objects.requireNonNull(lastError);
        Objects.requireNonNull(skipNote);
        name = name.length() > MAX_NAME_LENGTH ? name.substring(0, MAX_NAME_LENGTH) : name;
        lastError = lastError.map(error -> error.length() > MAX_ERROR_LENGTH
                ? error.substring(0, MAX_ERROR_LENGTH - 1) + "…" : error);
        skipNote = skipNote.map(note -> note.length() > MAX_ERROR_LENGTH
                ? note.substring(0, MAX_ERROR_LENGTH - 1) + "…" : note);
    }

    /** This link after a successful run. */
    public ListLink synced(Instant at, String newName, int newPeople, int newAdded, int newRemoved, int newBanned,
                           int newSkipped, List<String> skipReasons) {
        return new ListLink(id, waddleId, uri, kind, mode, newName, linkedBy, linkedAt, Optional.of(at), newPeople,
                newAdded, newRemoved, newBanned, Optional.empty(), 0, newSkipped,
                skipReasons.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", skipReasons)));
    }

    /** This link after a failed run: counts of the last good run stay, the error and failure count move. */
    public ListLink failed(Instant at, String error) {
        return new ListLink(id, waddleId, uri, kind, mode, name, linkedBy, linkedAt, Optional.of(at), people, added,
                removed, banned, Optional.of(error), failures + 1, skipped, skipNote);
    }

    /** The actor recorded for changes this link causes. */
    public Actor.BlueskySync actor() {
        return new Actor.BlueskySync(uri);
    }
}
