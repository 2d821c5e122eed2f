package social.waddle.openfire;

import java.util.Map;
import java.util.Optional;

import org.jivesoftware.util.JiveGlobals;
import org.jivesoftware.util.PropertyEventDispatcher;
import org.jivesoftware.util.PropertyEventListener;

import social.waddle.settings.PropertyStore;
import social.waddle.settings.Settings;

/**
 * Openfire's database-backed properties (the console's System Properties page shows the same values).
 */
public final class OpenfirePropertyStore implements PropertyStore {

    private final boolean xmlFallback;

    private OpenfirePropertyStore(boolean xmlFallback) {
        this.xmlFallback = xmlFallback;
    }

    /** For our settings: one not in the database is read from {@code conf/openfire.xml}, where a deployment may provision it. */
    public static OpenfirePropertyStore withXmlFallback() {
        return new OpenfirePropertyStore(true);
    }

    /** Exactly what Openfire itself reads for properties such as {@code provider.auth.className}: no XML fallback. */
    public static OpenfirePropertyStore databaseOnly() {
        return new OpenfirePropertyStore(false);
    }

    @Override
    public Optional<String> get(String key) {
        String value = JiveGlobals.getProperty(key);
        return Optional.ofNullable(value != null || !xmlFallback ? value : JiveGlobals.getXMLProperty(key));
    }

    @Override
    public void set(String key, String value) {
        JiveGlobals.setProperty(key, value);
    }

    @Override
    public void delete(String key) {
        JiveGlobals.deleteProperty(key);
    }

    /** Forwards changes of {@code waddle.*} properties, wherever they were made, to {@code settings}. */
    static AutoCloseable forwardChanges(Settings settings) {
        PropertyEventListener listener = new PropertyEventListener() {
            @Override
            public void propertySet(String property, Map<String, Object> params) {
                settings.changed(property);
            }

            @Override
            public void propertyDeleted(String property, Map<String, Object> params) {
                settings.changed(property);
            }

            @Override
            public void xmlPropertySet(String property, Map<String, Object> params) {
                // XML properties are not settings of ours.
            }

            @Override
            public void xmlPropertyDeleted(String property, Map<String, Object> params) {
                // XML properties are not settings of ours.
            }
        };
        PropertyEventDispatcher.addListener(listener);
        return () -> PropertyEventDispatcher.removeListener(listener);
    }
}
