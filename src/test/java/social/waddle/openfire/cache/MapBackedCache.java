package social.waddle.openfire.cache;

import java.util.AbstractMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.jivesoftware.util.cache.Cache;

/**
 * An Openfire {@link Cache} for tests, over a map in memory; it holds entries until removed. Like Openfire's
 * {@code CacheWrapper} it leaves {@code putIfAbsent} and {@code remove(key, value)} to {@link Map}'s defaults (a read,
 * then a write). Two adapters over one instance stand for two cluster nodes sharing a clustered cache.
 * Implements the 4.2.0 interface we compile against; production code never implements {@code Cache}.
 */
public final class MapBackedCache<K, V> extends AbstractMap<K, V> implements Cache<K, V> {

    private final Map<K, V> entries = new ConcurrentHashMap<>();
    private String name;
    private long maxCacheSize;
    private long maxLifetime;

    public MapBackedCache(String name, long maxCacheSize, long maxLifetime) {
        this.name = name;
        this.maxCacheSize = maxCacheSize;
        this.maxLifetime = maxLifetime;
    }

    @Override
    public V get(Object key) {
        return entries.get(key);
    }

    @Override
    public V put(K key, V value) {
        return entries.put(key, value);
    }

    @Override
    public V remove(Object key) {
        return entries.remove(key);
    }

    @Override
    public boolean containsKey(Object key) {
        return entries.containsKey(key);
    }

    @Override
    public int size() {
        return entries.size();
    }

    @Override
    public void clear() {
        entries.clear();
    }

    @Override
    public Set<Map.Entry<K, V>> entrySet() {
        return entries.entrySet();
    }

    @Override
    public String getName() {
        return name;
    }

    @Override
    public void setName(String name) {
        this.name = name;
    }

    @Override
    public long getMaxCacheSize() {
        return maxCacheSize;
    }

    @Override
    public void setMaxCacheSize(int maxCacheSize) {
        this.maxCacheSize = maxCacheSize;
    }

    @Override
    public long getMaxLifetime() {
        return maxLifetime;
    }

    @Override
    public void setMaxLifetime(long maxLifetime) {
        this.maxLifetime = maxLifetime;
    }

    @Override
    public int getCacheSize() {
        return 0;
    }

    @Override
    public long getCacheHits() {
        return 0;
    }

    @Override
    public long getCacheMisses() {
        return 0;
    }
}
