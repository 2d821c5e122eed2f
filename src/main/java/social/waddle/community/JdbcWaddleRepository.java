package social.waddle.community;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import social.waddle.account.ConnectionSource;
import social.waddle.atproto.AtprotoException;
import social.waddle.atproto.syntax.Did;

/**
 * {@link WaddleRepository} on the {@code ofWaddle…} tables (see {@code src/main/database}), in plain JDBC with portable
 * SQL so it runs on every database Openfire supports. Paging skips rows, as Openfire's own providers do across
 * dialects.
 *
 * <p>Ids come from {@code ofWaddleSequence}, one row per {@link IdSequence}: {@link WaddleStore#nextId} increments the
 * row inside the caller's transaction, so the row stays locked until commit and no two committed transactions, on any
 * cluster node, ever get the same id. (Openfire's {@code SequenceManager} would also do, but hands out ids from blocks
 * cached per JVM outside our transaction and needs a running Openfire; this table keeps the repository testable on
 * any database.) The rows are created on first use, outside any transaction, so a concurrent first use cannot abort
 * one.
 */
public final class JdbcWaddleRepository implements WaddleRepository {

    private static final String WADDLE_COLUMNS = "id, slug, name, description, ownerDid, visibility, createdAt, updatedAt";
    private static final String CHANNEL_COLUMNS = "id, waddleId, slug, roomLocalpart, name, topic, channelKind, sortIndex, "
            + "isDefault, messageCount, lastActivity, createdAt";
    private static final String MEMBER_COLUMNS = "waddleId, did, memberRole, joinedAt, lastSeen";
    private static final String BAN_COLUMNS = "waddleId, did, reason, bannedBy, bannedAt, expiresAt";
    private static final String INVITE_COLUMNS = "inviteCode, waddleId, createdBy, createdAt, expiresAt, maxUses, useCount";
    private static final String AUDIT_COLUMNS = "id, waddleId, waddleSlug, actorDid, auditAction, targetDid, channelSlug, "
            + "detail, occurredAt";
    private static final String LINK_COLUMNS = "id, waddleId, listUri, linkKind, syncMode, listName, linkedBy, linkedAt, "
            + "lastSyncAt, peopleCount, lastAdded, lastRemoved, lastBanned, lastError, failures, lastSkipped, lastSkipNote";
    private static final String WADDLE_MATCHING = "WHERE LOWER(slug) LIKE ? ESCAPE '!' OR LOWER(name) LIKE ? ESCAPE '!' "
            + "OR LOWER(description) LIKE ? ESCAPE '!' OR LOWER(ownerDid) LIKE ? ESCAPE '!'";

    private final ConnectionSource connections;
    private final AtomicBoolean sequencesReady = new AtomicBoolean();

    public JdbcWaddleRepository(ConnectionSource connections) {
        this.connections = connections;
    }

    @Override
    public <T> T inTransaction(Work<T> work) throws WaddleException {
        ensureSequences();
        try (Connection connection = connections.get()) {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try {
                T result = work.run(new Store(connection));
                connection.commit();
                return result;
            } catch (WaddleException | RuntimeException e) {
                rollback(connection, e);
                throw e;
            } catch (SQLException e) {
                rollback(connection, e);
                throw e;
            } finally {
                connection.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw storageFailure("Could not complete a Waddle transaction", e);
        }
    }

    @Override
    public <T> T read(Function<WaddleStore, T> query) {
        try {
            return inTransaction(query::apply);
        } catch (WaddleException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    private static void rollback(Connection connection, Exception cause) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    private void ensureSequences() {
        if (sequencesReady.get()) {
            return;
        }
        try (Connection connection = connections.get()) {
            for (IdSequence sequence : IdSequence.values()) {
                if (!sequenceExists(connection, sequence)) {
                    try (PreparedStatement insert = connection.prepareStatement(
                            "INSERT INTO ofWaddleSequence (name, lastId) VALUES (?, 0)")) {
                        insert.setString(1, sequence.storedName());
                        insert.executeUpdate();
                    } catch (SQLException e) {
                        if (!isConstraintViolation(e) && !sequenceExists(connection, sequence)) {
                            throw e;
                        }
                    }
                }
            }
            sequencesReady.set(true);
        } catch (SQLException e) {
            throw storageFailure("Could not prepare the Waddle id sequences", e);
        }
    }

    private static boolean sequenceExists(Connection connection, IdSequence sequence) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT lastId FROM ofWaddleSequence WHERE name = ?")) {
            select.setString(1, sequence.storedName());
            try (ResultSet rows = select.executeQuery()) {
                return rows.next();
            }
        }
    }

    static boolean isConstraintViolation(SQLException e) {
        String state = e.getSQLState();
        return e instanceof SQLIntegrityConstraintViolationException || (state != null && state.startsWith("23"));
    }

    private static WaddleStorageException storageFailure(String message, SQLException e) {
        return new WaddleStorageException(message, e, isConstraintViolation(e));
    }

    /** {@code *} is the only wildcard users type; SQL's own wildcards in the query are matched literally. */
    static String likePattern(String query) {
        String lower = query == null ? "" : query.trim().toLowerCase(Locale.ROOT);
        StringBuilder pattern = new StringBuilder();
        for (char c : lower.toCharArray()) {
            switch (c) {
                case '!', '%', '_' -> pattern.append('!').append(c);
                case '*' -> pattern.append('%');
                default -> pattern.append(c);
            }
        }
        return lower.contains("*") ? pattern.toString() : "%" + pattern + "%";
    }

    @FunctionalInterface
    private interface Binder {
        void bind(PreparedStatement statement) throws SQLException;
    }

    @FunctionalInterface
    private interface RowReader<T> {
        T read(ResultSet rows) throws SQLException;
    }

    /** One transaction's view; every method runs on its connection. */
    private static final class Store implements WaddleStore {

        private final Connection connection;

        Store(Connection connection) {
            this.connection = connection;
        }

        private int update(String what, String sql, Binder binder) {
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                binder.bind(statement);
                return statement.executeUpdate();
            } catch (SQLException e) {
                throw storageFailure("Could not " + what, e);
            }
        }

        private <T> List<T> query(String what, String sql, Binder binder, RowReader<T> reader, int offset, int limit) {
            List<T> result = new ArrayList<>();
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                binder.bind(statement);
                if (limit < Integer.MAX_VALUE) {
                    long rowsNeeded = (long) offset + limit;
                    statement.setMaxRows(rowsNeeded > Integer.MAX_VALUE ? 0 : (int) rowsNeeded);
                }
                try (ResultSet rows = statement.executeQuery()) {
                    int index = 0;
                    while (result.size() < limit && rows.next()) {
                        if (index++ >= offset) {
                            result.add(reader.read(rows));
                        }
                    }
                }
                return result;
            } catch (SQLException e) {
                throw storageFailure("Could not " + what, e);
            }
        }

        private <T> List<T> query(String what, String sql, Binder binder, RowReader<T> reader) {
            return query(what, sql, binder, reader, 0, Integer.MAX_VALUE);
        }

        private <T> Optional<T> queryOne(String what, String sql, Binder binder, RowReader<T> reader) {
            return query(what, sql, binder, reader, 0, 1).stream().findFirst();
        }

        private int count(String what, String sql, Binder binder) {
            return query(what, sql, binder, rows -> rows.getInt(1)).get(0);
        }

        @Override
        public long nextId(IdSequence sequence) {
            int updated = update("allocate a " + sequence.storedName() + " id",
                    "UPDATE ofWaddleSequence SET lastId = lastId + 1 WHERE name = ?",
                    statement -> statement.setString(1, sequence.storedName()));
            if (updated != 1) {
                throw new WaddleStorageException("The id sequence '" + sequence.storedName()
                        + "' is missing from ofWaddleSequence");
            }
            return queryOne("read a " + sequence.storedName() + " id", "SELECT lastId FROM ofWaddleSequence WHERE name = ?",
                    statement -> statement.setString(1, sequence.storedName()), rows -> rows.getLong(1)).orElseThrow();
        }

        @Override
        public void insertWaddle(Waddle waddle) {
            update("create Waddle " + waddle.slug(), "INSERT INTO ofWaddle (" + WADDLE_COLUMNS
                    + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)", statement -> {
                statement.setLong(1, waddle.id());
                statement.setString(2, waddle.slug().value());
                statement.setString(3, waddle.name());
                setText(statement, 4, waddle.description());
                statement.setString(5, waddle.owner().toString());
                statement.setString(6, waddle.visibility().name());
                statement.setLong(7, waddle.createdAt().toEpochMilli());
                statement.setLong(8, waddle.updatedAt().toEpochMilli());
            });
        }

        @Override
        public void updateWaddle(Waddle waddle) {
            update("update Waddle " + waddle.slug(), "UPDATE ofWaddle SET name = ?, description = ?, ownerDid = ?, "
                    + "visibility = ?, updatedAt = ? WHERE id = ?", statement -> {
                statement.setString(1, waddle.name());
                setText(statement, 2, waddle.description());
                statement.setString(3, waddle.owner().toString());
                statement.setString(4, waddle.visibility().name());
                statement.setLong(5, waddle.updatedAt().toEpochMilli());
                statement.setLong(6, waddle.id());
            });
        }

        @Override
        public void deleteWaddle(long waddleId) {
            for (String table : List.of("ofWaddleSyncMember", "ofWaddleListLink", "ofWaddleInvite", "ofWaddleBan",
                    "ofWaddleMember", "ofWaddleChannel")) {
                update("delete Waddle " + waddleId + " from " + table, "DELETE FROM " + table + " WHERE waddleId = ?",
                        statement -> statement.setLong(1, waddleId));
            }
            update("delete Waddle " + waddleId, "DELETE FROM ofWaddle WHERE id = ?", statement -> statement.setLong(1, waddleId));
        }

        @Override
        public Optional<Waddle> findWaddle(long waddleId) {
            return queryOne("read Waddle " + waddleId, "SELECT " + WADDLE_COLUMNS + " FROM ofWaddle WHERE id = ?",
                    statement -> statement.setLong(1, waddleId), Store::waddle);
        }

        @Override
        public Optional<Waddle> findWaddleBySlug(WaddleSlug slug) {
            return queryOne("read Waddle " + slug, "SELECT " + WADDLE_COLUMNS + " FROM ofWaddle WHERE slug = ?",
                    statement -> statement.setString(1, slug.value()), Store::waddle);
        }

        @Override
        public List<Waddle> findWaddles(String query, int offset, int limit) {
            return query("search Waddles", "SELECT " + WADDLE_COLUMNS + " FROM ofWaddle " + WADDLE_MATCHING + " ORDER BY slug",
                    statement -> bindPattern(statement, query), Store::waddle, Math.max(0, offset), Math.max(0, limit));
        }

        @Override
        public int countWaddles(String query) {
            return count("count Waddles", "SELECT COUNT(*) FROM ofWaddle " + WADDLE_MATCHING,
                    statement -> bindPattern(statement, query));
        }

        private static void bindPattern(PreparedStatement statement, String query) throws SQLException {
            String pattern = likePattern(query);
            for (int i = 1; i <= 4; i++) {
                statement.setString(i, pattern);
            }
        }

        @Override
        public List<Waddle> waddlesOf(Did did) {
            return query("list the Waddles of " + did, "SELECT " + prefixed("w.", WADDLE_COLUMNS)
                            + " FROM ofWaddle w INNER JOIN ofWaddleMember m ON m.waddleId = w.id WHERE m.did = ? ORDER BY w.slug",
                    statement -> statement.setString(1, did.toString()), Store::waddle);
        }

        @Override
        public void insertChannel(Channel channel) {
            update("add channel " + channel.slug(), "INSERT INTO ofWaddleChannel (" + CHANNEL_COLUMNS
                    + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", statement -> {
                statement.setLong(1, channel.id());
                statement.setLong(2, channel.waddleId());
                statement.setString(3, channel.slug().value());
                statement.setString(4, channel.roomLocalpart());
                statement.setString(5, channel.name());
                setText(statement, 6, channel.topic());
                statement.setString(7, channel.kind().name());
                statement.setInt(8, channel.position());
                statement.setInt(9, channel.isDefault() ? 1 : 0);
                statement.setLong(10, channel.messageCount());
                setInstant(statement, 11, channel.lastActivity());
                statement.setLong(12, channel.createdAt().toEpochMilli());
            });
        }

        @Override
        public void updateChannel(Channel channel) {
            update("update channel " + channel.slug(), "UPDATE ofWaddleChannel SET name = ?, topic = ?, channelKind = ?, "
                    + "sortIndex = ?, isDefault = ? WHERE id = ?", statement -> {
                statement.setString(1, channel.name());
                setText(statement, 2, channel.topic());
                statement.setString(3, channel.kind().name());
                statement.setInt(4, channel.position());
                statement.setInt(5, channel.isDefault() ? 1 : 0);
                statement.setLong(6, channel.id());
            });
        }

        @Override
        public void deleteChannel(long channelId) {
            update("remove channel " + channelId, "DELETE FROM ofWaddleChannel WHERE id = ?",
                    statement -> statement.setLong(1, channelId));
        }

        @Override
        public List<Channel> channels(long waddleId) {
            return query("list the channels of Waddle " + waddleId, "SELECT " + CHANNEL_COLUMNS
                            + " FROM ofWaddleChannel WHERE waddleId = ? ORDER BY sortIndex, slug",
                    statement -> statement.setLong(1, waddleId), Store::channel);
        }

        @Override
        public Optional<Channel> findChannelByRoom(String roomLocalpart) {
            return queryOne("read the channel of room " + roomLocalpart, "SELECT " + CHANNEL_COLUMNS
                            + " FROM ofWaddleChannel WHERE roomLocalpart = ?",
                    statement -> statement.setString(1, roomLocalpart), Store::channel);
        }

        @Override
        public void recordMessages(long channelId, long count, Instant at) {
            update("count messages in channel " + channelId,
                    "UPDATE ofWaddleChannel SET messageCount = messageCount + ? WHERE id = ?", statement -> {
                statement.setLong(1, count);
                statement.setLong(2, channelId);
            });
            update("record activity in channel " + channelId, "UPDATE ofWaddleChannel SET lastActivity = ? "
                    + "WHERE id = ? AND (lastActivity IS NULL OR lastActivity < ?)", statement -> {
                statement.setLong(1, at.toEpochMilli());
                statement.setLong(2, channelId);
                statement.setLong(3, at.toEpochMilli());
            });
        }

        @Override
        public void insertMember(Member member) {
            update("add member " + member.did(), "INSERT INTO ofWaddleMember (" + MEMBER_COLUMNS + ") VALUES (?, ?, ?, ?, ?)",
                    statement -> {
                        statement.setLong(1, member.waddleId());
                        statement.setString(2, member.did().toString());
                        statement.setString(3, member.role().name());
                        statement.setLong(4, member.joinedAt().toEpochMilli());
                        setInstant(statement, 5, member.lastSeen());
                    });
        }

        @Override
        public void updateMemberRole(long waddleId, Did did, Role role) {
            update("change the role of " + did, "UPDATE ofWaddleMember SET memberRole = ? WHERE waddleId = ? AND did = ?",
                    statement -> {
                        statement.setString(1, role.name());
                        statement.setLong(2, waddleId);
                        statement.setString(3, did.toString());
                    });
        }

        @Override
        public void deleteMember(long waddleId, Did did) {
            update("remove member " + did, "DELETE FROM ofWaddleMember WHERE waddleId = ? AND did = ?", statement -> {
                statement.setLong(1, waddleId);
                statement.setString(2, did.toString());
            });
        }

        @Override
        public Optional<Member> findMember(long waddleId, Did did) {
            return queryOne("read member " + did, "SELECT " + MEMBER_COLUMNS
                    + " FROM ofWaddleMember WHERE waddleId = ? AND did = ?", statement -> {
                statement.setLong(1, waddleId);
                statement.setString(2, did.toString());
            }, Store::member);
        }

        @Override
        public List<Member> members(long waddleId) {
            return query("list the members of Waddle " + waddleId, "SELECT " + MEMBER_COLUMNS
                            + " FROM ofWaddleMember WHERE waddleId = ? ORDER BY joinedAt, did",
                    statement -> statement.setLong(1, waddleId), Store::member);
        }

        @Override
        public int countMembers(long waddleId) {
            return count("count the members of Waddle " + waddleId, "SELECT COUNT(*) FROM ofWaddleMember WHERE waddleId = ?",
                    statement -> statement.setLong(1, waddleId));
        }

        @Override
        public void recordSeen(long waddleId, Did did, Instant at) {
            update("record that " + did + " was seen", "UPDATE ofWaddleMember SET lastSeen = ? "
                    + "WHERE waddleId = ? AND did = ? AND (lastSeen IS NULL OR lastSeen < ?)", statement -> {
                statement.setLong(1, at.toEpochMilli());
                statement.setLong(2, waddleId);
                statement.setString(3, did.toString());
                statement.setLong(4, at.toEpochMilli());
            });
        }

        @Override
        public void insertBan(Ban ban) {
            update("ban " + ban.did(), "INSERT INTO ofWaddleBan (" + BAN_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?)",
                    statement -> {
                        statement.setLong(1, ban.waddleId());
                        statement.setString(2, ban.did().toString());
                        setText(statement, 3, ban.reason());
                        statement.setString(4, ban.bannedBy().stored());
                        statement.setLong(5, ban.bannedAt().toEpochMilli());
                        setInstant(statement, 6, ban.expiresAt());
                    });
        }

        @Override
        public void deleteBan(long waddleId, Did did) {
            update("lift the ban of " + did, "DELETE FROM ofWaddleBan WHERE waddleId = ? AND did = ?", statement -> {
                statement.setLong(1, waddleId);
                statement.setString(2, did.toString());
            });
        }

        @Override
        public Optional<Ban> findBan(long waddleId, Did did) {
            return queryOne("read the ban of " + did, "SELECT " + BAN_COLUMNS
                    + " FROM ofWaddleBan WHERE waddleId = ? AND did = ?", statement -> {
                statement.setLong(1, waddleId);
                statement.setString(2, did.toString());
            }, Store::ban);
        }

        @Override
        public List<Ban> bans(long waddleId) {
            return query("list the bans of Waddle " + waddleId, "SELECT " + BAN_COLUMNS
                            + " FROM ofWaddleBan WHERE waddleId = ? ORDER BY did",
                    statement -> statement.setLong(1, waddleId), Store::ban);
        }

        @Override
        public List<Ban> bansExpiredAt(Instant now) {
            return query("list expired bans", "SELECT " + BAN_COLUMNS
                            + " FROM ofWaddleBan WHERE expiresAt <= ? ORDER BY expiresAt, waddleId, did",
                    statement -> statement.setLong(1, now.toEpochMilli()), Store::ban);
        }

        @Override
        public void insertInvite(Invite invite) {
            update("create an invite", "INSERT INTO ofWaddleInvite (" + INVITE_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?)",
                    statement -> {
                        statement.setString(1, invite.code());
                        statement.setLong(2, invite.waddleId());
                        statement.setString(3, invite.createdBy().stored());
                        statement.setLong(4, invite.createdAt().toEpochMilli());
                        setInstant(statement, 5, invite.expiresAt());
                        if (invite.maxUses().isPresent()) {
                            statement.setInt(6, invite.maxUses().getAsInt());
                        } else {
                            statement.setNull(6, Types.INTEGER);
                        }
                        statement.setInt(7, invite.uses());
                    });
        }

        @Override
        public Optional<Invite> findInvite(String code) {
            return queryOne("read an invite", "SELECT " + INVITE_COLUMNS + " FROM ofWaddleInvite WHERE inviteCode = ?",
                    statement -> statement.setString(1, code), Store::invite);
        }

        @Override
        public List<Invite> invites(long waddleId) {
            return query("list the invites of Waddle " + waddleId, "SELECT " + INVITE_COLUMNS
                            + " FROM ofWaddleInvite WHERE waddleId = ? ORDER BY createdAt, inviteCode",
                    statement -> statement.setLong(1, waddleId), Store::invite);
        }

        @Override
        public boolean useInvite(String code) {
            return update("use an invite", "UPDATE ofWaddleInvite SET useCount = useCount + 1 "
                    + "WHERE inviteCode = ? AND (maxUses IS NULL OR useCount < maxUses)",
                    statement -> statement.setString(1, code)) == 1;
        }

        @Override
        public void deleteInvite(String code) {
            update("revoke an invite", "DELETE FROM ofWaddleInvite WHERE inviteCode = ?",
                    statement -> statement.setString(1, code));
        }

        @Override
        public void insertAudit(AuditEntry entry) {
            update("write the audit log", "INSERT INTO ofWaddleAudit (" + AUDIT_COLUMNS
                    + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", statement -> {
                statement.setLong(1, entry.id());
                statement.setLong(2, entry.waddleId());
                statement.setString(3, entry.waddleSlug().value());
                statement.setString(4, entry.actedBy().map(Actor::stored).orElse(null));
                statement.setString(5, entry.action().name());
                statement.setString(6, entry.target().map(Did::toString).orElse(null));
                statement.setString(7, entry.channel().map(ChannelSlug::value).orElse(null));
                setText(statement, 8, entry.detail());
                statement.setLong(9, entry.at().toEpochMilli());
            });
        }

        @Override
        public List<AuditEntry> audit(long waddleId, int offset, int limit) {
            return query("read the audit log of Waddle " + waddleId, "SELECT " + AUDIT_COLUMNS
                            + " FROM ofWaddleAudit WHERE waddleId = ? ORDER BY occurredAt DESC, id DESC",
                    statement -> statement.setLong(1, waddleId), Store::auditEntry, Math.max(0, offset), Math.max(0, limit));
        }

        @Override
        public List<AuditEntry> findAudit(AuditQuery filter, int offset, int limit) {
            return query("search the audit log", "SELECT " + AUDIT_COLUMNS + " FROM ofWaddleAudit" + where(filter)
                            + " ORDER BY occurredAt DESC, id DESC",
                    statement -> bind(statement, filter), Store::auditEntry, Math.max(0, offset), Math.max(0, limit));
        }

        @Override
        public int countAudit(AuditQuery filter) {
            return count("count the audit log", "SELECT COUNT(*) FROM ofWaddleAudit" + where(filter),
                    statement -> bind(statement, filter));
        }

        @Override
        public void insertListLink(ListLink link) {
            update("link " + link.uri(), "INSERT INTO ofWaddleListLink (" + LINK_COLUMNS
                    + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", statement -> {
                        statement.setLong(1, link.id());
                        statement.setLong(2, link.waddleId());
                        statement.setString(3, link.uri());
                        statement.setString(4, link.kind().name());
                        statement.setString(5, link.mode().name());
                        setText(statement, 6, link.name());
                        statement.setString(7, link.linkedBy().stored());
                        statement.setLong(8, link.linkedAt().toEpochMilli());
                        setInstant(statement, 9, link.lastSyncAt());
                        statement.setInt(10, link.people());
                        statement.setInt(11, link.added());
                        statement.setInt(12, link.removed());
                        statement.setInt(13, link.banned());
                        setText(statement, 14, link.lastError().orElse(null));
                        statement.setInt(15, link.failures());
                        statement.setInt(16, link.skipped());
                        setText(statement, 17, link.skipNote().orElse(null));
                    });
        }

        @Override
        public void updateListLink(ListLink link) {
            update("record the sync of " + link.uri(), "UPDATE ofWaddleListLink SET listName = ?, lastSyncAt = ?, "
                    + "peopleCount = ?, lastAdded = ?, lastRemoved = ?, lastBanned = ?, lastError = ?, failures = ?, "
                    + "lastSkipped = ?, lastSkipNote = ? WHERE id = ?", statement -> {
                        setText(statement, 1, link.name());
                        setInstant(statement, 2, link.lastSyncAt());
                        statement.setInt(3, link.people());
                        statement.setInt(4, link.added());
                        statement.setInt(5, link.removed());
                        statement.setInt(6, link.banned());
                        setText(statement, 7, link.lastError().orElse(null));
                        statement.setInt(8, link.failures());
                        statement.setInt(9, link.skipped());
                        setText(statement, 10, link.skipNote().orElse(null));
                        statement.setLong(11, link.id());
                    });
        }

        @Override
        public void deleteListLink(long linkId) {
            update("unlink list " + linkId, "DELETE FROM ofWaddleListLink WHERE id = ?",
                    statement -> statement.setLong(1, linkId));
        }

        @Override
        public List<ListLink> listLinks(long waddleId) {
            return query("read the linked lists of Waddle " + waddleId, "SELECT " + LINK_COLUMNS
                    + " FROM ofWaddleListLink WHERE waddleId = ? ORDER BY id", statement -> statement.setLong(1, waddleId),
                    Store::listLink);
        }

        @Override
        public List<ListLink> allListLinks() {
            return query("read the linked lists", "SELECT " + LINK_COLUMNS + " FROM ofWaddleListLink ORDER BY waddleId, id",
                    statement -> { }, Store::listLink);
        }

        @Override
        public java.util.Map<Did, String> syncMembers(long waddleId) {
            java.util.Map<Did, String> members = new java.util.HashMap<>();
            query("read the members Bluesky sync added to Waddle " + waddleId, "SELECT did, listUri FROM ofWaddleSyncMember "
                    + "WHERE waddleId = ?", statement -> statement.setLong(1, waddleId),
                    rows -> members.put(did(rows.getString("did")), rows.getString("listUri")));
            return members;
        }

        @Override
        public void insertSyncMember(long waddleId, Did did, String listUri) {
            update("record that Bluesky sync added " + did, "INSERT INTO ofWaddleSyncMember (waddleId, did, listUri) "
                    + "VALUES (?, ?, ?)", statement -> {
                        statement.setLong(1, waddleId);
                        statement.setString(2, did.toString());
                        statement.setString(3, listUri);
                    });
        }

        @Override
        public void deleteSyncMember(long waddleId, Did did) {
            update("forget that Bluesky sync added " + did, "DELETE FROM ofWaddleSyncMember WHERE waddleId = ? AND did = ?",
                    statement -> {
                        statement.setLong(1, waddleId);
                        statement.setString(2, did.toString());
                    });
        }

        private static ListLink listLink(ResultSet rows) throws SQLException {
            String error = rows.getString("lastError");
            String skipNote = rows.getString("lastSkipNote");
            return new ListLink(
                    rows.getLong("id"),
                    rows.getLong("waddleId"),
                    rows.getString("listUri"),
                    enumValue(LinkKind.class, rows.getString("linkKind")),
                    enumValue(SyncMode.class, rows.getString("syncMode")),
                    text(rows, "listName"),
                    actor(rows.getString("linkedBy")),
                    Instant.ofEpochMilli(rows.getLong("linkedAt")),
                    instant(rows, "lastSyncAt"),
                    rows.getInt("peopleCount"),
                    rows.getInt("lastAdded"),
                    rows.getInt("lastRemoved"),
                    rows.getInt("lastBanned"),
                    error == null ? Optional.empty() : Optional.of(error),
                    rows.getInt("failures"),
                    rows.getInt("lastSkipped"),
                    skipNote == null ? Optional.empty() : Optional.of(skipNote));
        }

        private static String where(AuditQuery filter) {
            List<String> conditions = new ArrayList<>();
            filter.waddle().ifPresent(slug -> conditions.add("waddleSlug = ?"));
            filter.actor().ifPresent(actor -> conditions.add("actorDid = ?"));
            filter.action().ifPresent(action -> conditions.add("auditAction = ?"));
            filter.from().ifPresent(from -> conditions.add("occurredAt >= ?"));
            filter.until().ifPresent(until -> conditions.add("occurredAt < ?"));
            return conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
        }

        private static void bind(PreparedStatement statement, AuditQuery filter) throws SQLException {
            int index = 1;
            if (filter.waddle().isPresent()) {
                statement.setString(index++, filter.waddle().get().value());
            }
            if (filter.actor().isPresent()) {
                statement.setString(index++, filter.actor().get().stored());
            }
            if (filter.action().isPresent()) {
                statement.setString(index++, filter.action().get().name());
            }
            if (filter.from().isPresent()) {
                statement.setLong(index++, filter.from().get().toEpochMilli());
            }
            if (filter.until().isPresent()) {
                statement.setLong(index, filter.until().get().toEpochMilli());
            }
        }

        @Override
        public int countAudit(long waddleId) {
            return count("count the audit log of Waddle " + waddleId, "SELECT COUNT(*) FROM ofWaddleAudit WHERE waddleId = ?",
                    statement -> statement.setLong(1, waddleId));
        }

        private static String prefixed(String prefix, String columns) {
            return prefix + String.join(", " + prefix, columns.split(",\\s*"));
        }

        /** Empty text is stored as NULL: Oracle cannot tell the two apart. */
        private static void setText(PreparedStatement statement, int index, String text) throws SQLException {
            if (text == null || text.isEmpty()) {
                statement.setNull(index, Types.VARCHAR);
            } else {
                statement.setString(index, text);
            }
        }

        private static void setInstant(PreparedStatement statement, int index, Optional<Instant> instant) throws SQLException {
            if (instant.isPresent()) {
                statement.setLong(index, instant.get().toEpochMilli());
            } else {
                statement.setNull(index, Types.BIGINT);
            }
        }

        private static String text(ResultSet rows, String column) throws SQLException {
            String text = rows.getString(column);
            return text == null ? "" : text;
        }

        private static Optional<Instant> instant(ResultSet rows, String column) throws SQLException {
            long millis = rows.getLong(column);
            return rows.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(millis));
        }

        private static Did did(String value) throws SQLException {
            try {
                return Did.parse(value);
            } catch (AtprotoException e) {
                throw new SQLException("stored DID is not valid: " + e.getMessage(), e);
            }
        }

        /** A DID, or a server admin (see {@link Actor#stored()}). */
        private static Actor actor(String value) throws SQLException {
            try {
                return Actor.parseStored(value);
            } catch (IllegalArgumentException e) {
                throw new SQLException(e.getMessage(), e);
            }
        }

        private static Optional<Did> optionalDid(String value) throws SQLException {
            return value == null ? Optional.empty() : Optional.of(did(value));
        }

        private static <E extends Enum<E>> E enumValue(Class<E> type, String value) throws SQLException {
            try {
                return Enum.valueOf(type, value);
            } catch (IllegalArgumentException | NullPointerException e) {
                throw new SQLException("stored " + type.getSimpleName() + " '" + value + "' is unknown", e);
            }
        }

        private static Waddle waddle(ResultSet rows) throws SQLException {
            return new Waddle(
                    rows.getLong("id"),
                    new WaddleSlug(rows.getString("slug")),
                    rows.getString("name"),
                    text(rows, "description"),
                    did(rows.getString("ownerDid")),
                    enumValue(Visibility.class, rows.getString("visibility")),
                    Instant.ofEpochMilli(rows.getLong("createdAt")),
                    Instant.ofEpochMilli(rows.getLong("updatedAt")));
        }

        private static Channel channel(ResultSet rows) throws SQLException {
            return new Channel(
                    rows.getLong("id"),
                    rows.getLong("waddleId"),
                    new ChannelSlug(rows.getString("slug")),
                    rows.getString("roomLocalpart"),
                    rows.getString("name"),
                    text(rows, "topic"),
                    enumValue(ChannelKind.class, rows.getString("channelKind")),
                    rows.getInt("sortIndex"),
                    rows.getInt("isDefault") != 0,
                    rows.getLong("messageCount"),
                    instant(rows, "lastActivity"),
                    Instant.ofEpochMilli(rows.getLong("createdAt")));
        }

        private static Member member(ResultSet rows) throws SQLException {
            return new Member(
                    rows.getLong("waddleId"),
                    did(rows.getString("did")),
                    enumValue(Role.class, rows.getString("memberRole")),
                    Instant.ofEpochMilli(rows.getLong("joinedAt")),
                    instant(rows, "lastSeen"));
        }

        private static Ban ban(ResultSet rows) throws SQLException {
            return new Ban(
                    rows.getLong("waddleId"),
                    did(rows.getString("did")),
                    text(rows, "reason"),
                    actor(rows.getString("bannedBy")),
                    Instant.ofEpochMilli(rows.getLong("bannedAt")),
                    instant(rows, "expiresAt"));
        }

        private static Invite invite(ResultSet rows) throws SQLException {
            int maxUses = rows.getInt("maxUses");
            OptionalInt max = rows.wasNull() ? OptionalInt.empty() : OptionalInt.of(maxUses);
            return new Invite(
                    rows.getString("inviteCode"),
                    rows.getLong("waddleId"),
                    actor(rows.getString("createdBy")),
                    Instant.ofEpochMilli(rows.getLong("createdAt")),
                    instant(rows, "expiresAt"),
                    max,
                    rows.getInt("useCount"));
        }

        private static AuditEntry auditEntry(ResultSet rows) throws SQLException {
            String channel = rows.getString("channelSlug");
            String actor = rows.getString("actorDid");
            return AuditEntry.by(
                    rows.getLong("id"),
                    rows.getLong("waddleId"),
                    new WaddleSlug(rows.getString("waddleSlug")),
                    actor == null ? Optional.empty() : Optional.of(actor(actor)),
                    enumValue(AuditAction.class, rows.getString("auditAction")),
                    optionalDid(rows.getString("targetDid")),
                    channel == null ? Optional.empty() : Optional.of(new ChannelSlug(channel)),
                    text(rows, "detail"),
                    Instant.ofEpochMilli(rows.getLong("occurredAt")));
        }
    }
}
