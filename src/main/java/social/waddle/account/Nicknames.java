package social.waddle.account;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import social.waddle.atproto.syntax.Did;

/**
 * The nickname a Waddle member goes by in rooms and bookmarks: their handle while it verifies both ways, else none
 * (callers then show the DID-derived localpart). Remembered for a short while, as room reconciles ask for every
 * member of every room; {@link #forget} drops an entry at once when the handle changes.
 */
public final class Nicknames {

    static final Duration REMEMBERED_FOR = Duration.ofMinutes(1);
    static final int MAX_ENTRIES = 100_000;

    private record Entry(Optional<String> nick, Instant until) {
    }

    private final AccountRepository accounts;
    private final Clock clock;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();

    public Nicknames(AccountRepository accounts, Clock clock) {
        this.accounts = Objects.requireNonNull(accounts);
        this.clock = Objects.requireNonNull(clock);
    }

    public Optional<String> of(Did did) {
        Instant now = clock.instant();
        Entry entry = entries.get(did.toString());
        if (entry != null && now.isBefore(entry.until())) {
            return entry.nick();
        }
        Optional<String> nick = accounts.findByDid(did.toString()).flatMap(AtprotoAccount::shownHandle);
        if (entries.size() >= MAX_ENTRIES) {
            entries.clear();
        }
        entries.put(did.toString(), new Entry(nick, now.plus(REMEMBERED_FOR)));
        return nick;
    }

    public void forget(String did) {
        entries.remove(did);
    }
}
