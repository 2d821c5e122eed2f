package social.waddle.settings;

import java.util.Optional;

/** Where setting values live as strings: Openfire's property table in production, a map in tests. */
public interface PropertyStore {

    Optional<String> get(String key);

    void set(String key, String value);

    void delete(String key);
}
