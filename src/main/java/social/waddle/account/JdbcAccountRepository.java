package social.waddle.account;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@link AccountRepository} on table {@code ofWaddleAccount} (see {@code src/main/database}). Plain JDBC with
 * portable SQL so it runs on every database Openfire supports; paging is done by skipping rows, which is what
 * Openfire's own providers do across dialects.
 */
public final class JdbcAccountRepository implements AccountRepository {

    private static final String COLUMNS = "username, did, handle, handleVerified, displayName, pdsUrl, credentialTypes, "
            + "loginBlocked, firstSeen, lastSeen, resolvedAt";

    private final ConnectionSource connections;

    public JdbcAccountRepository(ConnectionSource connections) {
        this.connections = connections;
    }

    @Override
    public Optional<AtprotoAccount> findByUsername(String username) {
        return findOne("SELECT " + COLUMNS + " FROM ofWaddleAccount WHERE username = ?", username);
    }

    @Override
    public Optional<AtprotoAccount> findByDid(String did) {
        return findOne("SELECT " + COLUMNS + " FROM ofWaddleAccount WHERE did = ?", did);
    }

    private Optional<AtprotoAccount> findOne(String sql, String value) {
        try (Connection connection = connections.get();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, value);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? Optional.of(read(rows)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new AccountStorageException("Could not read ATProto account " + value, e);
        }
    }

    /**
     * Update, else insert. Two first logins of one account may race to insert: the loser sees a unique-key violation
     * (SQL state class 23) and retries, and then updates the row the winner inserted.
     */
    @Override
    public void save(AtprotoAccount account) {
        try {
            upsert(account);
        } catch (SQLException e) {
            if (!isIntegrityViolation(e)) {
                throw new AccountStorageException("Could not save ATProto account " + account.username(), e);
            }
            try {
                upsert(account);
            } catch (SQLException again) {
                throw new AccountStorageException("Could not save ATProto account " + account.username(), again);
            }
        }
    }

    static boolean isIntegrityViolation(SQLException e) {
        return e instanceof java.sql.SQLIntegrityConstraintViolationException
                || e.getSQLState() != null && e.getSQLState().startsWith("23");
    }

    private void upsert(AtprotoAccount account) throws SQLException {
        try (Connection connection = connections.get()) {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try {
                int updated;
                try (PreparedStatement update = connection.prepareStatement("UPDATE ofWaddleAccount SET did = ?, handle = ?, "
                        + "handleVerified = ?, displayName = ?, pdsUrl = ?, credentialTypes = ?, loginBlocked = ?, firstSeen = ?, "
                        + "lastSeen = ?, resolvedAt = ? WHERE username = ?")) {
                    bindAllButUsername(update, account, 1);
                    update.setString(11, account.username());
                    updated = update.executeUpdate();
                }
                if (updated == 0) {
                    try (PreparedStatement insert = connection.prepareStatement("INSERT INTO ofWaddleAccount (" + COLUMNS
                            + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                        insert.setString(1, account.username());
                        bindAllButUsername(insert, account, 2);
                        insert.executeUpdate();
                    }
                }
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(autoCommit);
            }
        }
    }

    private static void bindAllButUsername(PreparedStatement statement, AtprotoAccount account, int first) throws SQLException {
        int i = first;
        statement.setString(i++, account.did());
        statement.setString(i++, account.handle().orElse(null));
        statement.setInt(i++, account.handleVerified() ? 1 : 0);
        statement.setString(i++, account.displayName().map(name -> truncate(name, 640)).orElse(null));
        statement.setString(i++, account.pdsUrl().orElse(null));
        statement.setString(i++, account.credentialTypes().stream().map(Enum::name).sorted().collect(Collectors.joining(",")));
        statement.setInt(i++, account.loginBlocked() ? 1 : 0);
        statement.setLong(i++, account.firstSeen().toEpochMilli());
        statement.setLong(i++, account.lastSeen().toEpochMilli());
        statement.setLong(i, account.resolvedAt().toEpochMilli());
    }

    @Override
    public int count() {
        try (Connection connection = connections.get();
             PreparedStatement statement = connection.prepareStatement("SELECT COUNT(*) FROM ofWaddleAccount");
             ResultSet rows = statement.executeQuery()) {
            rows.next();
            return rows.getInt(1);
        } catch (SQLException e) {
            throw new AccountStorageException("Could not count ATProto accounts", e);
        }
    }

    @Override
    public List<AtprotoAccount> resolvedBefore(Instant before, int limit) {
        List<AtprotoAccount> accounts = new ArrayList<>();
        try (Connection connection = connections.get();
             PreparedStatement statement = connection.prepareStatement("SELECT " + COLUMNS
                     + " FROM ofWaddleAccount WHERE resolvedAt < ? ORDER BY resolvedAt")) {
            statement.setLong(1, before.toEpochMilli());
            statement.setMaxRows(Math.max(1, limit));
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next() && accounts.size() < limit) {
                    accounts.add(read(rows));
                }
            }
            return accounts;
        } catch (SQLException e) {
            throw new AccountStorageException("Could not list ATProto accounts resolved before " + before, e);
        }
    }

    @Override
    public List<String> usernames(int offset, int limit) {
        List<String> usernames = new ArrayList<>();
        try (Connection connection = connections.get();
             PreparedStatement statement = connection.prepareStatement("SELECT username FROM ofWaddleAccount ORDER BY username")) {
            statement.setMaxRows(saturatedSum(offset, limit));
            try (ResultSet rows = statement.executeQuery()) {
                int index = 0;
                while (rows.next() && usernames.size() < limit) {
                    if (index++ >= offset) {
                        usernames.add(rows.getString(1));
                    }
                }
            }
            return usernames;
        } catch (SQLException e) {
            throw new AccountStorageException("Could not list ATProto accounts", e);
        }
    }

    @Override
    public List<AtprotoAccount> search(String query, int offset, int limit) {
        List<AtprotoAccount> accounts = new ArrayList<>();
        try (Connection connection = connections.get();
             PreparedStatement statement = connection.prepareStatement("SELECT " + COLUMNS + " FROM ofWaddleAccount " + MATCHING
                     + " ORDER BY username")) {
            bindPattern(statement, query);
            statement.setMaxRows(saturatedSum(offset, limit));
            try (ResultSet rows = statement.executeQuery()) {
                int index = 0;
                while (rows.next() && accounts.size() < limit) {
                    if (index++ >= offset) {
                        accounts.add(read(rows));
                    }
                }
            }
            return accounts;
        } catch (SQLException e) {
            throw new AccountStorageException("Could not search ATProto accounts", e);
        }
    }

    @Override
    public int countMatching(String query) {
        try (Connection connection = connections.get();
             PreparedStatement statement = connection.prepareStatement("SELECT COUNT(*) FROM ofWaddleAccount " + MATCHING)) {
            bindPattern(statement, query);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        } catch (SQLException e) {
            throw new AccountStorageException("Could not search ATProto accounts", e);
        }
    }

    private static final String MATCHING = "WHERE LOWER(username) LIKE ? ESCAPE '!' OR LOWER(handle) LIKE ? ESCAPE '!' "
            + "OR LOWER(displayName) LIKE ? ESCAPE '!' OR LOWER(did) LIKE ? ESCAPE '!'";

    private static void bindPattern(PreparedStatement statement, String query) throws SQLException {
        String pattern = likePattern(query);
        for (int i = 1; i <= 4; i++) {
            statement.setString(i, pattern);
        }
    }

    /** {@code *} is the only wildcard users type; SQL's own wildcards in the query are matched literally. */
    static String likePattern(String query) {
        String lower = query == null ? "" : query.trim().toLowerCase(Locale.ROOT);
        StringBuilder pattern = new StringBuilder();
        for (char c : lower.toCharArray()) {
            switch (c) {
                case '!':
                case '%':
                case '_':
                    pattern.append('!').append(c);
                    break;
                case '*':
                    pattern.append('%');
                    break;
                default:
                    pattern.append(c);
            }
        }
        return lower.contains("*") ? pattern.toString() : "%" + pattern + "%";
    }

    private static AtprotoAccount read(ResultSet rows) throws SQLException {
        String types = rows.getString("credentialTypes");
        Set<CredentialType> credentialTypes = types == null || types.isBlank()
                ? Set.of()
                : Arrays.stream(types.split(",")).map(String::trim).filter(JdbcAccountRepository::isCredentialType)
                .map(CredentialType::valueOf).collect(Collectors.toCollection(() -> EnumSet.noneOf(CredentialType.class)));
        return new AtprotoAccount(
                rows.getString("username"),
                rows.getString("did"),
                Optional.ofNullable(rows.getString("handle")),
                rows.getInt("handleVerified") != 0,
                Optional.ofNullable(rows.getString("displayName")),
                Optional.ofNullable(rows.getString("pdsUrl")),
                credentialTypes,
                rows.getInt("loginBlocked") != 0,
                Instant.ofEpochMilli(rows.getLong("firstSeen")),
                Instant.ofEpochMilli(rows.getLong("lastSeen")),
                Instant.ofEpochMilli(rows.getLong("resolvedAt")));
    }

    private static boolean isCredentialType(String name) {
        return Arrays.stream(CredentialType.values()).anyMatch(t -> t.name().equals(name));
    }

    private static int saturatedSum(int a, int b) {
        long sum = (long) a + b;
        return sum > Integer.MAX_VALUE ? 0 : (int) sum;
    }

    private static String truncate(String value, int max) {
        return value.length() <= max ? value : value.substring(0, max);
    }
}
