/**
 * What the login core keeps for a while, held in Openfire's caches ({@code CacheFactory}) so that every node of
 * a cluster sees the same: {@link social.waddle.openfire.cache.OpenfireCacheCredentialStore} (remembered password
 * checks) and {@link social.waddle.openfire.cache.OpenfireCacheReplayCache} (service-auth token ids already used).
 *
 * <p>Invariant: keys and values are JDK types only ({@code String}, {@code Long}); a plugin class in a clustered
 * cache breaks when the plugin's class loader is replaced. Only {@code Cache} and {@code CacheFactory} members
 * present in both Openfire 4.2.0 and 5.1.1 are used (the {@code Map} methods, {@code getMaxLifetime},
 * {@code setMaxLifetime(long)}), never {@code Cache#getLock}, {@code setMaxCacheSize} or {@code getCacheSize},
 * whose signatures differ; nothing here implements {@code Cache}. May depend on {@code social.waddle.login},
 * {@code social.waddle.atproto}, the JDK, SLF4J and Openfire's cache API.
 */
package social.waddle.openfire.cache;
