package social.waddle.profile;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import social.waddle.account.AccountRepository;
import social.waddle.account.AtprotoAccount;

/**
 * An {@link AccountRepository} that tells a listener when a save changes the handle shown for an account (a new
 * handle that verifies, or one that stopped verifying), whoever saved it: a login that resolved the identity again,
 * the periodic re-check, or an admin's re-resolve. Each save reads the stored row first; saves are rare (logins
 * rewrite an unchanged row only when its last-seen time has moved on by a while).
 */
public final class HandleWatchingAccounts implements AccountRepository {

    private static final Logger Log = LoggerFactory.getLogger(HandleWatchingAccounts.class);

    private final AccountRepository delegate;
    private volatile Consumer<AtprotoAccount> onHandleChange = account -> { };

    public HandleWatchingAccounts(AccountRepository delegate) {
        this.delegate = Objects.requireNonNull(delegate);
    }

    /** The listener told of each account whose shown handle a save changed; runs on the saving thread, must be quick. */
    public void onHandleChange(Consumer<AtprotoAccount> listener) {
        this.onHandleChange = Objects.requireNonNull(listener);
    }

    @Override
    public void save(AtprotoAccount account) {
        Optional<AtprotoAccount> previous = delegate.findByDid(account.did());
        delegate.save(account);
        if (previous.isPresent()
                && !ProfileSync.shownHandle(previous.get()).equals(ProfileSync.shownHandle(account))) {
            try {
                onHandleChange.accept(account);
            } catch (RuntimeException e) {
                Log.warn("Could not pass on the handle change of {}", account.did(), e);
            }
        }
    }

    @Override
    public Optional<AtprotoAccount> findByUsername(String username) {
        return delegate.findByUsername(username);
    }

    @Override
    public Optional<AtprotoAccount> findByDid(String did) {
        return delegate.findByDid(did);
    }

    @Override
    public int count() {
        return delegate.count();
    }

    @Override
    public List<AtprotoAccount> resolvedBefore(Instant before, int limit) {
        return delegate.resolvedBefore(before, limit);
    }

    @Override
    public List<String> usernames(int offset, int limit) {
        return delegate.usernames(offset, limit);
    }

    @Override
    public List<AtprotoAccount> search(String query, int offset, int limit) {
        return delegate.search(query, offset, limit);
    }

    @Override
    public int countMatching(String query) {
        return delegate.countMatching(query);
    }
}
