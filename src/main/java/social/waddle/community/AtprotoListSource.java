package social.waddle.community;

import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import social.waddle.atproto.AtprotoException;
import social.waddle.atproto.graph.BlueskyList;
import social.waddle.atproto.graph.GraphPeople;
import social.waddle.atproto.graph.GraphReader;
import social.waddle.atproto.graph.HostPacer;
import social.waddle.atproto.identity.IdentityResolver;
import social.waddle.atproto.syntax.Did;
import social.waddle.atproto.syntax.Handle;
import social.waddle.atproto.xrpc.XrpcClient;

/**
 * Reads lists and blocks with the server's current identity resolver and XRPC client (both are rebuilt when settings
 * change): the repository's PDS is the {@code #atproto_pds} endpoint of its DID document.
 */
public final class AtprotoListSource implements ListSource {

    private final Supplier<IdentityResolver> identities;
    private final Supplier<XrpcClient> xrpc;
    private final HostPacer pacer;
    private final Supplier<GraphReader.Limits> limits;
    private final Clock clock;

    public AtprotoListSource(Supplier<IdentityResolver> identities, Supplier<XrpcClient> xrpc, HostPacer pacer,
                             Supplier<GraphReader.Limits> limits, Clock clock) {
        this.identities = Objects.requireNonNull(identities);
        this.xrpc = Objects.requireNonNull(xrpc);
        this.pacer = Objects.requireNonNull(pacer);
        this.limits = Objects.requireNonNull(limits);
        this.clock = Objects.requireNonNull(clock);
    }

    @Override
    public Did resolveRepo(String handleOrDid) throws AtprotoException {
        if (handleOrDid.startsWith("did:")) {
            return Did.parse(handleOrDid);
        }
        return identities.get().handleToDid(Handle.parse(handleOrDid));
    }

    @Override
    public String latestRevision(Did repo) throws AtprotoException {
        return reader().latestRevision(repo);
    }

    @Override
    public BlueskyList readList(Did repo, String rkey) throws AtprotoException {
        return reader().readList(repo, rkey);
    }

    @Override
    public GraphPeople readBlocks(Did repo) throws AtprotoException {
        return reader().readBlocks(repo);
    }

    @Override
    public Optional<String> whyUnresolvable(Did person) throws AtprotoException {
        try {
            identities.get().document(person);
            return Optional.empty();
        } catch (AtprotoException e) {
            if (e.failure().temporary()) {
                throw e;
            }
            return Optional.of(person + " does not resolve: " + e.getMessage());
        }
    }

    private GraphReader reader() {
        IdentityResolver resolver = identities.get();
        return new GraphReader(xrpc.get(), did -> resolver.document(did).requirePdsEndpoint(), pacer, limits.get(), clock);
    }
}
