package social.waddle.account;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** {@link WebSessionRepository} in one node's memory: for tests and for a server without the plugin's tables. */
public final class InMemoryWebSessionRepository implements WebSessionRepository {

    private final Map<String, WebSessionRow> rows = new ConcurrentHashMap<>();

    @Override
    public void insert(WebSessionRow row) {
        rows.put(row.tokenHash(), row);
    }

    @Override
    public Optional<WebSessionRow> find(String tokenHash) {
        return Optional.ofNullable(rows.get(tokenHash));
    }

    @Override
    public boolean delete(String tokenHash) {
        return rows.remove(tokenHash) != null;
    }

    @Override
    public int deleteAllOf(String did) {
        int before = rows.size();
        rows.values().removeIf(row -> row.did().equals(did));
        return before - rows.size();
    }

    @Override
    public int deleteExpired(Instant now) {
        int before = rows.size();
        rows.values().removeIf(row -> !row.expiresAt().isAfter(now));
        return before - rows.size();
    }
}
