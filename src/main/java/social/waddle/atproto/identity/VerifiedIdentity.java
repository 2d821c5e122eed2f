package social.waddle.atproto.identity;

import java.net.URI;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

import social.waddle.atproto.crypto.AtprotoPublicKey;
import social.waddle.atproto.syntax.Did;
import social.waddle.atproto.syntax.Handle;

/**
 * An identity whose parts confirm each other. {@code handle} is present only when the DID document claims it AND
 * the handle resolves back to the DID (https://atproto.com/specs/handle#handle-resolution); otherwise the handle is
 * invalid and must not be shown as the user's name. {@code claimedHandle} is what the document says, verified or not.
 */
public record VerifiedIdentity(
        Did did,
        Optional<Handle> handle,
        Optional<Handle> claimedHandle,
        URI pds,
        AtprotoPublicKey signingKey,
        Instant resolvedAt) {

    public VerifiedIdentity {
        Objects.requireNonNull(did);
        Objects.requireNonNull(handle);
        Objects.requireNonNull(claimedHandle);
        Objects.requireNonNull(pds);
        Objects.requireNonNull(signingKey);
        Objects.requireNonNull(resolvedAt);
    }
}
