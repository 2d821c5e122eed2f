package social.waddle.atproto.identity;

import java.net.URI;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import social.waddle.atproto.AtprotoException;
import social.waddle.atproto.AtprotoException.Failure;
import social.waddle.atproto.crypto.AtprotoPublicKey;
import social.waddle.atproto.syntax.Did;
import social.waddle.atproto.syntax.Handle;

/**
 * What ATProto takes from a DID document: the DID, the handles it claims, its {@code #atproto} signing key and its
 * {@code #atproto_pds} endpoint. A claimed handle is only a claim until the handle resolves back to this DID.
 *
 * @see <a href="https://atproto.com/specs/did#did-documents">ATProto DID documents</a>
 */
public final class DidDocument {

    private final Did did;
    private final List<Handle> handles;
    private final AtprotoPublicKey signingKey;
    private final URI pdsEndpoint;

    public DidDocument(Did did, List<Handle> handles, AtprotoPublicKey signingKey, URI pdsEndpoint) {
        this.did = Objects.requireNonNull(did);
        this.handles = List.copyOf(handles);
        this.signingKey = Objects.requireNonNull(signingKey);
        this.pdsEndpoint = pdsEndpoint;
    }

    public Did did() {
        return did;
    }

    /** The handles of the {@code at://} entries of {@code alsoKnownAs}, in document order. */
    public List<Handle> handles() {
        return handles;
    }

    /** The first valid handle in {@code alsoKnownAs}: the one the account claims, still to be confirmed. */
    public Optional<Handle> claimedHandle() {
        return handles.isEmpty() ? Optional.empty() : Optional.of(handles.get(0));
    }

    /** The key of the {@code #atproto} verification method. */
    public AtprotoPublicKey signingKey() {
        return signingKey;
    }

    /** The {@code #atproto_pds} endpoint, {@code scheme://host[:port]} without a trailing slash. */
    public Optional<URI> pdsEndpoint() {
        return Optional.ofNullable(pdsEndpoint);
    }

    public URI requirePdsEndpoint() throws AtprotoException {
        if (pdsEndpoint == null) {
            throw new AtprotoException(Failure.MALFORMED_DOCUMENT, "DID document of " + did
                    + " has no #atproto_pds service of type AtprotoPersonalDataServer");
        }
        return pdsEndpoint;
    }

    @Override
    public String toString() {
        return "DidDocument{" + did + ", handles=" + handles + ", key=" + signingKey + ", pds=" + pdsEndpoint + "}";
    }
}
