package social.waddle.openfire.cache;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.jivesoftware.util.cache.Cache;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import social.waddle.atproto.AtprotoException;
import social.waddle.atproto.AtprotoException.Failure;
import social.waddle.login.ReplayCache;

/**
 * A {@link ReplayCache} in an Openfire cache, shared by every node of a cluster, so that a service-auth token used
 * on one node is refused on the others. Keys are {@code base64url(SHA-256(issuer, 0, jti))} (fixed size, no DID or
 * token id in cache dumps); values the epoch millisecond until which the id is kept.
 *
 * <p>Invariants: an id is never dropped before its {@code keepUntil}. A claim whose {@code keepUntil} lies further
 * ahead than the cache's lifetime is refused (Openfire would forget it early), and when {@code maxEntries} live ids
 * are held new ones are refused (fail closed) rather than letting Openfire evict live ones; Openfire's own size
 * limit is set well above what {@code maxEntries} ids take.
 *
 * <p>Atomicity: on one node, claims of the same id are serialised here, so exactly one of them succeeds.
 * Across nodes the cache offers nothing stronger that exists in both Openfire 4.2.0 and 5.x ({@code Cache#getLock}
 * is 5.x only, {@code CacheFactory.getLock} 4.x only), and {@code putIfAbsent} is {@code Map}'s default, a read
 * then a write. So every claim made after another node has written the id is refused; the same token presented to
 * two nodes within the same few milliseconds (between one node's read and its write) may be accepted by both.
 * {@code size()} counts what this node holds (on Hazelcast: its own and backup entries), so the bound is per node.
 */
public final class OpenfireCacheReplayCache implements ReplayCache {

    private static final Logger Log = LoggerFactory.getLogger(OpenfireCacheReplayCache.class);

    public static final String CACHE_NAME = "Waddle service-auth token ids";
    public static final int MAX_ENTRIES = 100_000;
    /** Longer than any accepted token can need: the settings allow at most 1 h of token life plus twice 5 min skew. */
    public static final Duration ENTRY_LIFETIME = Duration.ofMinutes(75);
    /** Openfire counts bytes; an id counts well under 1 KiB, so {@link #MAX_ENTRIES} is always reached first. */
    public static final long MAX_BYTES = MAX_ENTRIES * 1024L;
    private static final Duration PURGE_INTERVAL = Duration.ofSeconds(1);
    private static final int LOCK_STRIPES = 64;
    private static final Base64.Encoder KEY_ENCODER = Base64.getUrlEncoder().withoutPadding();

    private final Cache<String, Long> cache;
    private final int maxEntries;
    private final Clock clock;
    private final Object[] stripes = new Object[LOCK_STRIPES];
    private final Object purgeLock = new Object();
    private long lastPurgeMillis = Long.MIN_VALUE;

    public OpenfireCacheReplayCache(Cache<String, Long> cache, int maxEntries, Clock clock) {
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be at least 1");
        }
        this.cache = Objects.requireNonNull(cache, "cache");
        this.maxEntries = maxEntries;
        this.clock = Objects.requireNonNull(clock, "clock");
        for (int i = 0; i < LOCK_STRIPES; i++) {
            stripes[i] = new Object();
        }
    }

    @Override
    public void claim(String issuerDid, String jti, Instant keepUntil) throws AtprotoException {
        final String key = key(issuerDid, jti);
        final long now = clock.millis();
        final long keepUntilMillis = keepUntil.toEpochMilli();
        final long lifetimeMillis = cache.getMaxLifetime();
        if (lifetimeMillis > 0 && keepUntilMillis - now > lifetimeMillis) {
            throw new AtprotoException(Failure.NOT_AUTHORIZED, "service-auth token id of " + issuerDid
                    + " would have to be kept until " + keepUntil + ", longer than cache '" + CACHE_NAME
                    + "' keeps entries (" + Duration.ofMillis(lifetimeMillis) + "): refused rather than forgotten early");
        }
        synchronized (stripes[Math.floorMod(key.hashCode(), LOCK_STRIPES)]) {
            if (cache.size() >= maxEntries) {
                purgeExpired(now);
                if (cache.size() >= maxEntries) {
                    throw new AtprotoException(Failure.NOT_AUTHORIZED, "replay cache is full (" + maxEntries
                            + " unexpired token ids): refusing new service-auth tokens until some expire rather"
                            + " than forgetting live ones");
                }
            }
            final Long previous = cache.putIfAbsent(key, keepUntilMillis);
            if (previous == null) {
                return;
            }
            if (previous >= now) {
                throw new AtprotoException(Failure.NOT_AUTHORIZED,
                        "service-auth token id (jti) was already used by " + issuerDid + ": replay refused");
            }
            cache.put(key, keepUntilMillis);
        }
    }

    /** Removes ids past their {@code keepUntil}, at most once per {@link #PURGE_INTERVAL}: it reads every entry. */
    private void purgeExpired(long now) {
        synchronized (purgeLock) {
            if (lastPurgeMillis != Long.MIN_VALUE && now - lastPurgeMillis < PURGE_INTERVAL.toMillis()) {
                return;
            }
            lastPurgeMillis = now;
        }
        int removed = 0;
        for (Map.Entry<String, Long> entry : List.copyOf(cache.entrySet())) {
            if (entry.getValue() < now && cache.remove(entry.getKey(), entry.getValue())) {
                removed++;
            }
        }
        Log.debug("Removed {} expired service-auth token ids from cache '{}'", removed, CACHE_NAME);
    }

    static String key(String issuerDid, String jti) {
        try {
            final MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update(issuerDid.getBytes(StandardCharsets.UTF_8));
            sha256.update((byte) 0);
            return KEY_ENCODER.encodeToString(sha256.digest(jti.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }
}
