package social.waddle.atproto.graph;

import java.util.Optional;

/** The {@code purpose} of an {@code app.bsky.graph.list} ({@code app.bsky.graph.defs#listPurpose}). */
public enum ListPurpose {
    /** {@code #curatelist}: people to follow or gather (a Waddle's members). */
    CURATION("app.bsky.graph.defs#curatelist"),
    /** {@code #modlist}: people to mute or block (a Waddle's bans). */
    MODERATION("app.bsky.graph.defs#modlist"),
    /** {@code #referencelist}: a list used by other features (starter packs); people, like a curation list. */
    REFERENCE("app.bsky.graph.defs#referencelist");

    private final String token;

    ListPurpose(String token) {
        this.token = token;
    }

    public String token() {
        return token;
    }

    public static Optional<ListPurpose> fromToken(String token) {
        for (ListPurpose purpose : values()) {
            if (purpose.token.equals(token)) {
                return Optional.of(purpose);
            }
        }
        return Optional.empty();
    }
}
