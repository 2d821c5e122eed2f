package social.waddle.account;

import java.sql.Connection;
import java.sql.SQLException;

/** Hands out JDBC connections; in Openfire, {@code DbConnectionManager::getConnection}. */
@FunctionalInterface
public interface ConnectionSource {
    Connection get() throws SQLException;
}
