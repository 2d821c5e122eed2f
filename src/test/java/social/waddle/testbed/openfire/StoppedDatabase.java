package social.waddle.testbed.openfire;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * Writes rows into the HSQLDB files of a server that is not running, with the HSQLDB version that server runs, as an
 * admin with a SQL console would: for seeding state (such as Waddle rows) that the server finds when it starts again.
 * Only for {@link OpenfireServer.Database#FILE} homes; see {@link StoredProperties} for reading.
 */
public final class StoppedDatabase {

    private StoppedDatabase() {
    }

    /** Runs the statements in one transaction, then shuts the database down so the files hold them. */
    public static void execute(OpenfireServer server, List<String> statements) {
        if (server.isRunning()) {
            throw new IllegalStateException("Stop (or kill) " + server + " before writing its database files");
        }
        if (server.database() != OpenfireServer.Database.FILE) {
            throw new IllegalStateException(server + " keeps its database in memory; use Database.FILE");
        }
        Path database = server.home().resolve("embedded-db/openfire");
        String url = "jdbc:hsqldb:file:" + database + ";hsqldb.lock_file=false;ifexists=true";
        try (URLClassLoader loader = new URLClassLoader(new URL[] {StoredProperties.hsqldbJar().toUri().toURL()},
                ClassLoader.getPlatformClassLoader())) {
            Driver driver = (Driver) Class.forName("org.hsqldb.jdbc.JDBCDriver", true, loader)
                    .getDeclaredConstructor().newInstance();
            try (Connection connection = driver.connect(url, StoredProperties.credentials())) {
                connection.setAutoCommit(false);
                try (Statement statement = connection.createStatement()) {
                    for (String sql : statements) {
                        statement.execute(sql);
                    }
                }
                connection.commit();
                try (Statement shutdown = connection.createStatement()) {
                    shutdown.execute("SHUTDOWN");
                }
            }
        } catch (SQLException | ReflectiveOperationException | IOException e) {
            throw new IllegalStateException("Cannot write to the database of " + server + " at " + database + ": " + e, e);
        }
    }
}
