package social.waddle.account;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** {@link PendingInviteRepository} on table {@code ofWaddlePendingInvite} (schema version 8); plain, portable JDBC. */
public final class JdbcPendingInviteRepository implements PendingInviteRepository {

    private final ConnectionSource connections;

    public JdbcPendingInviteRepository(ConnectionSource connections) {
        this.connections = connections;
    }

    @Override
    public void remember(String did, String code, Instant openedAt) {
        try (Connection connection = connections.get()) {
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE ofWaddlePendingInvite SET openedAt = ? WHERE did = ? AND inviteCode = ?")) {
                update.setLong(1, openedAt.toEpochMilli());
                update.setString(2, did);
                update.setString(3, code);
                if (update.executeUpdate() == 0) {
                    insert(connection, did, code, openedAt);
                }
            }
            List<PendingInvite> newestFirst = of(connection, did);
            for (PendingInvite old : newestFirst.subList(Math.min(MAX_PER_PERSON, newestFirst.size()), newestFirst.size())) {
                delete(connection, did, old.code());
            }
        } catch (SQLException e) {
            throw new AccountStorageException("Could not remember the invite " + code + " opened by " + did, e);
        }
    }

    private static void insert(Connection connection, String did, String code, Instant openedAt) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO ofWaddlePendingInvite (did, inviteCode, openedAt) VALUES (?, ?, ?)")) {
            insert.setString(1, did);
            insert.setString(2, code);
            insert.setLong(3, openedAt.toEpochMilli());
            insert.executeUpdate();
        } catch (SQLException e) {
            // The same person opened the same link twice at once (two tabs): the other request's row stands.
            if (of(connection, did).stream().noneMatch(row -> row.code().equals(code))) {
                throw e;
            }
        }
    }

    @Override
    public List<PendingInvite> of(String did) {
        try (Connection connection = connections.get()) {
            return of(connection, did);
        } catch (SQLException e) {
            throw new AccountStorageException("Could not read the invites opened by " + did, e);
        }
    }

    private static List<PendingInvite> of(Connection connection, String did) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT inviteCode, openedAt FROM ofWaddlePendingInvite WHERE did = ? ORDER BY openedAt DESC, inviteCode")) {
            select.setString(1, did);
            try (ResultSet rows = select.executeQuery()) {
                List<PendingInvite> invites = new ArrayList<>();
                while (rows.next()) {
                    invites.add(new PendingInvite(did, rows.getString(1), Instant.ofEpochMilli(rows.getLong(2))));
                }
                return invites;
            }
        }
    }

    @Override
    public void forget(String did, String code) {
        try (Connection connection = connections.get()) {
            delete(connection, did, code);
        } catch (SQLException e) {
            throw new AccountStorageException("Could not forget the invite " + code + " opened by " + did, e);
        }
    }

    private static void delete(Connection connection, String did, String code) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement(
                "DELETE FROM ofWaddlePendingInvite WHERE did = ? AND inviteCode = ?")) {
            delete.setString(1, did);
            delete.setString(2, code);
            delete.executeUpdate();
        }
    }
}
