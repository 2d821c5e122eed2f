package social.waddle.profile;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import social.waddle.account.AccountRepository;
import social.waddle.account.AtprotoAccount;
import social.waddle.atproto.AtprotoException;
import social.waddle.atproto.identity.IdentityResolver;
import social.waddle.atproto.identity.VerifiedIdentity;
import social.waddle.atproto.syntax.Did;
import social.waddle.atproto.syntax.Handle;

/**
 * Resolves known accounts' identities again, oldest resolution first, a bounded number per run: DID → document →
 * claimed handle → back to the DID (https://atproto.com/specs/handle#handle-resolution), bypassing the caches. A
 * handle that changed and verifies both ways, or that stopped verifying, is saved and announced to
 * {@code onHandleChange} (profile, bookmarks, reserved nicknames); the JID, derived from the DID, never changes.
 * A resolution that fails (PLC or PDS down) changes nothing but the time of the attempt, so the account waits for
 * its next turn instead of being retried every run.
 */
public final class HandleRecheck {

    private static final Logger Log = LoggerFactory.getLogger(HandleRecheck.class);

    private final AccountRepository accounts;
    private final Supplier<IdentityResolver> identities;
    private final Consumer<AtprotoAccount> onHandleChange;
    private final Clock clock;
    private final Supplier<Duration> interval;
    private final IntSupplier perRun;

    public HandleRecheck(AccountRepository accounts, Supplier<IdentityResolver> identities,
                         Consumer<AtprotoAccount> onHandleChange, Clock clock, Supplier<Duration> interval,
                         IntSupplier perRun) {
        this.accounts = Objects.requireNonNull(accounts);
        this.identities = Objects.requireNonNull(identities);
        this.onHandleChange = Objects.requireNonNull(onHandleChange);
        this.clock = Objects.requireNonNull(clock);
        this.interval = Objects.requireNonNull(interval);
        this.perRun = Objects.requireNonNull(perRun);
    }

    /** Re-resolves up to the per-run bound of accounts due; returns how many handles changed. */
    public int runOnce() {
        Instant now = clock.instant();
        List<AtprotoAccount> due = accounts.resolvedBefore(now.minus(interval.get()), perRun.getAsInt());
        int changed = 0;
        for (AtprotoAccount account : due) {
            if (Thread.currentThread().isInterrupted()) {
                break;
            }
            if (recheck(account)) {
                changed++;
            }
        }
        if (!due.isEmpty()) {
            Log.debug("Handle re-check: {} account(s) resolved again, {} changed", due.size(), changed);
        }
        return changed;
    }

    /** Resolves one account again; true when what is shown for it changed. */
    public boolean recheck(AtprotoAccount account) {
        Instant now = clock.instant();
        IdentityResolver resolver = identities.get();
        account.handle().ifPresent(resolver::invalidate);
        resolver.invalidate(account.did());
        VerifiedIdentity identity;
        try {
            identity = resolver.resolveDid(Did.parse(account.did()));
        } catch (AtprotoException | RuntimeException e) {
            Log.info("Handle re-check of {} failed, it keeps {}: {}", account.did(),
                    account.handle().orElse("no handle"), e.getMessage());
            accounts.save(with(account, account.handle(), account.handleVerified(), account.pdsUrl(), now));
            return false;
        }
        Optional<String> verified = identity.handle().map(Handle::toString);
        Optional<String> shown = verified.or(() -> identity.claimedHandle().map(Handle::toString));
        AtprotoAccount updated = with(account, shown.or(account::handle), verified.isPresent(),
                Optional.of(identity.pds().toString()), now);
        accounts.save(updated);
        if (ProfileSync.shownHandle(updated).equals(ProfileSync.shownHandle(account))) {
            return false;
        }
        if (verified.isPresent()) {
            Log.info("Handle of {} changed: {} → {} (verified both ways); its JID {} stays", account.did(),
                    ProfileSync.shownHandle(account).orElse("(unverified)"), verified.get(), account.username());
        } else {
            Log.warn("Handle {} of {} no longer verifies; the DID is shown instead until it does",
                    shown.orElse("(none)"), account.did());
        }
        try {
            onHandleChange.accept(updated);
        } catch (RuntimeException e) {
            Log.warn("Could not announce the handle change of {}", account.did(), e);
        }
        return true;
    }

    private static AtprotoAccount with(AtprotoAccount account, Optional<String> handle, boolean verified,
                                       Optional<String> pdsUrl, Instant resolvedAt) {
        return new AtprotoAccount(account.username(), account.did(), handle, verified, account.displayName(),
                pdsUrl, account.credentialTypes(), account.loginBlocked(), account.firstSeen(), account.lastSeen(),
                resolvedAt);
    }
}
