package social.waddle.atproto.graph;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import com.fasterxml.jackson.databind.JsonNode;
import social.waddle.atproto.AtprotoException;
import social.waddle.atproto.AtprotoException.Failure;
import social.waddle.atproto.identity.JidLocalpart;
import social.waddle.atproto.syntax.Did;
import social.waddle.atproto.syntax.InputExcerpt;
import social.waddle.atproto.xrpc.RecordEntry;
import social.waddle.atproto.xrpc.RecordPage;
import social.waddle.atproto.xrpc.XrpcClient;

/**
 * Reads lists and blocks from the repository that holds them: the list record with {@code com.atproto.repo.getRecord}
 * and every {@code app.bsky.graph.listitem} (or {@code app.bsky.graph.block}) record of the repository with
 * {@code com.atproto.repo.listRecords}, page after page, keeping the items that name the list.
 *
 * <p>Bounded whatever the PDS answers: at most {@link Limits#maxRecords()} records and {@link Limits#maxPages()} pages,
 * each response at most the {@link XrpcClient}'s size, cursors at most {@link Limits#maxCursorLength()} characters and
 * never repeated (a cursor seen before is a loop), and the whole read within {@link Limits#maxDuration()}. Calls to one
 * host are spaced by the {@link HostPacer}. Any of these failing fails the read: a partial list is never returned.
 *
 * @see <a href="https://atproto.com/specs/xrpc">XRPC</a>, lexicons {@code com.atproto.repo.listRecords},
 * {@code app.bsky.graph.list}, {@code app.bsky.graph.listitem}, {@code app.bsky.graph.block}
 */
public final class GraphReader {

    public static final int PAGE_SIZE = 100;
    public static final int MAX_NAME_LENGTH = 64 * 10;

    /** Where a repository lives: the PDS endpoint of its DID document. */
    @FunctionalInterface
    public interface PdsLocator {
        URI pdsOf(Did did) throws AtprotoException;
    }

    public record Limits(int maxRecords, int maxPages, int maxCursorLength, Duration maxDuration) {
        public Limits {
            if (maxRecords < 1 || maxPages < 1 || maxCursorLength < 1) {
                throw new IllegalArgumentException("Graph reading limits must be positive");
            }
            Objects.requireNonNull(maxDuration);
        }

        public static Limits defaults() {
            return new Limits(50_000, 1_000, 1_024, Duration.ofMinutes(5));
        }
    }

    private final XrpcClient xrpc;
    private final PdsLocator locator;
    private final HostPacer pacer;
    private final Limits limits;
    private final Clock clock;

    public GraphReader(XrpcClient xrpc, PdsLocator locator, HostPacer pacer, Limits limits, Clock clock) {
        this.xrpc = Objects.requireNonNull(xrpc);
        this.locator = Objects.requireNonNull(locator);
        this.pacer = Objects.requireNonNull(pacer);
        this.limits = Objects.requireNonNull(limits);
        this.clock = Objects.requireNonNull(clock);
    }

    /** Reads the list {@code at://repo/app.bsky.graph.list/rkey} and the people its items name. */
    public BlueskyList readList(Did repo, String rkey) throws AtprotoException {
        String uri = "at://" + repo + "/" + GraphRef.LIST_COLLECTION + "/" + rkey;
        Instant deadline = clock.instant().plus(limits.maxDuration());
        URI pds = locator.pdsOf(repo);
        pace(pds, uri);
        RecordEntry record = xrpc.getRecord(pds, repo.toString(), GraphRef.LIST_COLLECTION, rkey);
        JsonNode value = record.value();
        String type = value.path("$type").asText("");
        if (!type.equals(GraphRef.LIST_COLLECTION)) {
            throw new AtprotoException(Failure.MALFORMED_DOCUMENT, uri + " is not a list: its record type is "
                    + (type.isEmpty() ? "missing" : InputExcerpt.quote(type)) + ", not " + GraphRef.LIST_COLLECTION);
        }
        if (!record.uri().equals(uri)) {
            throw new AtprotoException(Failure.MALFORMED_DOCUMENT, pds.getHost() + " answered for "
                    + InputExcerpt.quote(record.uri()) + " when asked for " + uri);
        }
        String purposeToken = value.path("purpose").asText("");
        ListPurpose purpose = ListPurpose.fromToken(purposeToken).orElseThrow(() -> new AtprotoException(
                Failure.UNSUPPORTED, uri + " has the purpose " + InputExcerpt.quote(purposeToken)
                + "; only curation, moderation and reference lists can be linked"));
        String name = value.path("name").isTextual() ? value.get("name").asText().strip() : "";
        if (name.length() > MAX_NAME_LENGTH) {
            name = name.substring(0, MAX_NAME_LENGTH);
        }
        name = name.replaceAll("\\p{Cntrl}", " ");
        GraphPeople people = scan(pds, repo, GraphRef.LIST_ITEM_COLLECTION, uri, deadline, 1);
        return new BlueskyList(uri, repo, name, purpose, people);
    }

    /** Longest repository revision accepted: a TID is 13 characters; older PDSes answered a CID. */
    public static final int MAX_REVISION_LENGTH = 128;

    /**
     * The revision of {@code repo}'s latest commit ({@code com.atproto.sync.getLatestCommit}): it changes with every
     * commit, so while it stays the same no record of the repository (list, item or block) has changed.
     *
     * @see <a href="https://atproto.com/specs/repository">Repository</a> ({@code rev} of a commit)
     */
    public String latestRevision(Did repo) throws AtprotoException {
        URI pds = locator.pdsOf(repo);
        String what = "the latest commit of " + repo;
        pace(pds, what);
        JsonNode output = xrpc.query(pds, "com.atproto.sync.getLatestCommit", Map.of("did", repo.toString()),
                null);
        JsonNode rev = output.get("rev");
        if (rev == null || !rev.isTextual() || rev.asText().isEmpty() || rev.asText().length() > MAX_REVISION_LENGTH) {
            throw new AtprotoException(Failure.MALFORMED_DOCUMENT, pds.getHost() + " answered no usable 'rev' for "
                    + what);
        }
        return rev.asText();
    }

    /** Reads the people {@code repo} blocks ({@code app.bsky.graph.block} records). */
    public GraphPeople readBlocks(Did repo) throws AtprotoException {
        Instant deadline = clock.instant().plus(limits.maxDuration());
        URI pds = locator.pdsOf(repo);
        return scan(pds, repo, GraphRef.BLOCK_COLLECTION, null, deadline, 0);
    }

    /**
     * Every record of {@code collection} in {@code repo}; for list items only those whose {@code list} is
     * {@code listUri}. Their {@code subject} DIDs are the people.
     */
    private GraphPeople scan(URI pds, Did repo, String collection, String listUri, Instant deadline, int callsSoFar)
            throws AtprotoException {
        Set<Did> people = new HashSet<>();
        Set<String> cursors = new HashSet<>();
        List<String> examples = new ArrayList<>();
        int ignored = 0;
        int records = 0;
        int calls = callsSoFar;
        String cursor = null;
        String what = listUri != null ? "the items of " + listUri : "the blocks of " + repo;
        for (int page = 0; ; page++) {
            if (page >= limits.maxPages()) {
                throw new AtprotoException(Failure.TOO_LARGE, "Reading " + what + " took more than " + limits.maxPages()
                        + " pages; stopped (nothing was changed)");
            }
            if (clock.instant().isAfter(deadline)) {
                throw new AtprotoException(Failure.TIMEOUT, "Reading " + what + " took longer than "
                        + limits.maxDuration() + "; stopped (nothing was changed)");
            }
            pace(pds, what);
            RecordPage result = xrpc.listRecords(pds, repo.toString(), collection, PAGE_SIZE, cursor);
            calls++;
            if (result.records().size() > PAGE_SIZE) {
                throw new AtprotoException(Failure.MALFORMED_DOCUMENT, pds.getHost() + " answered " + result.records().size()
                        + " records when asked for at most " + PAGE_SIZE + " while reading " + what);
            }
            records += result.records().size();
            if (records > limits.maxRecords()) {
                throw new AtprotoException(Failure.TOO_LARGE, "Reading " + what + " found more than "
                        + limits.maxRecords() + " records; stopped (nothing was changed)");
            }
            String prefix = "at://" + repo + "/" + collection + "/";
            for (RecordEntry entry : result.records()) {
                JsonNode value = entry.value();
                if (listUri != null && !listUri.equals(value.path("list").asText(null))) {
                    continue;
                }
                Optional<String> problem = entry.uri().startsWith(prefix) ? Optional.empty()
                        : Optional.of(InputExcerpt.quote(entry.uri()) + " is not a record of " + repo + "'s " + collection);
                if (problem.isEmpty() && !collection.equals(value.path("$type").asText(""))) {
                    problem = Optional.of(entry.uri() + " has the record type "
                            + InputExcerpt.quote(value.path("$type").asText("")) + ", not " + collection);
                }
                if (problem.isEmpty()) {
                    problem = subject(value, entry.uri(), people);
                }
                if (problem.isPresent()) {
                    ignored++;
                    if (examples.size() < GraphPeople.MAX_EXAMPLES) {
                        examples.add(problem.get());
                    }
                }
            }
            Optional<String> next = result.cursor().filter(c -> !c.isEmpty());
            if (next.isEmpty() || result.records().isEmpty()) {
                return new GraphPeople(people, ignored, examples, calls);
            }
            if (next.get().length() > limits.maxCursorLength()) {
                throw new AtprotoException(Failure.MALFORMED_DOCUMENT, pds.getHost() + " answered a cursor longer than "
                        + limits.maxCursorLength() + " characters while reading " + what);
            }
            if (!cursors.add(next.get())) {
                throw new AtprotoException(Failure.MALFORMED_DOCUMENT, pds.getHost() + " answered a cursor it had "
                        + "already given (" + InputExcerpt.quote(next.get()) + ") while reading " + what
                        + ": the pages loop; stopped (nothing was changed)");
            }
            cursor = next.get();
        }
    }

    /** Adds the record's subject DID to {@code people}, or says why it names nobody usable. */
    private static Optional<String> subject(JsonNode value, String recordUri, Set<Did> people) {
        JsonNode subject = value.get("subject");
        if (subject == null || !subject.isTextual()) {
            return Optional.of(recordUri + " has no subject DID");
        }
        try {
            Did did = Did.parse(subject.asText());
            JidLocalpart.toLocalpart(did);
            people.add(did);
            return Optional.empty();
        } catch (AtprotoException e) {
            return Optional.of(recordUri + ": " + e.getMessage());
        }
    }

    private void pace(URI pds, String what) throws AtprotoException {
        try {
            if (!pacer.await(pds)) {
                throw new AtprotoException(Failure.RATE_LIMITED, "Too many calls to " + pds.getHost()
                        + " are waiting; reading " + what + " is left for the next run");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AtprotoException(Failure.TIMEOUT, "Reading " + what + " was interrupted");
        }
    }
}
