package social.waddle.community;

import java.time.Instant;
import java.util.Objects;
import social.waddle.atproto.syntax.Did;

/** A community. {@code slug} never changes (its channels' room names are derived from it); {@code owner} is its one owner. */
public record Waddle(
        long id,
        WaddleSlug slug,
        String name,
        String description,
        Did owner,
        Visibility visibility,
        Instant createdAt,
        Instant updatedAt) {

    public Waddle {
        Objects.requireNonNull(slug);
        Objects.requireNonNull(name);
        Objects.requireNonNull(description);
        Objects.requireNonNull(owner);
        Objects.requireNonNull(visibility);
        Objects.requireNonNull(createdAt);
        Objects.requireNonNull(updatedAt);
    }
}
