package social.waddle.atproto.xrpc;

import java.util.List;
import java.util.Optional;

/** One page of {@code com.atproto.repo.listRecords}; {@link #cursor()} asks for the next. */
public record RecordPage(List<RecordEntry> records, Optional<String> cursor) {

    public RecordPage {
        records = List.copyOf(records);
    }
}
