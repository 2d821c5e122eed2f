package social.waddle.account;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.Optional;

/** {@link ProfileRepository} on table {@code ofWaddleProfile}; plain, portable JDBC. */
public final class JdbcProfileRepository implements ProfileRepository {

    private static final String COLUMNS = "did, displayName, avatarCid, avatarType, avatarSha1, avatarSize, recordCid, "
            + "publishedHandle, publishedAt, fetchedAt, attemptedAt, failures, nextAttempt, lastError";
    private static final int MAX_ERROR = 1000;

    private final ConnectionSource connections;

    public JdbcProfileRepository(ConnectionSource connections) {
        this.connections = connections;
    }

    @Override
    public Optional<StoredProfile> find(String did) {
        try (Connection connection = connections.get();
             PreparedStatement statement = connection.prepareStatement(
                     "SELECT " + COLUMNS + " FROM ofWaddleProfile WHERE did = ?")) {
            statement.setString(1, did);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? Optional.of(read(rows)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new AccountStorageException("Could not read the profile of " + did, e);
        }
    }

    /** Update, else insert; a concurrent first insert of the same DID loses to a retry that then updates. */
    @Override
    public void save(StoredProfile profile) {
        try {
            upsert(profile);
        } catch (SQLException e) {
            if (!JdbcAccountRepository.isIntegrityViolation(e)) {
                throw new AccountStorageException("Could not save the profile of " + profile.did(), e);
            }
            try {
                upsert(profile);
            } catch (SQLException again) {
                throw new AccountStorageException("Could not save the profile of " + profile.did(), again);
            }
        }
    }

    private void upsert(StoredProfile profile) throws SQLException {
        try (Connection connection = connections.get()) {
            try (PreparedStatement update = connection.prepareStatement("UPDATE ofWaddleProfile SET displayName = ?, "
                    + "avatarCid = ?, avatarType = ?, avatarSha1 = ?, avatarSize = ?, recordCid = ?, publishedHandle = ?, "
                    + "publishedAt = ?, fetchedAt = ?, attemptedAt = ?, failures = ?, nextAttempt = ?, lastError = ? "
                    + "WHERE did = ?")) {
                bind(update, profile, 1);
                update.setString(14, profile.did());
                if (update.executeUpdate() > 0) {
                    return;
                }
            }
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO ofWaddleProfile (" + COLUMNS
                    + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                insert.setString(1, profile.did());
                bind(insert, profile, 2);
                insert.executeUpdate();
            }
        }
    }

    private static void bind(PreparedStatement statement, StoredProfile profile, int first) throws SQLException {
        int i = first;
        text(statement, i++, profile.displayName());
        text(statement, i++, profile.avatarCid());
        text(statement, i++, profile.avatarType());
        text(statement, i++, profile.avatarSha1());
        statement.setInt(i++, profile.avatarSize());
        text(statement, i++, profile.recordCid());
        text(statement, i++, profile.publishedHandle());
        instant(statement, i++, profile.publishedAt());
        instant(statement, i++, profile.fetchedAt());
        instant(statement, i++, profile.attemptedAt());
        statement.setInt(i++, profile.failures());
        instant(statement, i++, profile.nextAttempt());
        text(statement, i, profile.lastError().map(error -> error.length() > MAX_ERROR
                ? error.substring(0, MAX_ERROR - 1) + "…" : error));
    }

    private static StoredProfile read(ResultSet rows) throws SQLException {
        return new StoredProfile(rows.getString("did"),
                text(rows, "displayName"),
                text(rows, "avatarCid"),
                text(rows, "avatarType"),
                text(rows, "avatarSha1"),
                rows.getInt("avatarSize"),
                text(rows, "recordCid"),
                text(rows, "publishedHandle"),
                instant(rows, "publishedAt"),
                instant(rows, "fetchedAt"),
                instant(rows, "attemptedAt"),
                rows.getInt("failures"),
                instant(rows, "nextAttempt"),
                text(rows, "lastError"));
    }

    private static void text(PreparedStatement statement, int index, Optional<String> value) throws SQLException {
        if (value.isPresent()) {
            statement.setString(index, value.get());
        } else {
            statement.setNull(index, Types.VARCHAR);
        }
    }

    private static void instant(PreparedStatement statement, int index, Optional<Instant> value) throws SQLException {
        if (value.isPresent()) {
            statement.setLong(index, value.get().toEpochMilli());
        } else {
            statement.setNull(index, Types.BIGINT);
        }
    }

    private static Optional<String> text(ResultSet rows, String column) throws SQLException {
        return Optional.ofNullable(rows.getString(column));
    }

    private static Optional<Instant> instant(ResultSet rows, String column) throws SQLException {
        long millis = rows.getLong(column);
        return rows.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(millis));
    }
}
