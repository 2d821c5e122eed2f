package social.waddle.login;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

import social.waddle.atproto.AtprotoException;
import social.waddle.atproto.AtprotoException.Failure;

/**
 * A bounded, thread-safe {@link ReplayCache} in this JVM. Invariant: an entry is kept until its
 * {@code keepUntil} has passed and is never evicted before; when all {@code maxEntries} slots hold live
 * entries, new tokens are refused (fail closed) rather than forgetting a live one.
 */
public final class InMemoryReplayCache implements ReplayCache {

    private final int maxEntries;
    private final Clock clock;
    private final Map<String, Long> keepUntilMillisByKey = new HashMap<>();
    private long earliestKeepUntilMillis = Long.MAX_VALUE;

    public InMemoryReplayCache(int maxEntries, Clock clock) {
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be at least 1");
        }
        this.maxEntries = maxEntries;
        this.clock = clock;
    }

    @Override
    public synchronized void claim(String issuerDid, String jti, Instant keepUntil) throws AtprotoException {
        final long now = clock.millis();
        final String key = issuerDid + '\u0000' + jti;
        final Long known = keepUntilMillisByKey.get(key);
        if (known != null && known >= now) {
            throw new AtprotoException(Failure.NOT_AUTHORIZED,
                    "service-auth token id (jti) was already used by " + issuerDid + ": replay refused");
        }
        if (known == null && keepUntilMillisByKey.size() >= maxEntries) {
            purgeExpired(now);
            if (keepUntilMillisByKey.size() >= maxEntries) {
                throw new AtprotoException(Failure.NOT_AUTHORIZED,
                        "replay cache is full (" + maxEntries + " unexpired token ids): refusing new service-auth"
                                + " tokens until some expire rather than forgetting live ones");
            }
        }
        final long keepUntilMillis = keepUntil.toEpochMilli();
        keepUntilMillisByKey.put(key, keepUntilMillis);
        earliestKeepUntilMillis = Math.min(earliestKeepUntilMillis, keepUntilMillis);
    }

    public synchronized int size() {
        return keepUntilMillisByKey.size();
    }

    private void purgeExpired(long now) {
        if (now <= earliestKeepUntilMillis) {
            return;
        }
        long earliestRemaining = Long.MAX_VALUE;
        for (Iterator<Long> it = keepUntilMillisByKey.values().iterator(); it.hasNext(); ) {
            final long keepUntilMillis = it.next();
            if (keepUntilMillis < now) {
                it.remove();
            } else {
                earliestRemaining = Math.min(earliestRemaining, keepUntilMillis);
            }
        }
        earliestKeepUntilMillis = earliestRemaining;
    }
}
