package social.waddle.login;

import java.util.LinkedHashMap;
import java.util.Map;

/** A {@link CredentialStore} in this JVM holding at most {@code maxEntries}, forgetting the least recently used. */
public final class InMemoryCredentialStore implements CredentialStore {

    private final Map<String, String> entries;

    public InMemoryCredentialStore(int maxEntries) {
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be at least 1");
        }
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
                return size() > maxEntries;
            }
        };
    }

    @Override
    public synchronized String get(String did) {
        return entries.get(did);
    }

    @Override
    public synchronized void put(String did, String encodedEntry) {
        entries.put(did, encodedEntry);
    }

    @Override
    public synchronized void remove(String did) {
        entries.remove(did);
    }

    @Override
    public synchronized void clear() {
        entries.clear();
    }

    public synchronized int size() {
        return entries.size();
    }
}
