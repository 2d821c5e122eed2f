package social.waddle.account;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.Optional;

/** {@link WebSessionRepository} on table {@code ofWaddleWebSession} (schema version 6); plain, portable JDBC. */
public final class JdbcWebSessionRepository implements WebSessionRepository {

    private static final String COLUMNS = "tokenHash, did, handle, createdAt, expiresAt, address";

    private final ConnectionSource connections;

    public JdbcWebSessionRepository(ConnectionSource connections) {
        this.connections = connections;
    }

    @Override
    public void insert(WebSessionRow row) {
        try (Connection connection = connections.get();
             PreparedStatement insert = connection.prepareStatement(
                     "INSERT INTO ofWaddleWebSession (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, row.tokenHash());
            insert.setString(2, row.did());
            if (row.handle().isPresent()) {
                insert.setString(3, row.handle().get());
            } else {
                insert.setNull(3, Types.VARCHAR);
            }
            insert.setLong(4, row.createdAt().toEpochMilli());
            insert.setLong(5, row.expiresAt().toEpochMilli());
            insert.setString(6, row.address());
            insert.executeUpdate();
        } catch (SQLException e) {
            throw new AccountStorageException("Could not store a web session of " + row.did(), e);
        }
    }

    @Override
    public Optional<WebSessionRow> find(String tokenHash) {
        try (Connection connection = connections.get();
             PreparedStatement select = connection.prepareStatement(
                     "SELECT " + COLUMNS + " FROM ofWaddleWebSession WHERE tokenHash = ?")) {
            select.setString(1, tokenHash);
            try (ResultSet rows = select.executeQuery()) {
                if (!rows.next()) {
                    return Optional.empty();
                }
                return Optional.of(new WebSessionRow(rows.getString(1), rows.getString(2),
                        Optional.ofNullable(rows.getString(3)), Instant.ofEpochMilli(rows.getLong(4)),
                        Instant.ofEpochMilli(rows.getLong(5)), Optional.ofNullable(rows.getString(6)).orElse("")));
            }
        } catch (SQLException e) {
            throw new AccountStorageException("Could not read a web session", e);
        }
    }

    @Override
    public boolean delete(String tokenHash) {
        return update("DELETE FROM ofWaddleWebSession WHERE tokenHash = ?", tokenHash, "end a web session") > 0;
    }

    @Override
    public int deleteAllOf(String did) {
        return update("DELETE FROM ofWaddleWebSession WHERE did = ?", did, "end the web sessions of " + did);
    }

    @Override
    public int deleteExpired(Instant now) {
        try (Connection connection = connections.get();
             PreparedStatement delete = connection.prepareStatement(
                     "DELETE FROM ofWaddleWebSession WHERE expiresAt <= ?")) {
            delete.setLong(1, now.toEpochMilli());
            return delete.executeUpdate();
        } catch (SQLException e) {
            throw new AccountStorageException("Could not remove expired web sessions", e);
        }
    }

    private int update(String sql, String value, String what) {
        try (Connection connection = connections.get();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, value);
            return statement.executeUpdate();
        } catch (SQLException e) {
            throw new AccountStorageException("Could not " + what, e);
        }
    }
}
