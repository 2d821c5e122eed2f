package social.waddle.atproto.xrpc;

import java.util.Objects;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

/** One repository record as {@code com.atproto.repo.getRecord} and {@code listRecords} return it. */
public record RecordEntry(String uri, Optional<String> cid, JsonNode value) {

    public RecordEntry {
        Objects.requireNonNull(uri);
        Objects.requireNonNull(cid);
        Objects.requireNonNull(value);
    }

    /** A copy: callers may not change the parsed record. */
    @Override
    public JsonNode value() {
        return value.deepCopy();
    }
}
