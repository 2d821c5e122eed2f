package social.waddle.account;

import java.util.List;
import java.util.Optional;

/** Storage of {@link AtprotoAccount}s. Implementations are thread-safe. */
public interface AccountRepository {

    Optional<AtprotoAccount> findByUsername(String username);

    Optional<AtprotoAccount> findByDid(String did);

    /** Inserts or replaces the account with this username. */
    void save(AtprotoAccount account);

    int count();

    /** Up to {@code limit} accounts whose identity was last resolved before {@code before}, oldest first. */
    List<AtprotoAccount> resolvedBefore(java.time.Instant before, int limit);

    /** Usernames in a stable order, {@code limit} from {@code offset}. */
    List<String> usernames(int offset, int limit);

    /**
     * Accounts whose username, handle or display name matches {@code query} case-insensitively; {@code *} is a
     * wildcard, and a query without one matches as a substring.
     */
    List<AtprotoAccount> search(String query, int offset, int limit);

    int countMatching(String query);
}
