package social.waddle.account;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One ATProto account known to this server. {@code username} is the JID localpart derived from the DID and never
 * changes; the handle may change or stop verifying, in which case it is kept but marked unverified and never shown
 * as the user's name.
 */
public record AtprotoAccount(
        String username,
        String did,
        Optional<String> handle,
        boolean handleVerified,
        Optional<String> displayName,
        Optional<String> pdsUrl,
        Set<CredentialType> credentialTypes,
        boolean loginBlocked,
        Instant firstSeen,
        Instant lastSeen,
        Instant resolvedAt) {

    public AtprotoAccount {
        Objects.requireNonNull(username);
        Objects.requireNonNull(did);
        Objects.requireNonNull(handle);
        Objects.requireNonNull(displayName);
        Objects.requireNonNull(pdsUrl);
        credentialTypes = credentialTypes.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(credentialTypes));
        Objects.requireNonNull(firstSeen);
        Objects.requireNonNull(lastSeen);
        Objects.requireNonNull(resolvedAt);
    }

    /** The handle shown for the account: its handle while it verifies both ways, else none (the DID is shown). */
    public Optional<String> shownHandle() {
        return handleVerified ? handle : Optional.empty();
    }

    /** What people should see as this account's name: display name, else the verified handle, else the DID. */
    public String visibleName() {
        if (displayName.isPresent() && !displayName.get().isBlank()) {
            return displayName.get();
        }
        if (handleVerified && handle.isPresent()) {
            return handle.get();
        }
        return did;
    }
}
