package social.waddle.testbed.postgres;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/** One database on a {@link PostgresServer}, with what a JDBC client needs to reach it. */
public record PostgresDatabase(String name, String jdbcUrl, String user, String password) {

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl, user, password);
    }
}
