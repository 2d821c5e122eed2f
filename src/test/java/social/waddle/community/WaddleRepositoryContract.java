package social.waddle.community;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static social.waddle.community.TestDids.ADMIN;
import static social.waddle.community.TestDids.MEMBER;
import static social.waddle.community.TestDids.OTHER_MEMBER;
import static social.waddle.community.TestDids.OWNER;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import social.waddle.account.ConnectionSource;
import social.waddle.atproto.syntax.Did;
import social.waddle.database.DatabaseScripts;

/**
 * What {@link JdbcWaddleRepository} must do on every database Openfire supports. Each subclass provides an empty
 * database of one dialect per test; the contract installs that dialect's script into it, after the {@code ofVersion}
 * table of Openfire's own schema.
 */
abstract class WaddleRepositoryContract {

    private static final Instant T0 = Instant.ofEpochMilli(1_700_000_000_000L);

    private ConnectionSource connections;
    private JdbcWaddleRepository repository;

    /** The dialect whose install script {@code waddle_<dialect>.sql} is tested. */
    protected abstract String dialect();

    /** Connections to a new, empty database of {@link #dialect()}, for this test only. */
    protected abstract ConnectionSource emptyDatabase() throws Exception;

    @BeforeEach
    final void installSchema() throws Exception {
        connections = emptyDatabase();
        try (Connection connection = connections.get()) {
            DatabaseScripts.createOpenfireVersionTable(connection);
            DatabaseScripts.run(connection, DatabaseScripts.install(dialect()));
        }
        repository = new JdbcWaddleRepository(connections);
    }

    private Waddle waddle(String slug, String name, String description) throws WaddleException {
        return repository.inTransaction(store -> {
            Waddle waddle = new Waddle(store.nextId(IdSequence.WADDLE), new WaddleSlug(slug), name, description, OWNER,
                    Visibility.PUBLIC, T0, T0);
            store.insertWaddle(waddle);
            return waddle;
        });
    }

    private Channel channel(Waddle waddle, String slug, int position, boolean isDefault) throws WaddleException {
        ChannelSlug channelSlug = new ChannelSlug(slug);
        return repository.inTransaction(store -> {
            Channel channel = new Channel(store.nextId(IdSequence.CHANNEL), waddle.id(), channelSlug,
                    RoomNames.localpart(waddle.slug(), channelSlug), "Channel " + slug, "", ChannelKind.TEXT, position,
                    isDefault, 0, Optional.empty(), T0);
            store.insertChannel(channel);
            return channel;
        });
    }

    private void member(Waddle waddle, Did did, Role role, Instant joinedAt) throws WaddleException {
        repository.inTransaction(store -> {
            store.insertMember(new Member(waddle.id(), did, role, joinedAt, Optional.empty()));
            return null;
        });
    }

    private List<Channel> channels(long waddleId) {
        return repository.read(store -> store.channels(waddleId));
    }

    private Optional<Channel> findChannelByRoom(String localpart) {
        return repository.read(store -> store.findChannelByRoom(localpart));
    }

    private List<Member> members(long waddleId) {
        return repository.read(store -> store.members(waddleId));
    }

    private Optional<Member> findMember(long waddleId, Did did) {
        return repository.read(store -> store.findMember(waddleId, did));
    }

    private List<Waddle> waddlesOf(Did did) {
        return repository.read(store -> store.waddlesOf(did));
    }

    private Optional<Ban> findBan(long waddleId, Did did) {
        return repository.read(store -> store.findBan(waddleId, did));
    }

    private List<Ban> bans(long waddleId) {
        return repository.read(store -> store.bans(waddleId));
    }

    private List<Ban> bansExpiredAt(Instant now) {
        return repository.read(store -> store.bansExpiredAt(now));
    }

    private Optional<Invite> findInvite(String code) {
        return repository.read(store -> store.findInvite(code));
    }

    private List<Invite> invites(long waddleId) {
        return repository.read(store -> store.invites(waddleId));
    }

    private List<AuditEntry> audit(long waddleId, int offset, int limit) {
        return repository.read(store -> store.audit(waddleId, offset, limit));
    }

    private int countAudit(long waddleId) {
        return repository.read(store -> store.countAudit(waddleId));
    }

    @Test
    void installScriptRecordsTheSchemaVersionOfPluginXml() throws SQLException {
        try (Connection connection = connections.get()) {
            assertThat(DatabaseScripts.installedVersion(connection)).hasValue(DatabaseScripts.latestVersion());
        }
    }

    @Test
    void idsOfCommittedTransactionsAreDistinctAndIncreasePerSequence() throws WaddleException {
        List<Long> ids = new ArrayList<>();
        ids.add(repository.inTransaction(store -> store.nextId(IdSequence.WADDLE)));
        catchThrowable(() -> repository.inTransaction(store -> {
            store.nextId(IdSequence.WADDLE);
            throw new WaddleException(WaddleException.Reason.INVALID, "roll back");
        }));
        ids.add(repository.inTransaction(store -> store.nextId(IdSequence.WADDLE)));
        ids.addAll(repository.inTransaction(store -> List.of(store.nextId(IdSequence.WADDLE),
                store.nextId(IdSequence.WADDLE))));

        long channelId = repository.inTransaction(store -> store.nextId(IdSequence.CHANNEL));

        assertThat(ids).isSorted().doesNotHaveDuplicates();
        assertThat(ids.get(0)).isPositive();
        assertThat(channelId).isEqualTo(1);
    }

    @Test
    void aSecondRepositoryOnTheSameDatabaseContinuesTheSequences() throws WaddleException {
        long first = repository.inTransaction(store -> store.nextId(IdSequence.AUDIT));
        JdbcWaddleRepository second = new JdbcWaddleRepository(connections);

        long next = second.inTransaction(store -> store.nextId(IdSequence.AUDIT));

        assertThat(next).isEqualTo(first + 1);
    }

    @Test
    void savesAndReadsBackAWaddleWithNonAsciiText() throws WaddleException {
        Waddle waddle = waddle("penguins", "Zoë's 🐧 Club", "Ωmega\nsecond line");

        assertThat(repository.findWaddle(waddle.id())).contains(waddle);
        assertThat(repository.findWaddleBySlug(new WaddleSlug("penguins"))).contains(waddle);
        assertThat(repository.findWaddleBySlug(new WaddleSlug("nobody"))).isEmpty();
    }

    @Test
    void readsAnEmptyDescriptionBackAsEmpty() throws WaddleException {
        Waddle waddle = waddle("quiet", "Quiet", "");

        assertThat(repository.findWaddle(waddle.id())).map(Waddle::description).contains("");
    }

    @Test
    void updatesNameDescriptionOwnerAndVisibilityButNotTheSlug() throws WaddleException {
        Waddle waddle = waddle("penguins", "Penguins", "");
        Waddle changed = new Waddle(waddle.id(), waddle.slug(), "Emperors", "Cold", ADMIN, Visibility.PRIVATE,
                waddle.createdAt(), T0.plusSeconds(60));

        repository.inTransaction(store -> {
            store.updateWaddle(changed);
            return null;
        });

        assertThat(repository.findWaddle(waddle.id())).contains(changed);
    }

    @Test
    void aDuplicateSlugIsRefusedAsAConstraintViolationAndRolledBack() throws WaddleException {
        waddle("penguins", "Penguins", "");

        Throwable thrown = catchThrowable(() -> waddle("penguins", "Other penguins", ""));

        assertThat(thrown).isInstanceOf(WaddleStorageException.class);
        assertThat(((WaddleStorageException) thrown).constraintViolation()).isTrue();
        assertThat(repository.countWaddles("")).isEqualTo(1);
    }

    @Test
    void searchesSlugNameDescriptionAndOwnerCaseInsensitivelyWithPaging() throws WaddleException {
        waddle("alpha", "Alpha Penguins", "");
        waddle("bravo", "Bravo", "all about PENGUINS");
        waddle("charlie", "Charlie", "");
        waddle("delta", "Delta 100%", "");

        assertThat(repository.findWaddles("penguins", 0, 10)).extracting(w -> w.slug().value()).containsExactly("alpha", "bravo");
        assertThat(repository.countWaddles("penguins")).isEqualTo(2);
        assertThat(repository.findWaddles("", 1, 2)).extracting(w -> w.slug().value()).containsExactly("bravo", "charlie");
        assertThat(repository.countWaddles(null)).isEqualTo(4);
        assertThat(repository.findWaddles("c*", 0, 10)).extracting(w -> w.slug().value()).containsExactly("charlie");
        assertThat(repository.findWaddles("0%", 0, 10)).extracting(w -> w.slug().value()).containsExactly("delta");
        assertThat(repository.findWaddles("_", 0, 10)).isEmpty();
        assertThat(repository.findWaddles(OWNER.toString(), 0, 10)).hasSize(4);
        assertThat(repository.findWaddles("", 10, 10)).isEmpty();
    }

    @Test
    void channelsComeInPositionOrderAndAreFoundByRoom() throws WaddleException {
        Waddle waddle = waddle("penguins", "Penguins", "");
        Channel second = channel(waddle, "news", 1, false);
        Channel first = channel(waddle, "general", 0, true);

        assertThat(channels(waddle.id())).containsExactly(first, second);
        assertThat(findChannelByRoom("news~penguins")).contains(second);
        assertThat(findChannelByRoom("news~other")).isEmpty();
    }

    @Test
    void updatesAndDeletesChannels() throws WaddleException {
        Waddle waddle = waddle("penguins", "Penguins", "");
        Channel channel = channel(waddle, "news", 0, false);
        Channel changed = new Channel(channel.id(), waddle.id(), channel.slug(), channel.roomLocalpart(), "Announcements",
                "Read me", ChannelKind.ANNOUNCEMENT, 3, true, 0, Optional.empty(), channel.createdAt());

        repository.inTransaction(store -> {
            store.updateChannel(changed);
            return null;
        });
        List<Channel> afterUpdate = channels(waddle.id());
        repository.inTransaction(store -> {
            store.deleteChannel(channel.id());
            return null;
        });

        assertThat(afterUpdate).containsExactly(changed);
        assertThat(channels(waddle.id())).isEmpty();
    }

    @Test
    void countsMessagesAndMovesLastActivityOnlyForward() throws WaddleException {
        Waddle waddle = waddle("penguins", "Penguins", "");
        Channel channel = channel(waddle, "general", 0, true);

        repository.inTransaction(store -> {
            store.recordMessage(channel.id(), T0.plusSeconds(20));
            store.recordMessage(channel.id(), T0.plusSeconds(10));
            return null;
        });

        Channel counted = channels(waddle.id()).get(0);
        assertThat(counted.messageCount()).isEqualTo(2);
        assertThat(counted.lastActivity()).contains(T0.plusSeconds(20));
    }

    @Test
    void membersComeInJoinOrderAndLastSeenMovesOnlyForward() throws WaddleException {
        Waddle waddle = waddle("penguins", "Penguins", "");
        member(waddle, OWNER, Role.OWNER, T0);
        member(waddle, MEMBER, Role.MEMBER, T0.plusSeconds(5));

        repository.inTransaction(store -> {
            store.recordSeen(waddle.id(), MEMBER, T0.plusSeconds(30));
            store.recordSeen(waddle.id(), MEMBER, T0.plusSeconds(20));
            store.recordSeen(waddle.id(), OTHER_MEMBER, T0.plusSeconds(20));
            store.updateMemberRole(waddle.id(), MEMBER, Role.MODERATOR);
            return null;
        });

        assertThat(members(waddle.id())).containsExactly(
                new Member(waddle.id(), OWNER, Role.OWNER, T0, Optional.empty()),
                new Member(waddle.id(), MEMBER, Role.MODERATOR, T0.plusSeconds(5), Optional.of(T0.plusSeconds(30))));
        assertThat(findMember(waddle.id(), OTHER_MEMBER)).isEmpty();
        assertThat(waddlesOf(MEMBER)).containsExactly(waddle);
        assertThat(waddlesOf(OTHER_MEMBER)).isEmpty();
    }

    @Test
    void bansAreReadBackAndFoundWhenExpired() throws WaddleException {
        Waddle waddle = waddle("penguins", "Penguins", "");
        Ban forGood = new Ban(waddle.id(), MEMBER, "", OWNER, T0, Optional.empty());
        Ban brief = new Ban(waddle.id(), OTHER_MEMBER, "spam ✉", ADMIN, T0, Optional.of(T0.plusSeconds(60)));

        repository.inTransaction(store -> {
            store.insertBan(forGood);
            store.insertBan(brief);
            return null;
        });

        assertThat(findBan(waddle.id(), OTHER_MEMBER)).contains(brief);
        assertThat(bans(waddle.id())).containsExactlyInAnyOrder(forGood, brief);
        assertThat(bansExpiredAt(T0.plusSeconds(59))).isEmpty();
        assertThat(bansExpiredAt(T0.plusSeconds(60))).containsExactly(brief);
        repository.inTransaction(store -> {
            store.deleteBan(waddle.id(), OTHER_MEMBER);
            return null;
        });
        assertThat(bans(waddle.id())).containsExactly(forGood);
    }

    @Test
    void invitesCountUsesUpToTheirLimit() throws WaddleException {
        Waddle waddle = waddle("penguins", "Penguins", "");
        Invite twice = new Invite("code-twice", waddle.id(), OWNER, T0, Optional.of(T0.plusSeconds(3600)),
                OptionalInt.of(2), 0);
        Invite unlimited = new Invite("code-unlimited", waddle.id(), ADMIN, T0.plusSeconds(1), Optional.empty(),
                OptionalInt.empty(), 0);
        repository.inTransaction(store -> {
            store.insertInvite(twice);
            store.insertInvite(unlimited);
            return null;
        });

        List<Boolean> uses = repository.inTransaction(store -> List.of(store.useInvite("code-twice"),
                store.useInvite("code-twice"), store.useInvite("code-twice"), store.useInvite("code-unlimited"),
                store.useInvite("no-such-code")));

        assertThat(uses).containsExactly(true, true, false, true, false);
        assertThat(findInvite("code-twice")).map(Invite::uses).contains(2);
        assertThat(invites(waddle.id())).extracting(Invite::code)
                .containsExactly("code-twice", "code-unlimited");
        assertThat(findInvite("code-unlimited")).contains(
                new Invite("code-unlimited", waddle.id(), ADMIN, T0.plusSeconds(1), Optional.empty(), OptionalInt.empty(), 1));
    }

    @Test
    void auditEntriesComeNewestFirstWithPaging() throws WaddleException {
        Waddle waddle = waddle("penguins", "Penguins", "");
        List<AuditEntry> written = new ArrayList<>();
        repository.inTransaction(store -> {
            for (int i = 0; i < 3; i++) {
                AuditEntry entry = new AuditEntry(store.nextId(IdSequence.AUDIT), waddle.id(), waddle.slug(),
                        i == 0 ? Optional.empty() : Optional.of(OWNER), AuditAction.values()[i],
                        i == 1 ? Optional.of(MEMBER) : Optional.empty(),
                        i == 2 ? Optional.of(new ChannelSlug("general")) : Optional.empty(), "entry " + i,
                        T0.plusSeconds(i));
                store.insertAudit(entry);
                written.add(entry);
            }
            return null;
        });

        assertThat(audit(waddle.id(), 0, 2)).containsExactly(written.get(2), written.get(1));
        assertThat(audit(waddle.id(), 2, 2)).containsExactly(written.get(0));
        assertThat(countAudit(waddle.id())).isEqualTo(3);
    }

    @Test
    void theAuditLogOfAllWaddlesIsFilteredAndPaged() throws WaddleException {
        Waddle penguins = waddle("penguins", "Penguins", "");
        Waddle puffins = waddle("puffins", "Puffins", "");
        Actor console = Actor.serverAdmin("admin");
        List<AuditEntry> written = new ArrayList<>();
        repository.inTransaction(store -> {
            for (int i = 0; i < 6; i++) {
                Waddle waddle = i % 2 == 0 ? penguins : puffins;
                Optional<Actor> actor = switch (i % 3) {
                    case 0 -> Optional.of(Actor.of(OWNER));
                    case 1 -> Optional.of(console);
                    default -> Optional.empty();
                };
                AuditEntry entry = AuditEntry.by(store.nextId(IdSequence.AUDIT), waddle.id(), waddle.slug(), actor,
                        i < 3 ? AuditAction.CHANNEL_ADDED : AuditAction.MEMBER_BANNED, Optional.empty(), Optional.empty(),
                        "entry " + i, T0.plusSeconds(60L * i));
                store.insertAudit(entry);
                written.add(entry);
            }
            return null;
        });

        assertThat(repository.findAudit(AuditQuery.all(), 0, 100)).containsExactly(written.get(5), written.get(4),
                written.get(3), written.get(2), written.get(1), written.get(0));
        assertThat(repository.countAudit(AuditQuery.all())).isEqualTo(6);
        assertThat(repository.findAudit(AuditQuery.all(), 1, 2)).containsExactly(written.get(4), written.get(3));
        assertThat(repository.findAudit(AuditQuery.all().withWaddle(puffins.slug()), 0, 100))
                .extracting(AuditEntry::detail).containsExactly("entry 5", "entry 3", "entry 1");
        assertThat(repository.findAudit(AuditQuery.all().withActor(console), 0, 100))
                .containsExactly(written.get(4), written.get(1));
        assertThat(written.get(4).serverAdmin()).contains("admin");
        assertThat(repository.findAudit(AuditQuery.all().withActor(Actor.of(OWNER)), 0, 100))
                .extracting(AuditEntry::detail).containsExactly("entry 3", "entry 0");
        assertThat(repository.findAudit(AuditQuery.all().withAction(AuditAction.MEMBER_BANNED), 0, 100))
                .extracting(AuditEntry::detail).containsExactly("entry 5", "entry 4", "entry 3");
        AuditQuery window = AuditQuery.all().between(Optional.of(T0.plusSeconds(60)), Optional.of(T0.plusSeconds(180)));
        assertThat(repository.findAudit(window, 0, 100)).extracting(AuditEntry::detail).containsExactly("entry 2", "entry 1");
        assertThat(repository.countAudit(window.withWaddle(penguins.slug()).withAction(AuditAction.CHANNEL_ADDED)))
                .isEqualTo(1);
        assertThat(repository.countAudit(AuditQuery.all().withWaddle(new WaddleSlug("nothing")))).isZero();
    }

    @Test
    void bansAndInvitesMadeByAServerAdminNameTheAdmin() throws WaddleException {
        Waddle waddle = waddle("penguins", "Penguins", "");
        Actor console = Actor.serverAdmin("admin");
        Ban ban = new Ban(waddle.id(), MEMBER, "", console, T0, Optional.empty());
        Invite invite = new Invite("code", waddle.id(), console, T0, Optional.empty(), OptionalInt.empty(), 0);
        member(waddle, OWNER, Role.OWNER, T0);
        member(waddle, OTHER_MEMBER, Role.MEMBER, T0);

        repository.inTransaction(store -> {
            store.insertBan(ban);
            store.insertInvite(invite);
            return null;
        });

        assertThat(findBan(waddle.id(), MEMBER)).contains(ban);
        assertThat(findInvite("code")).contains(invite);
        int members = repository.read(store -> store.countMembers(waddle.id()));
        assertThat(members).isEqualTo(2);
    }

    @Test
    void deletingAWaddleDeletesEverythingInItButItsAuditLog() throws WaddleException {
        Waddle waddle = waddle("penguins", "Penguins", "");
        Waddle other = waddle("others", "Others", "");
        channel(waddle, "general", 0, true);
        channel(other, "general", 0, true);
        member(waddle, OWNER, Role.OWNER, T0);
        repository.inTransaction(store -> {
            store.insertBan(new Ban(waddle.id(), MEMBER, "", OWNER, T0, Optional.empty()));
            store.insertInvite(new Invite("code", waddle.id(), OWNER, T0, Optional.empty(), OptionalInt.empty(), 0));
            store.insertAudit(new AuditEntry(store.nextId(IdSequence.AUDIT), waddle.id(), waddle.slug(), Optional.of(OWNER),
                    AuditAction.WADDLE_CREATED, Optional.empty(), Optional.empty(), "", T0));
            return null;
        });

        repository.inTransaction(store -> {
            store.deleteWaddle(waddle.id());
            return null;
        });

        assertThat(repository.findWaddle(waddle.id())).isEmpty();
        assertThat(channels(waddle.id())).isEmpty();
        assertThat(members(waddle.id())).isEmpty();
        assertThat(bans(waddle.id())).isEmpty();
        assertThat(findInvite("code")).isEmpty();
        assertThat(countAudit(waddle.id())).isEqualTo(1);
        assertThat(channels(other.id())).hasSize(1);
    }

    @Test
    void aFailedTransactionLeavesNothingBehind() throws WaddleException {
        Waddle waddle = waddle("penguins", "Penguins", "");

        Throwable thrown = catchThrowable(() -> repository.inTransaction(store -> {
            store.insertMember(new Member(waddle.id(), MEMBER, Role.MEMBER, T0, Optional.empty()));
            store.insertMember(new Member(waddle.id(), MEMBER, Role.MEMBER, T0, Optional.empty()));
            return null;
        }));

        assertThat(thrown).isInstanceOf(WaddleStorageException.class);
        assertThat(members(waddle.id())).isEmpty();
    }

    @Test
    void aChannelOfAMissingWaddleIsRefused() {
        Throwable thrown = catchThrowable(() -> repository.inTransaction(store -> {
            store.insertChannel(new Channel(1, 4242, new ChannelSlug("general"), "general~ghost", "General", "",
                    ChannelKind.TEXT, 0, true, 0, Optional.empty(), T0));
            return null;
        }));

        assertThat(thrown).isInstanceOf(WaddleStorageException.class);
        assertThat(((WaddleStorageException) thrown).constraintViolation()).isTrue();
    }

    @Test
    void aDatabaseWithoutTheSchemaIsAStorageFailureNamingTheOperation() throws Exception {
        ConnectionSource empty = emptyDatabase();
        JdbcWaddleRepository broken = new JdbcWaddleRepository(empty);

        Throwable thrown = catchThrowable(() -> broken.findWaddles("", 0, 10));

        assertThat(thrown).isInstanceOf(WaddleStorageException.class).hasMessageContaining("Waddle id sequences");
    }
}
