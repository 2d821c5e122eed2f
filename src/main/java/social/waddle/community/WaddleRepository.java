package social.waddle.community;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Where Waddles are kept. Every change the service makes runs in {@link #inTransaction}: all of it is stored or none
 * of it. Implementations are thread-safe.
 */
public interface WaddleRepository {

    /** Work done on one transaction's {@link WaddleStore}. */
    @FunctionalInterface
    interface Work<T> {
        T run(WaddleStore store) throws WaddleException;
    }

    /**
     * Runs {@code work} in one transaction: committed when it returns, rolled back when it throws (and the exception
     * passed on).
     */
    <T> T inTransaction(Work<T> work) throws WaddleException;

    /** Runs a query that cannot be refused, in its own transaction. */
    <T> T read(Function<WaddleStore, T> query);

    default Optional<Waddle> findWaddle(long waddleId) {
        return read(store -> store.findWaddle(waddleId));
    }

    default Optional<Waddle> findWaddleBySlug(WaddleSlug slug) {
        return read(store -> store.findWaddleBySlug(slug));
    }

    /** See {@link WaddleStore#findWaddles}: server-side search and paging for the admin pages. */
    default List<Waddle> findWaddles(String query, int offset, int limit) {
        return read(store -> store.findWaddles(query, offset, limit));
    }

    default int countWaddles(String query) {
        return read(store -> store.countWaddles(query));
    }

    /** See {@link WaddleStore#findAudit}: the audit log of all Waddles, filtered and paged for the admin pages. */
    default List<AuditEntry> findAudit(AuditQuery query, int offset, int limit) {
        return read(store -> store.findAudit(query, offset, limit));
    }

    default int countAudit(AuditQuery query) {
        return read(store -> store.countAudit(query));
    }
}
