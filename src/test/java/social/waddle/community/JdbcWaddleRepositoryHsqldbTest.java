package social.waddle.community;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import social.waddle.account.ConnectionSource;

/** The repository contract on HSQLDB, Openfire's embedded database, in memory. */
class JdbcWaddleRepositoryHsqldbTest extends WaddleRepositoryContract {

    private final List<Connection> keepAlive = new ArrayList<>();

    @Override
    protected String dialect() {
        return "hsqldb";
    }

    @Override
    protected ConnectionSource emptyDatabase() throws SQLException {
        String url = "jdbc:hsqldb:mem:waddle-repository-" + UUID.randomUUID();
        keepAlive.add(DriverManager.getConnection(url, "SA", ""));
        return () -> DriverManager.getConnection(url, "SA", "");
    }

    @AfterEach
    void dropDatabases() throws SQLException {
        for (Connection connection : keepAlive) {
            try (Statement statement = connection.createStatement()) {
                statement.execute("SHUTDOWN");
            }
        }
    }
}
