package social.waddle.community;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import social.waddle.account.ConnectionSource;
import social.waddle.database.DatabaseScripts;

/** A private in-memory HSQLDB (for the Waddle domain's tests and its adapters') with the plugin's install script run, as Openfire would; closing it drops it. */
public final class HsqldbWaddleDatabase implements AutoCloseable {

    private final Connection keepAlive;
    private final ConnectionSource connections;

    private HsqldbWaddleDatabase(Connection keepAlive, ConnectionSource connections) {
        this.keepAlive = keepAlive;
        this.connections = connections;
    }

    public static HsqldbWaddleDatabase create() throws SQLException {
        String url = "jdbc:hsqldb:mem:waddles-" + UUID.randomUUID();
        Connection keepAlive = DriverManager.getConnection(url, "SA", "");
        DatabaseScripts.createOpenfireVersionTable(keepAlive);
        DatabaseScripts.run(keepAlive, DatabaseScripts.install("hsqldb"));
        return new HsqldbWaddleDatabase(keepAlive, () -> DriverManager.getConnection(url, "SA", ""));
    }

    public ConnectionSource connections() {
        return connections;
    }

    @Override
    public void close() throws SQLException {
        try (Statement statement = keepAlive.createStatement()) {
            statement.execute("SHUTDOWN");
        }
    }
}
