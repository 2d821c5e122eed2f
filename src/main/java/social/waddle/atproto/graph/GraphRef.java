package social.waddle.atproto.graph;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Objects;
import social.waddle.atproto.AtprotoException;
import social.waddle.atproto.AtprotoException.Failure;
import social.waddle.atproto.syntax.AtUri;
import social.waddle.atproto.syntax.InputExcerpt;

/**
 * A Bluesky list named by its AT URI ({@code at://<did-or-handle>/app.bsky.graph.list/<rkey>}) or by its bsky.app
 * address ({@code https://bsky.app/profile/<handle-or-did>/lists/<rkey>}). The repository may still be a handle, which
 * the caller resolves to a DID before reading.
 */
public record GraphRef(String repo, String rkey) {

    public static final String LIST_COLLECTION = "app.bsky.graph.list";
    public static final String LIST_ITEM_COLLECTION = "app.bsky.graph.listitem";
    public static final String BLOCK_COLLECTION = "app.bsky.graph.block";
    private static final int MAX_INPUT = 1024;

    public GraphRef {
        Objects.requireNonNull(repo);
        Objects.requireNonNull(rkey);
    }

    /** Parses an AT URI of a list record or a bsky.app list address; anything else is refused with the reason. */
    public static GraphRef parse(String input) throws AtprotoException {
        String trimmed = input == null ? "" : input.strip();
        if (trimmed.isEmpty()) {
            throw invalid("No list given: paste the list's bsky.app address or its at:// URI");
        }
        if (trimmed.length() > MAX_INPUT) {
            throw invalid("The list address is longer than " + MAX_INPUT + " characters");
        }
        if (trimmed.startsWith("at://")) {
            AtUri uri = AtUri.parse(trimmed);
            if (uri.collection().isEmpty() || !uri.collection().get().toString().equals(LIST_COLLECTION)
                    || uri.recordKey().isEmpty()) {
                throw invalid("AT URI " + InputExcerpt.quote(trimmed) + " does not name a list: expected at://<account>/"
                        + LIST_COLLECTION + "/<key>");
            }
            String repo = uri.did().map(Object::toString).orElseGet(() -> uri.handle().orElseThrow().toString());
            return new GraphRef(repo, uri.recordKey().get().toString());
        }
        if (trimmed.startsWith("https://") || trimmed.startsWith("http://")) {
            return fromWebAddress(trimmed);
        }
        throw invalid(InputExcerpt.quote(trimmed) + " is neither an at:// URI nor a https://bsky.app/profile/…/lists/… "
                + "address");
    }

    private static GraphRef fromWebAddress(String input) throws AtprotoException {
        URI uri;
        try {
            uri = new URI(input);
        } catch (URISyntaxException e) {
            throw invalid(InputExcerpt.quote(input) + " is not a valid address");
        }
        if (!"https".equals(uri.getScheme()) || !"bsky.app".equalsIgnoreCase(uri.getHost()) || uri.getPort() != -1
                || uri.getRawUserInfo() != null) {
            throw invalid(InputExcerpt.quote(input) + " is not a https://bsky.app address");
        }
        String path = uri.getPath() == null ? "" : uri.getPath();
        String[] parts = path.split("/", -1);
        // "", "profile", actor, "lists", rkey (an optional trailing slash gives one more empty part)
        boolean trailingSlash = parts.length == 6 && parts[5].isEmpty();
        if ((parts.length != 5 && !trailingSlash) || !parts[1].equals("profile") || !parts[3].equals("lists")
                || parts[2].isEmpty() || parts[4].isEmpty()) {
            throw invalid(InputExcerpt.quote(input) + " is not a list address: expected https://bsky.app/profile/"
                    + "<handle-or-did>/lists/<key>");
        }
        // Validates actor and key with the AT URI rules.
        AtUri at = AtUri.parse("at://" + parts[2] + "/" + LIST_COLLECTION + "/" + parts[4]);
        String repo = at.did().map(Object::toString).orElseGet(() -> at.handle().orElseThrow().toString());
        return new GraphRef(repo, at.recordKey().orElseThrow().toString());
    }

    /** Whether the repository is already a DID (no handle resolution needed). */
    public boolean repoIsDid() {
        return repo.startsWith("did:");
    }

    /** The AT URI of the list record. */
    public String atUri() {
        return "at://" + repo + "/" + LIST_COLLECTION + "/" + rkey;
    }

    private static AtprotoException invalid(String message) {
        return new AtprotoException(Failure.INVALID_SYNTAX, message);
    }

    @Override
    public String toString() {
        return atUri();
    }
}
