package social.waddle.testbed.openfire;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Reads Openfire's system properties ({@code ofProperty}) from the HSQLDB files of a server that is not running, with
 * the very HSQLDB version that server runs (loaded from its {@code lib/} in a class loader of its own), read-only.
 * This is what the admin console's "System Properties" page would show, seen from outside the server.
 *
 * <p>Only meaningful for {@link OpenfireServer.Database#FILE} homes; the bed opens them with
 * {@code hsqldb.write_delay=false}, so every committed change is already in the files when the process dies.
 */
public final class StoredProperties {

    private StoredProperties() {
    }

    /** All properties whose name starts with {@code prefix} ("" for all). */
    public static Map<String, String> read(OpenfireServer server, String prefix) {
        if (server.isRunning()) {
            throw new IllegalStateException("Stop (or kill) " + server + " before reading its database files");
        }
        if (server.database() != OpenfireServer.Database.FILE) {
            throw new IllegalStateException(server + " keeps its database in memory; use Database.FILE");
        }
        Path database = server.home().resolve("embedded-db/openfire");
        String url = "jdbc:hsqldb:file:" + database + ";hsqldb.lock_file=false;readonly=true;ifexists=true";
        try (URLClassLoader loader = new URLClassLoader(new URL[] {hsqldbJar().toUri().toURL()},
                ClassLoader.getPlatformClassLoader())) {
            Driver driver = (Driver) Class.forName("org.hsqldb.jdbc.JDBCDriver", true, loader)
                    .getDeclaredConstructor().newInstance();
            Map<String, String> properties = new TreeMap<>();
            try (Connection connection = driver.connect(url, credentials())) {
                try (PreparedStatement select = connection.prepareStatement(
                        "SELECT name, propValue FROM ofProperty WHERE name LIKE ?")) {
                    select.setString(1, prefix + "%");
                    try (ResultSet rows = select.executeQuery()) {
                        while (rows.next()) {
                            properties.put(rows.getString(1), rows.getString(2));
                        }
                    }
                }
                try (Statement shutdown = connection.createStatement()) {
                    shutdown.execute("SHUTDOWN");
                }
            }
            return properties;
        } catch (SQLException | ReflectiveOperationException e) {
            throw new IllegalStateException("Cannot read the properties of " + server + " from " + database + ": " + e, e);
        } catch (MalformedURLException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Properties credentials() {
        Properties credentials = new Properties();
        credentials.setProperty("user", "sa");
        credentials.setProperty("password", "openfire");
        return credentials;
    }

    static Path hsqldbJar() throws IOException {
        Path lib = OpenfireServer.openfireLib();
        try (Stream<Path> jars = Files.list(lib)) {
            return jars.filter(jar -> jar.getFileName().toString().matches("hsqldb-[0-9.]+\\.jar"))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("No hsqldb JAR in " + lib + ": run mvn package first"));
        }
    }
}
