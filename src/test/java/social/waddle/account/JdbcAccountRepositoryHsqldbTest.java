package social.waddle.account;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;

/** The repository contract on HSQLDB, Openfire's embedded database, in memory. */
class JdbcAccountRepositoryHsqldbTest extends AccountRepositoryContract {

    private Connection keepAlive;

    @Override
    protected String dialect() {
        return "hsqldb";
    }

    @Override
    protected ConnectionSource emptyDatabase() throws SQLException {
        String url = "jdbc:hsqldb:mem:accounts-" + UUID.randomUUID();
        keepAlive = DriverManager.getConnection(url, "SA", "");
        return () -> DriverManager.getConnection(url, "SA", "");
    }

    @AfterEach
    void dropDatabase() throws SQLException {
        try (Statement statement = keepAlive.createStatement()) {
            statement.execute("SHUTDOWN");
        }
    }
}
