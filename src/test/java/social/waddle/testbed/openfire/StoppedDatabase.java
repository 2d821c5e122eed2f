package social.waddle.testbed.openfire;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * Opens the HSQLDB files of a server that is not running, with the HSQLDB version that server runs (files written
 * by Openfire 5.x's HSQLDB 2.7 cannot be read by 4.2.0's), as an admin with a SQL console would: for seeding state
 * (such as Waddle rows) that the server finds when it starts again, or reading what it left. Only for
 * {@link OpenfireServer.Database#FILE} homes; the bed opens them with {@code hsqldb.write_delay=false}, so every
 * committed change is already in the files when the process dies.
 */
public final class StoppedDatabase {

    /** Work on the connection; the database is shut down afterwards so the files hold what was committed. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private StoppedDatabase() {
    }

    /** Runs the statements in one transaction, then shuts the database down so the files hold them. */
    public static void execute(OpenfireServer server, List<String> statements) {
        open(server, false, connection -> {
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement()) {
                for (String sql : statements) {
                    statement.execute(sql);
                }
            }
            connection.commit();
            return null;
        });
    }

    /** Runs {@code work} on a connection to the stopped server's database files. */
    public static <T> T open(OpenfireServer server, boolean readOnly, Work<T> work) {
        if (server.isRunning()) {
            throw new IllegalStateException("Stop (or kill) " + server + " before opening its database files");
        }
        if (server.database() != OpenfireServer.Database.FILE) {
            throw new IllegalStateException(server + " keeps its database in memory; use Database.FILE");
        }
        Path database = server.home().resolve("embedded-db/openfire");
        String url = "jdbc:hsqldb:file:" + database + ";hsqldb.lock_file=false;ifexists=true"
                + (readOnly ? ";readonly=true" : "");
        try (URLClassLoader loader = new URLClassLoader(new URL[] {hsqldbJar(server.libDirectory()).toUri().toURL()},
                ClassLoader.getPlatformClassLoader())) {
            Driver driver = (Driver) Class.forName("org.hsqldb.jdbc.JDBCDriver", true, loader)
                    .getDeclaredConstructor().newInstance();
            try (Connection connection = driver.connect(url, credentials())) {
                T result = work.run(connection);
                try (Statement shutdown = connection.createStatement()) {
                    shutdown.execute("SHUTDOWN");
                }
                return result;
            }
        } catch (SQLException | ReflectiveOperationException | IOException e) {
            throw new IllegalStateException("Cannot use the database of " + server + " at " + database + ": " + e, e);
        }
    }

    private static Properties credentials() {
        Properties credentials = new Properties();
        credentials.setProperty("user", "sa");
        credentials.setProperty("password", "openfire");
        return credentials;
    }

    private static Path hsqldbJar(Path lib) throws IOException {
        try (Stream<Path> jars = Files.list(lib)) {
            return jars.filter(jar -> jar.getFileName().toString().matches("hsqldb-[0-9.]+\\.jar"))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("No hsqldb JAR in " + lib + ": run mvn package first"));
        }
    }
}
