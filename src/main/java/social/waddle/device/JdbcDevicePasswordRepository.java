package social.waddle.device;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import social.waddle.account.AccountStorageException;
import social.waddle.account.ConnectionSource;

/** {@link DevicePasswordRepository} on table {@code ofWaddleDevicePassword} (schema version 7); plain, portable JDBC. */
public final class JdbcDevicePasswordRepository implements DevicePasswordRepository {

    private static final String COLUMNS = "id, did, name, passwordHash, createdAt, lastUsedAt, lastAddress";
    /** Column width of lastAddress; a longer address (never seen: IPv6 text is at most 45) is cut. */
    static final int ADDRESS_LENGTH = 100;

    private final ConnectionSource connections;

    public JdbcDevicePasswordRepository(ConnectionSource connections) {
        this.connections = connections;
    }

    @Override
    public void insert(DevicePassword row) {
        try (Connection connection = connections.get();
             PreparedStatement insert = connection.prepareStatement(
                     "INSERT INTO ofWaddleDevicePassword (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, row.id());
            insert.setString(2, row.did());
            insert.setString(3, row.name());
            insert.setString(4, row.hash());
            insert.setLong(5, row.createdAt().toEpochMilli());
            insert.setNull(6, Types.BIGINT);
            insert.setNull(7, Types.VARCHAR);
            insert.executeUpdate();
        } catch (SQLException e) {
            throw new AccountStorageException("Could not store a device password of " + row.did(), e);
        }
    }

    @Override
    public Optional<DevicePassword> find(String id) {
        List<DevicePassword> rows = select("SELECT " + COLUMNS + " FROM ofWaddleDevicePassword WHERE id = ?", id,
                "read a device password");
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
    }

    @Override
    public List<DevicePassword> listOf(String did) {
        return select("SELECT " + COLUMNS + " FROM ofWaddleDevicePassword WHERE did = ? ORDER BY createdAt, id", did,
                "list the device passwords of " + did);
    }

    @Override
    public int countOf(String did) {
        try (Connection connection = connections.get();
             PreparedStatement count = connection.prepareStatement(
                     "SELECT COUNT(*) FROM ofWaddleDevicePassword WHERE did = ?")) {
            count.setString(1, did);
            try (ResultSet rows = count.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        } catch (SQLException e) {
            throw new AccountStorageException("Could not count the device passwords of " + did, e);
        }
    }

    @Override
    public boolean delete(String did, String id) {
        try (Connection connection = connections.get();
             PreparedStatement delete = connection.prepareStatement(
                     "DELETE FROM ofWaddleDevicePassword WHERE id = ? AND did = ?")) {
            delete.setString(1, id);
            delete.setString(2, did);
            return delete.executeUpdate() > 0;
        } catch (SQLException e) {
            throw new AccountStorageException("Could not revoke a device password of " + did, e);
        }
    }

    @Override
    public void recordUse(String id, Instant at, String address) {
        try (Connection connection = connections.get();
             PreparedStatement update = connection.prepareStatement(
                     "UPDATE ofWaddleDevicePassword SET lastUsedAt = ?, lastAddress = ? WHERE id = ?")) {
            update.setLong(1, at.toEpochMilli());
            if (address == null) {
                update.setNull(2, Types.VARCHAR);
            } else {
                update.setString(2, address.length() > ADDRESS_LENGTH ? address.substring(0, ADDRESS_LENGTH) : address);
            }
            update.setString(3, id);
            update.executeUpdate();
        } catch (SQLException e) {
            throw new AccountStorageException("Could not record the use of a device password", e);
        }
    }

    private List<DevicePassword> select(String sql, String value, String what) {
        try (Connection connection = connections.get();
             PreparedStatement select = connection.prepareStatement(sql)) {
            select.setString(1, value);
            try (ResultSet rows = select.executeQuery()) {
                List<DevicePassword> found = new ArrayList<>();
                while (rows.next()) {
                    long lastUsed = rows.getLong(6);
                    Optional<Instant> lastUsedAt = rows.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(lastUsed));
                    found.add(new DevicePassword(rows.getString(1), rows.getString(2), rows.getString(3),
                            rows.getString(4), Instant.ofEpochMilli(rows.getLong(5)), lastUsedAt,
                            Optional.ofNullable(rows.getString(7))));
                }
                return found;
            }
        } catch (SQLException e) {
            throw new AccountStorageException("Could not " + what, e);
        }
    }
}
