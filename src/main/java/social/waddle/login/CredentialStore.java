package social.waddle.login;

/**
 * Where {@link CredentialCache} keeps its entries: DID to an opaque string. Keys and values are plain
 * {@code String}s so the store can be a clustered cache whose values outlive the plugin's class loader.
 * Implementations must be thread-safe and bounded in size.
 */
public interface CredentialStore {

    String get(String did);

    void put(String did, String encodedEntry);

    void remove(String did);

    void clear();
}
