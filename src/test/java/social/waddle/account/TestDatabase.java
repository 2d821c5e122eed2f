package social.waddle.account;

import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/** A private in-memory HSQLDB with the plugin's install script applied, and a {@link JdbcAccountRepository} on it. */
public final class TestDatabase implements AutoCloseable {

    private final String url = "jdbc:hsqldb:mem:waddle-" + UUID.randomUUID();
    private final Connection keepAlive;
    private final JdbcAccountRepository accounts;

    public TestDatabase() throws IOException, SQLException {
        keepAlive = DriverManager.getConnection(url, "SA", "");
        SqlScripts.createOpenfireVersionTable(keepAlive);
        SqlScripts.run(keepAlive, SqlScripts.database("waddle_hsqldb.sql"));
        accounts = new JdbcAccountRepository(() -> DriverManager.getConnection(url, "SA", ""));
    }

    public AccountRepository accounts() {
        return accounts;
    }

    /** Connections to this database, which also holds the Waddle tables. */
    public ConnectionSource connections() {
        return () -> DriverManager.getConnection(url, "SA", "");
    }

    @Override
    public void close() throws SQLException {
        try (Statement statement = keepAlive.createStatement()) {
            statement.execute("SHUTDOWN");
        } finally {
            keepAlive.close();
        }
    }
}
