package social.waddle.atproto.syntax;

import java.util.Optional;

import social.waddle.atproto.AtprotoException;
import social.waddle.atproto.AtprotoException.Failure;

/**
 * An AT URI in the restricted (Lexicon) syntax: {@code at://AUTHORITY[/COLLECTION[/RKEY]]}, where the authority is
 * a handle (normalised to lower case) or a DID (generic syntax: {@code at://did:plc:asdf123} is valid), the collection
 * an {@link Nsid} and the record key a {@link RecordKey}. Query,
 * fragment, userinfo and trailing slashes are refused.
 *
 * @see <a href="https://atproto.com/specs/at-uri-scheme">ATProto AT URI scheme</a>
 * @see <a href="https://atproto.com/specs/record-key">ATProto Record Key</a>
 */
public final class AtUri {

    public static final int MAX_LENGTH = 8 * 1024;

    private static final String SCHEME = "at://";

    private final Handle handle;
    private final Did did;
    private final Nsid collection;
    private final RecordKey recordKey;

    private AtUri(Handle handle, Did did, Nsid collection, RecordKey recordKey) {
        this.handle = handle;
        this.did = did;
        this.collection = collection;
        this.recordKey = recordKey;
    }

    public static AtUri parse(String input) throws AtprotoException {
        if (input == null) {
            throw invalid("AT URI is missing");
        }
        if (input.length() > MAX_LENGTH) {
            throw invalid("AT URI " + InputExcerpt.quote(input) + " is longer than " + MAX_LENGTH + " characters");
        }
        if (!input.startsWith(SCHEME)) {
            throw invalid("AT URI " + InputExcerpt.quote(input) + " does not start with 'at://'");
        }
        if (input.indexOf('?') >= 0 || input.indexOf('#') >= 0) {
            throw invalid("AT URI " + InputExcerpt.quote(input) + " has a query or fragment, which are not supported");
        }
        String[] parts = input.substring(SCHEME.length()).split("/", -1);
        if (parts.length > 3) {
            throw invalid("AT URI " + InputExcerpt.quote(input) + " has more path segments than a collection and a record key");
        }
        for (String part : parts) {
            if (part.isEmpty()) {
                throw invalid("AT URI " + InputExcerpt.quote(input) + " has an empty authority or path segment (or a trailing slash)");
            }
        }
        String authority = parts[0];
        Handle handle = null;
        Did did = null;
        try {
            if (authority.startsWith("did:")) {
                did = Did.parse(authority);
            } else if (authority.indexOf('@') >= 0) {
                throw invalid("AT URI " + InputExcerpt.quote(input) + " has userinfo, which is not supported");
            } else {
                handle = Handle.parse(authority);
            }
            Nsid collection = parts.length > 1 ? Nsid.parse(parts[1]) : null;
            RecordKey recordKey = parts.length > 2 ? RecordKey.parse(parts[2]) : null;
            return new AtUri(handle, did, collection, recordKey);
        } catch (AtprotoException partInvalid) {
            throw invalid("AT URI has an invalid part: " + partInvalid.getMessage());
        }
    }

    public static boolean isValid(String input) {
        try {
            parse(input);
            return true;
        } catch (AtprotoException invalid) {
            return false;
        }
    }

    private static AtprotoException invalid(String message) {
        return new AtprotoException(Failure.INVALID_SYNTAX, message);
    }

    /** The authority when it is a handle. */
    public Optional<Handle> handle() {
        return Optional.ofNullable(handle);
    }

    /** The authority when it is a DID. */
    public Optional<Did> did() {
        return Optional.ofNullable(did);
    }

    public Optional<Nsid> collection() {
        return Optional.ofNullable(collection);
    }

    public Optional<RecordKey> recordKey() {
        return Optional.ofNullable(recordKey);
    }

    /** Whether this names a whole repository (identity) rather than a collection or record. */
    public boolean isAuthorityOnly() {
        return collection == null;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof AtUri && other.toString().equals(toString());
    }

    @Override
    public int hashCode() {
        return toString().hashCode();
    }

    /** The normalised URI (handle authority in lower case). */
    @Override
    public String toString() {
        StringBuilder uri = new StringBuilder(SCHEME).append(handle != null ? handle : did);
        if (collection != null) {
            uri.append('/').append(collection);
        }
        if (recordKey != null) {
            uri.append('/').append(recordKey);
        }
        return uri.toString();
    }
}
