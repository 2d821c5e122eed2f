package social.waddle.atproto.profile;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import social.waddle.atproto.AtprotoException;
import social.waddle.atproto.AtprotoException.Failure;
import social.waddle.atproto.syntax.Did;
import social.waddle.atproto.xrpc.RecordEntry;
import social.waddle.atproto.xrpc.XrpcClient;
import social.waddle.atproto.xrpc.XrpcError;
import social.waddle.atproto.xrpc.XrpcException;

/**
 * Reads a Bluesky profile from the account's own PDS: {@code com.atproto.repo.getRecord} of
 * {@code app.bsky.actor.profile}/{@code self}, then the avatar with {@code com.atproto.sync.getBlob}
 * (<a href="https://atproto.com/specs/blob">blobs</a>), all through the safe HTTP client.
 *
 * <p>What is wrong with the record's parts leaves those parts out, with a problem noted: an avatar larger than the
 * cap (not downloaded when the record says so, cut off while reading when it lies), a blob that is not an image by its
 * bytes, a field of the wrong type. What is wrong with the answers themselves (garbage, timeouts, errors, a PDS that
 * is down, a budget spent) fails the whole fetch, so that the caller keeps the profile it had.
 */
public final class ProfileFetcher {

    public static final String COLLECTION = "app.bsky.actor.profile";
    public static final String RKEY = "self";
    /** Lexicon limits of {@code app.bsky.actor.profile}: displayName maxLength 640, description maxLength 2560. */
    static final int MAX_DISPLAY_NAME = 640;
    static final int MAX_DESCRIPTION = 2560;
    /** A CIDv1 in base32 (what blob refs carry), or a CIDv0 in base58btc; bounded. */
    private static final Pattern CID = Pattern.compile("(b[a-z2-7]{8,200}|Qm[1-9A-HJ-NP-Za-km-z]{44})");

    private final XrpcClient xrpc;
    private final PdsCallBudget budget;
    private final long maxAvatarBytes;

    public ProfileFetcher(XrpcClient xrpc, PdsCallBudget budget, long maxAvatarBytes) {
        this.xrpc = Objects.requireNonNull(xrpc);
        this.budget = Objects.requireNonNull(budget);
        if (maxAvatarBytes < 1) {
            throw new IllegalArgumentException("The avatar cap must be positive");
        }
        this.maxAvatarBytes = maxAvatarBytes;
    }

    public long maxAvatarBytes() {
        return maxAvatarBytes;
    }

    /**
     * The profile of {@code did} on {@code pds}.
     *
     * @throws AtprotoException when the PDS cannot be asked (budget spent: {@code RATE_LIMITED}) or its answers
     *                          cannot be used; the message says which and why
     */
    public BlueskyProfile fetch(Did did, URI pds) throws AtprotoException {
        take(pds, did);
        RecordEntry record;
        try {
            record = xrpc.getRecord(pds, did.toString(), COLLECTION, RKEY);
        } catch (XrpcException e) {
            if (e.kind() == XrpcError.RECORD_NOT_FOUND) {
                return BlueskyProfile.none();
            }
            throw e;
        }
        if (!record.uri().startsWith("at://" + did + "/" + COLLECTION + "/")) {
            throw new AtprotoException(Failure.MALFORMED_DOCUMENT, host(pds) + " answered the profile of " + did
                    + " with another record: " + excerpt(record.uri()));
        }
        JsonNode value = record.value();
        JsonNode type = value.get("$type");
        if (type != null && !COLLECTION.equals(type.asText(null))) {
            throw new AtprotoException(Failure.MALFORMED_DOCUMENT, host(pds) + " answered the profile of " + did
                    + " with a record of type " + excerpt(type.toString()));
        }
        List<String> problems = new ArrayList<>();
        Optional<String> displayName = text(value, "displayName", MAX_DISPLAY_NAME, problems);
        Optional<String> description = text(value, "description", MAX_DESCRIPTION, problems);
        Optional<Avatar> avatar = avatar(did, pds, value.get("avatar"), problems);
        return new BlueskyProfile(displayName, description, avatar, record.cid(), problems);
    }

    private Optional<Avatar> avatar(Did did, URI pds, JsonNode blob, List<String> problems) throws AtprotoException {
        if (blob == null || blob.isNull()) {
            return Optional.empty();
        }
        if (!blob.isObject()) {
            problems.add("the avatar is not a blob reference; left out");
            return Optional.empty();
        }
        String cid = blob.path("ref").path("$link").asText(blob.path("cid").asText(""));
        if (!CID.matcher(cid).matches()) {
            problems.add("the avatar's blob reference has no valid CID; left out");
            return Optional.empty();
        }
        String declaredType = blob.path("mimeType").asText("");
        if (ImageType.ofMediaType(declaredType).isEmpty()) {
            problems.add("the avatar is declared as " + excerpt(declaredType) + ", not an image type; left out");
            return Optional.empty();
        }
        JsonNode size = blob.get("size");
        if (size != null && size.canConvertToLong() && size.asLong() > maxAvatarBytes) {
            problems.add("the avatar has " + size.asLong() + " bytes, more than the limit of " + maxAvatarBytes
                    + "; left out");
            return Optional.empty();
        }
        take(pds, did);
        byte[] bytes;
        try {
            bytes = xrpc.getBlob(pds, did.toString(), cid, maxAvatarBytes).bytes();
        } catch (AtprotoException e) {
            if (e.failure() == Failure.TOO_LARGE) {
                problems.add("the avatar blob is larger than the limit of " + maxAvatarBytes + " bytes; left out");
                return Optional.empty();
            }
            if (e instanceof XrpcException xrpcError && !e.isTemporary()
                    && (xrpcError.kind() == XrpcError.OTHER || xrpcError.httpStatus() == 404)) {
                problems.add("the avatar blob could not be read (" + e.getMessage() + "); left out");
                return Optional.empty();
            }
            throw e;
        }
        if (ImageType.of(bytes).isEmpty()) {
            problems.add("the avatar blob (" + bytes.length + " bytes) is not a PNG, JPEG, GIF or WebP image; left out");
            return Optional.empty();
        }
        return Optional.of(Avatar.of(cid, bytes));
    }

    private void take(URI pds, Did did) throws AtprotoException {
        if (!budget.tryTake(host(pds), 1)) {
            throw new AtprotoException(Failure.RATE_LIMITED, "Profile calls to " + host(pds) + " are over the budget of "
                    + budget.maxCalls() + " per " + budget.window().toSeconds() + " s; the profile of " + did
                    + " is fetched later");
        }
    }

    /**
     * A text field: control characters (other than line breaks in descriptions) dropped, whitespace trimmed, cut at
     * the lexicon's length; a non-string is a problem, an empty string is absent.
     */
    private static Optional<String> text(JsonNode value, String field, int maxLength, List<String> problems) {
        JsonNode node = value.get(field);
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (!node.isTextual()) {
            problems.add("field '" + field + "' is not a string; left out");
            return Optional.empty();
        }
        String cleaned = clean(node.asText(), field.equals("description")).strip();
        if (cleaned.length() > maxLength) {
            int end = maxLength;
            if (Character.isHighSurrogate(cleaned.charAt(end - 1))) {
                end--;
            }
            cleaned = cleaned.substring(0, end);
            problems.add("field '" + field + "' is longer than " + maxLength + " characters; cut");
        }
        return cleaned.isEmpty() ? Optional.empty() : Optional.of(cleaned);
    }

    static String clean(String text, boolean keepLineBreaks) {
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(point -> {
            boolean lineBreak = point == '\n';
            int kind = Character.getType(point);
            boolean unwanted = kind == Character.CONTROL || kind == Character.UNASSIGNED || kind == Character.SURROGATE
                    || kind == Character.PRIVATE_USE || point == 0xFFFE || point == 0xFFFF
                    // Bidirectional overrides and isolates can make a name read as someone else's.
                    || point >= 0x202A && point <= 0x202E || point >= 0x2066 && point <= 0x2069;
            if (lineBreak && keepLineBreaks) {
                out.append('\n');
            } else if (point == '\t' || lineBreak) {
                out.append(' ');
            } else if (!unwanted) {
                out.appendCodePoint(point);
            }
        });
        return out.toString();
    }

    private static String host(URI pds) {
        return pds.getPort() == -1 ? String.valueOf(pds.getHost()) : pds.getHost() + ":" + pds.getPort();
    }

    private static String excerpt(String text) {
        String printable = text.replaceAll("\\p{Cntrl}", "?");
        return "'" + (printable.length() > 60 ? printable.substring(0, 60) + "…" : printable) + "'";
    }
}
