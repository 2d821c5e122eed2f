package social.waddle.testbed.openfire;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads Openfire's system properties ({@code ofProperty}) from the database files of a server that is not running,
 * read-only (see {@link StoppedDatabase}). This is what the admin console's "System Properties" page would show, seen
 * from outside the server.
 */
public final class StoredProperties {

    private StoredProperties() {
    }

    /** All properties whose name starts with {@code prefix} ("" for all). */
    public static Map<String, String> read(OpenfireServer server, String prefix) {
        return StoppedDatabase.open(server, true, connection -> {
            Map<String, String> properties = new TreeMap<>();
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT name, propValue FROM ofProperty WHERE name LIKE ?")) {
                select.setString(1, prefix + "%");
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        properties.put(rows.getString(1), rows.getString(2));
                    }
                }
            }
            return properties;
        });
    }
}
