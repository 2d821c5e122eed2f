package social.waddle.community;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;
import static social.waddle.community.TestDids.ADMIN;
import static social.waddle.community.TestDids.MEMBER;
import static social.waddle.community.TestDids.MODERATOR;
import static social.waddle.community.TestDids.OTHER_MEMBER;
import static social.waddle.community.TestDids.OUTSIDER;
import static social.waddle.community.TestDids.OWNER;
import static social.waddle.community.WaddleException.Reason.BANNED;
import static social.waddle.community.WaddleException.Reason.CONFLICT;
import static social.waddle.community.WaddleException.Reason.EXPIRED;
import static social.waddle.community.WaddleException.Reason.FORBIDDEN;
import static social.waddle.community.WaddleException.Reason.INVALID;
import static social.waddle.community.WaddleException.Reason.NOT_FOUND;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import social.waddle.atproto.syntax.Did;
import social.waddle.community.WaddleEvent.ChannelRemoved;
import social.waddle.community.WaddleEvent.ChannelsChanged;
import social.waddle.community.WaddleEvent.MembershipChanged;
import social.waddle.community.WaddleEvent.WaddleChanged;
import social.waddle.community.WaddleEvent.WaddleDeleted;
import social.waddle.testbed.TestClock;

/** Every rule of {@link WaddleService}, on the JDBC repository over an in-memory HSQLDB. */
class WaddleServiceTest {

    private static final Instant T0 = Instant.parse("2026-01-01T12:00:00Z");
    private static final WaddleSlug PENGUINS = new WaddleSlug("penguins");
    private static final ChannelSlug GENERAL = WaddleService.FIRST_CHANNEL_SLUG;
    private static final ChannelSlug NEWS = new ChannelSlug("news");
    private static final ChannelSlug RANDOM = new ChannelSlug("random");

    private HsqldbWaddleDatabase database;
    private JdbcWaddleRepository repository;
    private TestClock clock;
    private WaddleService service;
    private final List<WaddleEvent> events = new CopyOnWriteArrayList<>();
    private final AtomicInteger inviteCounter = new AtomicInteger();

    @BeforeEach
    void createService() throws SQLException {
        database = HsqldbWaddleDatabase.create();
        repository = new JdbcWaddleRepository(database.connections());
        clock = new TestClock(T0);
        service = new WaddleService(repository, clock, () -> "invite-" + inviteCounter.incrementAndGet());
        service.addListener(events::add);
    }

    @AfterEach
    void dropDatabase() throws SQLException {
        database.close();
    }

    /** Public Waddle "penguins": OWNER, ADMIN (admin), MODERATOR (moderator), MEMBER and OTHER_MEMBER (members). */
    private Waddle penguins() throws WaddleException {
        return penguins(Visibility.PUBLIC);
    }

    private Waddle penguins(Visibility visibility) throws WaddleException {
        Waddle waddle = service.createWaddle(OWNER, PENGUINS, "Penguins", "All about penguins", Visibility.PUBLIC);
        for (Did did : List.of(ADMIN, MODERATOR, MEMBER, OTHER_MEMBER)) {
            service.join(did, PENGUINS);
        }
        service.changeRole(OWNER, PENGUINS, ADMIN, Role.ADMIN);
        service.changeRole(OWNER, PENGUINS, MODERATOR, Role.MODERATOR);
        if (visibility != Visibility.PUBLIC) {
            waddle = service.updateWaddle(OWNER, PENGUINS, "Penguins", "All about penguins", visibility);
        }
        events.clear();
        return waddle;
    }

    private static WaddleException refusal(WaddleException.Reason reason, ThrowingCallable call) {
        WaddleException thrown = catchThrowableOfType(WaddleException.class, call);
        assertThat(thrown).as("refused").isNotNull();
        assertThat(thrown.reason()).as("reason of: %s", thrown.getMessage()).isEqualTo(reason);
        return thrown;
    }

    private Optional<Role> roleOf(Did did) throws WaddleException {
        return service.members(PENGUINS).stream().filter(member -> member.did().equals(did)).map(Member::role).findFirst();
    }

    private List<AuditAction> auditActions() throws WaddleException {
        return service.auditLog(OWNER, PENGUINS, 0, 1000).stream().map(AuditEntry::action).toList();
    }

    private int auditCount(long waddleId) {
        return repository.read(store -> store.countAudit(waddleId));
    }

    private List<Ban> bans(long waddleId) {
        return repository.read(store -> store.bans(waddleId));
    }

    private Optional<Invite> findInvite(String code) {
        return repository.read(store -> store.findInvite(code));
    }

    private AuditEntry lastAudit(long waddleId) {
        return repository.read(store -> store.audit(waddleId, 0, 1)).get(0);
    }

    @Nested
    class CreatingWaddles {

        @Test
        void theCreatorOwnsItAndItHasADefaultGeneralChannel() throws WaddleException {
            Waddle waddle = service.createWaddle(OWNER, PENGUINS, "  Penguins  ", "Cold", Visibility.INVITE_ONLY);

            assertThat(waddle.owner()).isEqualTo(OWNER);
            assertThat(waddle.name()).isEqualTo("Penguins");
            assertThat(repository.findWaddleBySlug(PENGUINS)).contains(waddle);
            assertThat(service.members(PENGUINS)).containsExactly(new Member(waddle.id(), OWNER, Role.OWNER, T0,
                    Optional.empty()));
            assertThat(service.channels(PENGUINS)).singleElement().satisfies(channel -> {
                assertThat(channel.slug()).isEqualTo(GENERAL);
                assertThat(channel.isDefault()).isTrue();
                assertThat(channel.position()).isZero();
                assertThat(channel.roomLocalpart()).isEqualTo("general~penguins");
            });
            assertThat(events).containsExactly(new WaddleChanged(waddle.id()), new ChannelsChanged(waddle.id()),
                    new MembershipChanged(waddle.id(), OWNER, Optional.empty(), Optional.of(Role.OWNER), false));
            assertThat(lastAudit(waddle.id()).action()).isEqualTo(AuditAction.WADDLE_CREATED);
        }

        @Test
        void slugsAreUnique() throws WaddleException {
            service.createWaddle(OWNER, PENGUINS, "Penguins", "", Visibility.PUBLIC);

            WaddleException refused = refusal(CONFLICT,
                    () -> service.createWaddle(MEMBER, PENGUINS, "Other penguins", "", Visibility.PUBLIC));

            assertThat(refused).hasMessageContaining("'penguins' is taken");
            assertThat(repository.countWaddles("")).isEqualTo(1);
        }

        @Test
        void namesMustBeOneLineOfAtMostAHundredCharacters() {
            refusal(INVALID, () -> service.createWaddle(OWNER, PENGUINS, "   ", "", Visibility.PUBLIC));
            refusal(INVALID, () -> service.createWaddle(OWNER, PENGUINS, "x".repeat(101), "", Visibility.PUBLIC));
            refusal(INVALID, () -> service.createWaddle(OWNER, PENGUINS, "two\nlines", "", Visibility.PUBLIC));
            refusal(INVALID, () -> service.createWaddle(OWNER, PENGUINS, "ok", "d".repeat(1001), Visibility.PUBLIC));

            assertThat(repository.countWaddles("")).isZero();
            assertThat(events).isEmpty();
        }

        @Test
        void onlyDidsWithAJidCanOwnAWaddle() {
            Did noJid = TestDids.parse("did:example:alice");

            WaddleException refused = refusal(INVALID,
                    () -> service.createWaddle(noJid, PENGUINS, "Penguins", "", Visibility.PUBLIC));

            assertThat(refused).hasMessageContaining("example");
        }

        @Test
        void malformedSlugsAreRefusedWithTheRule() {
            WaddleException refused = refusal(INVALID, () -> WaddleSlug.parse("-penguins"));

            assertThat(refused).hasMessageContaining("hyphen");
        }
    }

    @Nested
    class UpdatingAndDeletingWaddles {

        @Test
        void anAdminChangesNameDescriptionAndVisibility() throws WaddleException {
            Waddle waddle = penguins();
            clock.advance(Duration.ofMinutes(1));

            Waddle updated = service.updateWaddle(ADMIN, PENGUINS, "Emperors", "Colder", Visibility.PRIVATE);

            assertThat(updated).isEqualTo(new Waddle(waddle.id(), PENGUINS, "Emperors", "Colder", OWNER,
                    Visibility.PRIVATE, T0, T0.plus(Duration.ofMinutes(1))));
            assertThat(repository.findWaddle(waddle.id())).contains(updated);
            assertThat(events).containsExactly(new WaddleChanged(waddle.id()));
            AuditEntry audit = lastAudit(waddle.id());
            assertThat(audit.action()).isEqualTo(AuditAction.WADDLE_UPDATED);
            assertThat(audit.actor()).contains(ADMIN);
            assertThat(audit.detail()).contains("'Penguins' → 'Emperors'", "public → private");
        }

        @Test
        void moderatorsAndOutsidersCannotChangeSettings() throws WaddleException {
            penguins();

            WaddleException moderator = refusal(FORBIDDEN,
                    () -> service.updateWaddle(MODERATOR, PENGUINS, "Mine", "", Visibility.PUBLIC));
            WaddleException outsider = refusal(FORBIDDEN,
                    () -> service.updateWaddle(OUTSIDER, PENGUINS, "Mine", "", Visibility.PUBLIC));

            assertThat(moderator).hasMessageContaining("Only admins and the owner").hasMessageContaining("a moderator");
            assertThat(outsider).hasMessageContaining("Only members").hasMessageContaining(OUTSIDER.toString());
            assertThat(service.find(PENGUINS)).map(Waddle::name).contains("Penguins");
        }

        @Test
        void anUpdateThatChangesNothingIsNeitherAuditedNorAnnounced() throws WaddleException {
            Waddle waddle = penguins();
            int auditEntries = auditCount(waddle.id());

            service.updateWaddle(OWNER, PENGUINS, "Penguins", "All about penguins", Visibility.PUBLIC);

            assertThat(auditCount(waddle.id())).isEqualTo(auditEntries);
            assertThat(events).isEmpty();
        }

        @Test
        void anUnknownWaddleIsNotFound() {
            WaddleException refused = refusal(NOT_FOUND,
                    () -> service.updateWaddle(OWNER, new WaddleSlug("nowhere"), "X", "", Visibility.PUBLIC));

            assertThat(refused).hasMessage("There is no Waddle 'nowhere'");
        }

        @Test
        void theOwnerDeletesTheWaddleAndItsChannelsButTheAuditLogStays() throws WaddleException {
            Waddle waddle = penguins();
            service.addChannel(OWNER, PENGUINS, NEWS, "News", "", ChannelKind.ANNOUNCEMENT);
            List<Channel> channels = service.channels(PENGUINS);
            events.clear();

            service.deleteWaddle(OWNER, PENGUINS);

            assertThat(service.find(PENGUINS)).isEmpty();
            assertThat(events).containsExactly(new WaddleDeleted(waddle, channels));
            assertThat(lastAudit(waddle.id()).action()).isEqualTo(AuditAction.WADDLE_DELETED);
            assertThat(service.waddlesOf(MEMBER)).isEmpty();
            assertThat(service.createWaddle(MEMBER, PENGUINS, "New penguins", "", Visibility.PUBLIC).owner())
                    .isEqualTo(MEMBER);
        }

        @Test
        void onlyTheOwnerDeletes() throws WaddleException {
            penguins();

            WaddleException refused = refusal(FORBIDDEN, () -> service.deleteWaddle(ADMIN, PENGUINS));

            assertThat(refused).hasMessageContaining("Only the owner");
            assertThat(service.find(PENGUINS)).isPresent();
        }
    }

    @Nested
    class Channels {

        @Test
        void anAdminAddsAChannelAtTheEnd() throws WaddleException {
            Waddle waddle = penguins();

            Channel news = service.addChannel(ADMIN, PENGUINS, NEWS, "News", "Read me", ChannelKind.ANNOUNCEMENT);

            assertThat(news.position()).isEqualTo(1);
            assertThat(news.isDefault()).isFalse();
            assertThat(news.roomLocalpart()).isEqualTo("news~penguins");
            assertThat(news.roomJid("conference.example.com")).isEqualTo("news~penguins@conference.example.com");
            assertThat(service.channels(PENGUINS)).extracting(Channel::slug).containsExactly(GENERAL, NEWS);
            assertThat(events).containsExactly(new ChannelsChanged(waddle.id()));
            assertThat(lastAudit(waddle.id()).channel()).contains(NEWS);
        }

        @Test
        void channelSlugsAreUniqueWithinTheWaddleOnly() throws WaddleException {
            penguins();
            service.createWaddle(OUTSIDER, new WaddleSlug("seals"), "Seals", "", Visibility.PUBLIC);

            refusal(CONFLICT, () -> service.addChannel(OWNER, PENGUINS, GENERAL, "General 2", "", ChannelKind.TEXT));
            Channel sealsNews = service.addChannel(OUTSIDER, new WaddleSlug("seals"), NEWS, "News", "", ChannelKind.TEXT);
            Channel penguinsNews = service.addChannel(OWNER, PENGUINS, NEWS, "News", "", ChannelKind.TEXT);

            assertThat(sealsNews.roomLocalpart()).isNotEqualTo(penguinsNews.roomLocalpart());
        }

        @Test
        void moderatorsCannotManageChannels() throws WaddleException {
            penguins();

            refusal(FORBIDDEN, () -> service.addChannel(MODERATOR, PENGUINS, NEWS, "News", "", ChannelKind.TEXT));
            refusal(FORBIDDEN, () -> service.renameChannel(MODERATOR, PENGUINS, GENERAL, "Lobby"));
            refusal(FORBIDDEN, () -> service.setChannelTopic(MODERATOR, PENGUINS, GENERAL, "Hi"));
            refusal(FORBIDDEN, () -> service.reorderChannels(MODERATOR, PENGUINS, List.of(GENERAL)));

            assertThat(events).isEmpty();
        }

        @Test
        void renamingKeepsTheSlugAndTheRoom() throws WaddleException {
            penguins();

            Channel renamed = service.renameChannel(ADMIN, PENGUINS, GENERAL, "Lobby");

            assertThat(renamed.slug()).isEqualTo(GENERAL);
            assertThat(renamed.roomLocalpart()).isEqualTo("general~penguins");
            assertThat(service.channels(PENGUINS)).extracting(Channel::name).containsExactly("Lobby");
        }

        @Test
        void theTopicIsSetAndAudited() throws WaddleException {
            Waddle waddle = penguins();

            service.setChannelTopic(ADMIN, PENGUINS, GENERAL, "Fish only");

            assertThat(service.channels(PENGUINS)).extracting(Channel::topic).containsExactly("Fish only");
            assertThat(lastAudit(waddle.id()).action()).isEqualTo(AuditAction.CHANNEL_TOPIC_CHANGED);
        }

        @Test
        void reorderingTakesEveryChannelExactlyOnce() throws WaddleException {
            penguins();
            service.addChannel(OWNER, PENGUINS, NEWS, "News", "", ChannelKind.TEXT);
            service.addChannel(OWNER, PENGUINS, RANDOM, "Random", "", ChannelKind.TEXT);

            List<Channel> reordered = service.reorderChannels(ADMIN, PENGUINS, List.of(RANDOM, GENERAL, NEWS));

            assertThat(reordered).extracting(Channel::slug).containsExactly(RANDOM, GENERAL, NEWS);
            assertThat(service.channels(PENGUINS)).extracting(Channel::slug, Channel::position)
                    .containsExactly(tuple(RANDOM, 0), tuple(GENERAL, 1),
                            tuple(NEWS, 2));
        }

        @Test
        void anIncompleteOrRepeatingOrderIsRefusedSayingWhatIsWrong() throws WaddleException {
            penguins();
            service.addChannel(OWNER, PENGUINS, NEWS, "News", "", ChannelKind.TEXT);

            WaddleException missing = refusal(INVALID, () -> service.reorderChannels(OWNER, PENGUINS, List.of(NEWS)));
            WaddleException unknown = refusal(INVALID,
                    () -> service.reorderChannels(OWNER, PENGUINS, List.of(NEWS, GENERAL, RANDOM)));
            WaddleException twice = refusal(INVALID,
                    () -> service.reorderChannels(OWNER, PENGUINS, List.of(NEWS, GENERAL, NEWS)));

            assertThat(missing).hasMessageContaining("missing: [general]");
            assertThat(unknown).hasMessageContaining("no such channel: [random]");
            assertThat(twice).hasMessageContaining("named twice");
        }

        @Test
        void exactlyOneChannelIsTheDefault() throws WaddleException {
            penguins();
            service.addChannel(OWNER, PENGUINS, NEWS, "News", "", ChannelKind.TEXT);

            service.setDefaultChannel(ADMIN, PENGUINS, NEWS);

            assertThat(service.channels(PENGUINS)).filteredOn(Channel::isDefault).extracting(Channel::slug)
                    .containsExactly(NEWS);
        }

        @Test
        void theDefaultChannelCannotBeRemoved() throws WaddleException {
            penguins();

            WaddleException refused = refusal(CONFLICT, () -> service.removeChannel(OWNER, PENGUINS, GENERAL));

            assertThat(refused).hasMessageContaining("make another channel the default first");
            assertThat(service.channels(PENGUINS)).hasSize(1);
        }

        @Test
        void removingAChannelClosesTheGapAndAnnouncesTheRoomToDestroy() throws WaddleException {
            Waddle waddle = penguins();
            Channel news = service.addChannel(OWNER, PENGUINS, NEWS, "News", "", ChannelKind.TEXT);
            service.addChannel(OWNER, PENGUINS, RANDOM, "Random", "", ChannelKind.TEXT);
            events.clear();

            service.removeChannel(ADMIN, PENGUINS, NEWS);

            assertThat(service.channels(PENGUINS)).extracting(Channel::slug, Channel::position).containsExactly(
                    tuple(GENERAL, 0), tuple(RANDOM, 1));
            assertThat(events).containsExactly(new ChannelRemoved(waddle.id(), news), new ChannelsChanged(waddle.id()));
        }

        @Test
        void anUnknownChannelIsNotFound() throws WaddleException {
            penguins();

            WaddleException refused = refusal(NOT_FOUND, () -> service.renameChannel(OWNER, PENGUINS, NEWS, "News"));

            assertThat(refused).hasMessage("Waddle 'penguins' has no channel 'news'");
        }
    }

    @Nested
    class Joining {

        @Test
        void anyoneJoinsAPublicWaddleAsAMember() throws WaddleException {
            Waddle waddle = penguins();

            Member joined = service.join(OUTSIDER, PENGUINS);

            assertThat(joined).isEqualTo(new Member(waddle.id(), OUTSIDER, Role.MEMBER, T0, Optional.empty()));
            assertThat(events).containsExactly(new MembershipChanged(waddle.id(), OUTSIDER, Optional.empty(),
                    Optional.of(Role.MEMBER), false));
            assertThat(lastAudit(waddle.id()).action()).isEqualTo(AuditAction.MEMBER_JOINED);
            assertThat(service.waddlesOf(OUTSIDER)).containsExactly(waddle);
        }

        @Test
        void joiningTwiceIsAConflict() throws WaddleException {
            penguins();

            refusal(CONFLICT, () -> service.join(MEMBER, PENGUINS));
        }

        @Test
        void invitesAreNeededForInviteOnlyAndPrivateWaddles() throws WaddleException {
            penguins(Visibility.INVITE_ONLY);
            service.createWaddle(OWNER, new WaddleSlug("secret"), "Secret", "", Visibility.PRIVATE);

            WaddleException inviteOnly = refusal(FORBIDDEN, () -> service.join(OUTSIDER, PENGUINS));
            refusal(FORBIDDEN, () -> service.join(OUTSIDER, new WaddleSlug("secret")));

            assertThat(inviteOnly).hasMessage("Waddle 'penguins' can only be joined with an invite");
        }

        @Test
        void anInviteAdmitsToAPrivateWaddleAndCountsAUse() throws WaddleException {
            Waddle waddle = penguins(Visibility.PRIVATE);
            Invite invite = service.createInvite(MODERATOR, PENGUINS, Optional.empty(), OptionalInt.of(5));

            Member joined = service.joinWithInvite(OUTSIDER, invite.code());

            assertThat(joined.role()).isEqualTo(Role.MEMBER);
            assertThat(findInvite(invite.code())).map(Invite::uses).contains(1);
            assertThat(lastAudit(waddle.id()).detail()).contains("invite from " + MODERATOR);
        }

        @Test
        void anExpiredInviteIsRefused() throws WaddleException {
            penguins(Visibility.PRIVATE);
            Invite invite = service.createInvite(MODERATOR, PENGUINS, Optional.of(T0.plus(Duration.ofHours(1))),
                    OptionalInt.empty());
            clock.advance(Duration.ofHours(1));

            WaddleException refused = refusal(EXPIRED, () -> service.joinWithInvite(OUTSIDER, invite.code()));

            assertThat(refused).hasMessageContaining("expired at 2026-01-01T13:00:00Z");
        }

        @Test
        void anInviteRunsOutOfUses() throws WaddleException {
            penguins(Visibility.PRIVATE);
            Invite invite = service.createInvite(MODERATOR, PENGUINS, Optional.empty(), OptionalInt.of(1));
            service.joinWithInvite(OUTSIDER, invite.code());

            WaddleException refused = refusal(EXPIRED, () -> service.joinWithInvite(TestDids.plc('z'), invite.code()));

            assertThat(refused).hasMessageContaining("used up");
        }

        @Test
        void anUnknownOrRevokedInviteIsNotFound() throws WaddleException {
            penguins(Visibility.PRIVATE);
            Invite invite = service.createInvite(MODERATOR, PENGUINS, Optional.empty(), OptionalInt.empty());
            service.revokeInvite(MODERATOR, invite.code());

            refusal(NOT_FOUND, () -> service.joinWithInvite(OUTSIDER, "nonsense"));
            refusal(NOT_FOUND, () -> service.joinWithInvite(OUTSIDER, ""));
            WaddleException revoked = refusal(NOT_FOUND, () -> service.joinWithInvite(OUTSIDER, invite.code()));

            assertThat(revoked).hasMessageContaining("revoked");
        }

        @Test
        void aMemberUsingAnInviteDoesNotUseItUp() throws WaddleException {
            penguins(Visibility.PRIVATE);
            Invite invite = service.createInvite(MODERATOR, PENGUINS, Optional.empty(), OptionalInt.of(1));

            refusal(CONFLICT, () -> service.joinWithInvite(MEMBER, invite.code()));

            assertThat(findInvite(invite.code())).map(Invite::uses).contains(0);
        }

        @Test
        void bannedPeopleCanNeitherJoinNorUseInvites() throws WaddleException {
            penguins();
            Invite invite = service.createInvite(MODERATOR, PENGUINS, Optional.empty(), OptionalInt.empty());
            service.ban(MODERATOR, PENGUINS, OUTSIDER, "spam", Optional.empty());

            WaddleException direct = refusal(BANNED, () -> service.join(OUTSIDER, PENGUINS));
            refusal(BANNED, () -> service.joinWithInvite(OUTSIDER, invite.code()));

            assertThat(direct).hasMessageContaining("banned from Waddle 'penguins': spam");
            assertThat(findInvite(invite.code())).map(Invite::uses).contains(0);
        }

        @Test
        void anExpiredBanLiftsItselfWhenTheyJoin() throws WaddleException {
            Waddle waddle = penguins();
            service.ban(MODERATOR, PENGUINS, OUTSIDER, "cool off", Optional.of(T0.plus(Duration.ofDays(1))));
            refusal(BANNED, () -> service.join(OUTSIDER, PENGUINS));
            clock.advance(Duration.ofDays(1));
            events.clear();

            service.join(OUTSIDER, PENGUINS);

            assertThat(roleOf(OUTSIDER)).contains(Role.MEMBER);
            assertThat(bans(waddle.id())).isEmpty();
            assertThat(auditActions()).startsWith(AuditAction.MEMBER_JOINED, AuditAction.BAN_EXPIRED);
            AuditEntry expiry = repository.read(store -> store.audit(waddle.id(), 1, 1)).get(0);
            assertThat(expiry.actor()).isEmpty();
            assertThat(expiry.target()).contains(OUTSIDER);
            assertThat(events).containsExactly(
                    new MembershipChanged(waddle.id(), OUTSIDER, Optional.empty(), Optional.empty(), false),
                    new MembershipChanged(waddle.id(), OUTSIDER, Optional.empty(), Optional.of(Role.MEMBER), false));
        }
    }

    @Nested
    class LeavingAndRemoving {

        @Test
        void aMemberLeaves() throws WaddleException {
            Waddle waddle = penguins();

            service.leave(MEMBER, PENGUINS);

            assertThat(roleOf(MEMBER)).isEmpty();
            assertThat(events).containsExactly(new MembershipChanged(waddle.id(), MEMBER, Optional.of(Role.MEMBER),
                    Optional.empty(), false));
            assertThat(lastAudit(waddle.id()).action()).isEqualTo(AuditAction.MEMBER_LEFT);
        }

        @Test
        void theOwnerCannotLeaveWithoutHandingOver() throws WaddleException {
            penguins();

            WaddleException refused = refusal(FORBIDDEN, () -> service.leave(OWNER, PENGUINS));

            assertThat(refused).hasMessageContaining("transfer ownership");
            assertThat(roleOf(OWNER)).contains(Role.OWNER);
        }

        @Test
        void nonMembersCannotLeave() throws WaddleException {
            penguins();

            refusal(NOT_FOUND, () -> service.leave(OUTSIDER, PENGUINS));
        }

        @Test
        void aModeratorRemovesAMemberWhoMayComeBack() throws WaddleException {
            penguins();

            service.removeMember(MODERATOR, PENGUINS, MEMBER);

            assertThat(roleOf(MEMBER)).isEmpty();
            assertThat(service.join(MEMBER, PENGUINS).role()).isEqualTo(Role.MEMBER);
        }

        @Test
        void nobodyRemovesSomeoneOfEqualOrHigherRankOrThemselves() throws WaddleException {
            penguins();
            service.changeRole(OWNER, PENGUINS, OTHER_MEMBER, Role.MODERATOR);

            WaddleException equal = refusal(FORBIDDEN, () -> service.removeMember(MODERATOR, PENGUINS, OTHER_MEMBER));
            refusal(FORBIDDEN, () -> service.removeMember(MODERATOR, PENGUINS, ADMIN));
            refusal(FORBIDDEN, () -> service.removeMember(ADMIN, PENGUINS, OWNER));
            refusal(FORBIDDEN, () -> service.removeMember(ADMIN, PENGUINS, ADMIN));
            refusal(FORBIDDEN, () -> service.removeMember(MEMBER, PENGUINS, OTHER_MEMBER));

            assertThat(equal).hasMessageContaining("they are a moderator").hasMessageContaining("you are a moderator");
            assertThat(service.members(PENGUINS)).hasSize(5);
        }
    }

    @Nested
    class Roles {

        @Test
        void theOwnerMakesAnAdmin() throws WaddleException {
            Waddle waddle = penguins();

            Member promoted = service.changeRole(OWNER, PENGUINS, MEMBER, Role.ADMIN);

            assertThat(promoted.role()).isEqualTo(Role.ADMIN);
            assertThat(roleOf(MEMBER)).contains(Role.ADMIN);
            assertThat(events).containsExactly(new MembershipChanged(waddle.id(), MEMBER, Optional.of(Role.MEMBER),
                    Optional.of(Role.ADMIN), false));
            assertThat(lastAudit(waddle.id()).detail()).isEqualTo("a member → an admin");
        }

        @Test
        void anAdminGivesRolesBelowTheirOwnOnly() throws WaddleException {
            penguins();

            service.changeRole(ADMIN, PENGUINS, MEMBER, Role.MODERATOR);
            WaddleException refused = refusal(FORBIDDEN, () -> service.changeRole(ADMIN, PENGUINS, OTHER_MEMBER, Role.ADMIN));

            assertThat(roleOf(MEMBER)).contains(Role.MODERATOR);
            assertThat(refused).hasMessageContaining("only give roles below your own");
            assertThat(roleOf(OTHER_MEMBER)).contains(Role.MEMBER);
        }

        @Test
        void anAdminCannotTouchAnotherAdminOrTheOwner() throws WaddleException {
            penguins();
            service.changeRole(OWNER, PENGUINS, MEMBER, Role.ADMIN);

            refusal(FORBIDDEN, () -> service.changeRole(ADMIN, PENGUINS, MEMBER, Role.MEMBER));
            refusal(FORBIDDEN, () -> service.changeRole(ADMIN, PENGUINS, OWNER, Role.MEMBER));

            assertThat(roleOf(MEMBER)).contains(Role.ADMIN);
            assertThat(roleOf(OWNER)).contains(Role.OWNER);
        }

        @Test
        void moderatorsAndMembersCannotChangeRoles() throws WaddleException {
            penguins();

            WaddleException refused = refusal(FORBIDDEN, () -> service.changeRole(MODERATOR, PENGUINS, MEMBER, Role.MEMBER));
            refusal(FORBIDDEN, () -> service.changeRole(MEMBER, PENGUINS, OTHER_MEMBER, Role.MEMBER));

            assertThat(refused).hasMessageContaining("Only admins and the owner");
        }

        @Test
        void nobodyChangesTheirOwnRole() throws WaddleException {
            penguins();

            refusal(FORBIDDEN, () -> service.changeRole(ADMIN, PENGUINS, ADMIN, Role.MEMBER));
            refusal(FORBIDDEN, () -> service.changeRole(OWNER, PENGUINS, OWNER, Role.ADMIN));

            assertThat(roleOf(OWNER)).contains(Role.OWNER);
        }

        @Test
        void ownershipIsNotARoleToGive() throws WaddleException {
            penguins();

            WaddleException refused = refusal(INVALID, () -> service.changeRole(OWNER, PENGUINS, ADMIN, Role.OWNER));

            assertThat(refused).hasMessageContaining("transfer of ownership");
            assertThat(service.members(PENGUINS)).filteredOn(member -> member.role() == Role.OWNER).hasSize(1);
        }

        @Test
        void aRoleChangeToTheSameRoleChangesNothing() throws WaddleException {
            Waddle waddle = penguins();
            int auditEntries = auditCount(waddle.id());

            service.changeRole(OWNER, PENGUINS, MEMBER, Role.MEMBER);

            assertThat(auditCount(waddle.id())).isEqualTo(auditEntries);
            assertThat(events).isEmpty();
        }

        @Test
        void rolesOfNonMembersCannotBeChanged() throws WaddleException {
            penguins();

            refusal(NOT_FOUND, () -> service.changeRole(OWNER, PENGUINS, OUTSIDER, Role.MODERATOR));
        }
    }

    @Nested
    class Ownership {

        @Test
        void theOwnerHandsOverAndBecomesAnAdmin() throws WaddleException {
            Waddle waddle = penguins();

            Waddle transferred = service.transferOwnership(OWNER, PENGUINS, MEMBER);

            assertThat(transferred.owner()).isEqualTo(MEMBER);
            assertThat(service.find(PENGUINS)).map(Waddle::owner).contains(MEMBER);
            assertThat(roleOf(MEMBER)).contains(Role.OWNER);
            assertThat(roleOf(OWNER)).contains(Role.ADMIN);
            assertThat(service.members(PENGUINS)).filteredOn(member -> member.role() == Role.OWNER).hasSize(1);
            assertThat(events).containsExactly(
                    new MembershipChanged(waddle.id(), MEMBER, Optional.of(Role.MEMBER), Optional.of(Role.OWNER), false),
                    new MembershipChanged(waddle.id(), OWNER, Optional.of(Role.OWNER), Optional.of(Role.ADMIN), false));
            assertThat(lastAudit(waddle.id()).action()).isEqualTo(AuditAction.OWNERSHIP_TRANSFERRED);
        }

        @Test
        void thePreviousOwnerMayThenLeave() throws WaddleException {
            penguins();
            service.transferOwnership(OWNER, PENGUINS, ADMIN);

            service.leave(OWNER, PENGUINS);

            assertThat(roleOf(OWNER)).isEmpty();
        }

        @Test
        void onlyTheOwnerHandsOverAndOnlyToAMember() throws WaddleException {
            penguins();

            refusal(FORBIDDEN, () -> service.transferOwnership(ADMIN, PENGUINS, ADMIN));
            refusal(NOT_FOUND, () -> service.transferOwnership(OWNER, PENGUINS, OUTSIDER));
            refusal(INVALID, () -> service.transferOwnership(OWNER, PENGUINS, OWNER));

            assertThat(service.find(PENGUINS)).map(Waddle::owner).contains(OWNER);
        }
    }

    @Nested
    class Bans {

        @Test
        void aModeratorBansAMemberWhoLosesTheirMembership() throws WaddleException {
            Waddle waddle = penguins();
            Instant until = T0.plus(Duration.ofDays(7));

            Ban ban = service.ban(MODERATOR, PENGUINS, MEMBER, "rude", Optional.of(until));

            assertThat(ban).isEqualTo(new Ban(waddle.id(), MEMBER, "rude", MODERATOR, T0, Optional.of(until)));
            assertThat(roleOf(MEMBER)).isEmpty();
            assertThat(bans(waddle.id())).containsExactly(ban);
            assertThat(events).containsExactly(new MembershipChanged(waddle.id(), MEMBER, Optional.of(Role.MEMBER),
                    Optional.empty(), true));
            assertThat(lastAudit(waddle.id()).detail()).isEqualTo("until 2026-01-08T12:00:00Z: rude");
        }

        @Test
        void moderatorsBanOnlyMembersAndAdminsAlsoModerators() throws WaddleException {
            penguins();

            refusal(FORBIDDEN, () -> service.ban(MODERATOR, PENGUINS, ADMIN, "", Optional.empty()));
            refusal(FORBIDDEN, () -> service.ban(MODERATOR, PENGUINS, OWNER, "", Optional.empty()));
            refusal(FORBIDDEN, () -> service.ban(ADMIN, PENGUINS, OWNER, "", Optional.empty()));
            refusal(FORBIDDEN, () -> service.ban(MEMBER, PENGUINS, OTHER_MEMBER, "", Optional.empty()));
            service.ban(ADMIN, PENGUINS, MODERATOR, "", Optional.empty());

            assertThat(roleOf(MODERATOR)).isEmpty();
            assertThat(roleOf(ADMIN)).contains(Role.ADMIN);
        }

        @Test
        void peopleWhoAreNotMembersCanBeBannedBeforehand() throws WaddleException {
            Waddle waddle = penguins();

            service.ban(MODERATOR, PENGUINS, OUTSIDER, "known spammer", Optional.empty());

            assertThat(events).containsExactly(new MembershipChanged(waddle.id(), OUTSIDER, Optional.empty(),
                    Optional.empty(), true));
            refusal(BANNED, () -> service.join(OUTSIDER, PENGUINS));
        }

        @Test
        void aBanMustBeNewInTheFutureAndNotOfOneself() throws WaddleException {
            penguins();
            service.ban(MODERATOR, PENGUINS, OUTSIDER, "", Optional.empty());

            WaddleException twice = refusal(CONFLICT, () -> service.ban(ADMIN, PENGUINS, OUTSIDER, "", Optional.empty()));
            refusal(INVALID, () -> service.ban(MODERATOR, PENGUINS, MEMBER, "", Optional.of(T0)));
            refusal(INVALID, () -> service.ban(MODERATOR, PENGUINS, MODERATOR, "", Optional.empty()));

            assertThat(twice).hasMessageContaining("lift that ban first");
            assertThat(roleOf(MEMBER)).contains(Role.MEMBER);
        }

        @Test
        void liftingABanLetsThemJoinAgain() throws WaddleException {
            Waddle waddle = penguins();
            service.ban(ADMIN, PENGUINS, MEMBER, "", Optional.empty());
            events.clear();

            service.unban(MODERATOR, PENGUINS, MEMBER);

            assertThat(events).containsExactly(new MembershipChanged(waddle.id(), MEMBER, Optional.empty(),
                    Optional.empty(), false));
            assertThat(lastAudit(waddle.id()).action()).isEqualTo(AuditAction.MEMBER_UNBANNED);
            assertThat(service.join(MEMBER, PENGUINS).role()).isEqualTo(Role.MEMBER);
        }

        @Test
        void onlyExistingBansAreLiftedAndOnlyByModeratorsAndAbove() throws WaddleException {
            penguins();
            service.ban(ADMIN, PENGUINS, OUTSIDER, "", Optional.empty());

            refusal(NOT_FOUND, () -> service.unban(MODERATOR, PENGUINS, MEMBER));
            refusal(FORBIDDEN, () -> service.unban(MEMBER, PENGUINS, OUTSIDER));
        }

        @Test
        void theSweepLiftsExactlyTheExpiredBans() throws WaddleException {
            Waddle waddle = penguins();
            service.ban(MODERATOR, PENGUINS, MEMBER, "", Optional.of(T0.plus(Duration.ofHours(1))));
            service.ban(MODERATOR, PENGUINS, OTHER_MEMBER, "", Optional.of(T0.plus(Duration.ofHours(3))));
            service.ban(MODERATOR, PENGUINS, OUTSIDER, "", Optional.empty());
            events.clear();

            int lifted = service.liftExpiredBans(T0.plus(Duration.ofHours(2)));

            assertThat(lifted).isEqualTo(1);
            assertThat(bans(waddle.id())).extracting(Ban::did)
                    .containsExactlyInAnyOrder(OTHER_MEMBER, OUTSIDER);
            assertThat(events).containsExactly(new MembershipChanged(waddle.id(), MEMBER, Optional.empty(),
                    Optional.empty(), false));
            assertThat(lastAudit(waddle.id()).action()).isEqualTo(AuditAction.BAN_EXPIRED);
            assertThat(service.liftExpiredBans(T0.plus(Duration.ofHours(2)))).isZero();
        }
    }

    @Nested
    class Invites {

        @Test
        void moderatorsAndAboveCreateInvites() throws WaddleException {
            Waddle waddle = penguins(Visibility.PRIVATE);

            Invite invite = service.createInvite(MODERATOR, PENGUINS, Optional.of(T0.plus(Duration.ofDays(1))),
                    OptionalInt.of(10));

            assertThat(invite).isEqualTo(new Invite("invite-1", waddle.id(), MODERATOR, T0,
                    Optional.of(T0.plus(Duration.ofDays(1))), OptionalInt.of(10), 0));
            assertThat(service.invites(ADMIN, PENGUINS)).containsExactly(invite);
            assertThat(lastAudit(waddle.id()).detail()).doesNotContain("invite-1").contains("up to 10 uses");
            refusal(FORBIDDEN, () -> service.createInvite(MEMBER, PENGUINS, Optional.empty(), OptionalInt.empty()));
            refusal(FORBIDDEN, () -> service.invites(MEMBER, PENGUINS));
        }

        @Test
        void invitesNeedAFutureExpiryAndAtLeastOneUse() throws WaddleException {
            penguins();

            refusal(INVALID, () -> service.createInvite(OWNER, PENGUINS, Optional.of(T0), OptionalInt.empty()));
            refusal(INVALID, () -> service.createInvite(OWNER, PENGUINS, Optional.empty(), OptionalInt.of(0)));
        }

        @Test
        void creatorsAndAdminsRevokeButOtherModeratorsCannot() throws WaddleException {
            penguins();
            service.changeRole(OWNER, PENGUINS, OTHER_MEMBER, Role.MODERATOR);
            Invite first = service.createInvite(MODERATOR, PENGUINS, Optional.empty(), OptionalInt.empty());
            Invite second = service.createInvite(MODERATOR, PENGUINS, Optional.empty(), OptionalInt.empty());

            refusal(FORBIDDEN, () -> service.revokeInvite(OTHER_MEMBER, first.code()));
            service.revokeInvite(MODERATOR, first.code());
            service.revokeInvite(ADMIN, second.code());

            assertThat(service.invites(OWNER, PENGUINS)).isEmpty();
        }
    }

    @Nested
    class Activity {

        @Test
        void messagesAreCountedAndTheSenderIsSeen() throws WaddleException {
            penguins();
            clock.advance(Duration.ofMinutes(5));

            boolean counted = service.recordMessage("general~penguins", Optional.of(MEMBER));

            assertThat(counted).isTrue();
            Channel general = service.channels(PENGUINS).get(0);
            assertThat(general.messageCount()).isEqualTo(1);
            assertThat(general.lastActivity()).contains(T0.plus(Duration.ofMinutes(5)));
            assertThat(service.members(PENGUINS)).filteredOn(member -> member.did().equals(MEMBER))
                    .extracting(Member::lastSeen).containsExactly(Optional.of(T0.plus(Duration.ofMinutes(5))));
        }

        @Test
        void presenceMarksAMemberSeen() throws WaddleException {
            penguins();

            assertThat(service.recordSeen("general~penguins", OTHER_MEMBER)).isTrue();

            assertThat(service.members(PENGUINS)).filteredOn(member -> member.did().equals(OTHER_MEMBER))
                    .extracting(Member::lastSeen).containsExactly(Optional.of(T0));
        }

        @Test
        void roomsThatAreNotChannelsAreIgnored() throws WaddleException {
            penguins();

            assertThat(service.recordMessage("lobby", Optional.of(MEMBER))).isFalse();
            assertThat(service.recordMessage("news~penguins", Optional.empty())).isFalse();
            assertThat(service.recordSeen("general~seals", MEMBER)).isFalse();
            assertThat(events).isEmpty();
        }
    }

    @Nested
    class AuditAndEvents {

        @Test
        void everyChangeIsAuditedInOrderWithItsActor() throws WaddleException {
            penguins();
            service.addChannel(OWNER, PENGUINS, NEWS, "News", "", ChannelKind.TEXT);
            service.ban(ADMIN, PENGUINS, MEMBER, "", Optional.empty());
            service.leave(OTHER_MEMBER, PENGUINS);

            List<AuditEntry> log = service.auditLog(MODERATOR, PENGUINS, 0, 3);

            assertThat(log).extracting(AuditEntry::action).containsExactly(AuditAction.MEMBER_LEFT,
                    AuditAction.MEMBER_BANNED, AuditAction.CHANNEL_ADDED);
            assertThat(log).extracting(AuditEntry::actor).containsExactly(Optional.of(OTHER_MEMBER), Optional.of(ADMIN),
                    Optional.of(OWNER));
            assertThat(auditActions()).endsWith(AuditAction.WADDLE_CREATED);
            refusal(FORBIDDEN, () -> service.auditLog(MEMBER, PENGUINS, 0, 10));
        }

        @Test
        void aFailingListenerNeitherUndoesTheChangeNorSilencesOthers() throws WaddleException {
            penguins();
            service.addListener(event -> {
                throw new IllegalStateException("listener broke");
            });
            List<WaddleEvent> later = new CopyOnWriteArrayList<>();
            service.addListener(later::add);

            service.join(OUTSIDER, PENGUINS);

            assertThat(roleOf(OUTSIDER)).contains(Role.MEMBER);
            assertThat(later).hasSize(1);
        }

        @Test
        void aRefusedChangeLeavesNoTraceAndTellsNobody() throws WaddleException {
            Waddle waddle = penguins();
            int auditEntries = auditCount(waddle.id());

            refusal(FORBIDDEN, () -> service.ban(MEMBER, PENGUINS, OTHER_MEMBER, "", Optional.empty()));

            assertThat(auditCount(waddle.id())).isEqualTo(auditEntries);
            assertThat(events).isEmpty();
        }
    }

    @Nested
    class ServerAdmins {

        private final Actor console = Actor.serverAdmin("admin");

        @Test
        void createAWaddleForAnOwnerAndAreAuditedByUsername() throws WaddleException {
            Waddle waddle = service.createWaddle(console, OWNER, PENGUINS, "Penguins", "", Visibility.PRIVATE);

            assertThat(waddle.owner()).isEqualTo(OWNER);
            assertThat(roleOf(OWNER)).contains(Role.OWNER);
            assertThat(service.members(PENGUINS)).extracting(Member::did).containsExactly(OWNER);
            AuditEntry created = lastAudit(waddle.id());
            assertThat(created.actor()).isEmpty();
            assertThat(created.serverAdmin()).contains("admin");
            assertThat(created.actedBy()).contains(console);
            assertThat(created.target()).contains(OWNER);
            assertThat(created.detail()).contains("owned by " + OWNER);
        }

        @Test
        void aPersonCannotCreateAWaddleForSomeoneElse() {
            refusal(FORBIDDEN, () -> service.createWaddle(Actor.of(MEMBER), OWNER, PENGUINS, "Penguins", "", Visibility.PUBLIC));
        }

        @Test
        void manageTheWaddleAndItsChannelsWithoutBeingAMember() throws WaddleException {
            Waddle waddle = penguins();

            service.updateWaddle(console, PENGUINS, "Penguin Club", "", Visibility.INVITE_ONLY);
            service.addChannel(console, PENGUINS, NEWS, "News", "", ChannelKind.TEXT);
            service.renameChannel(console, PENGUINS, NEWS, "Headlines");
            service.setChannelTopic(console, PENGUINS, NEWS, "What happened");
            service.reorderChannels(console, PENGUINS, List.of(NEWS, GENERAL));
            service.removeChannel(console, PENGUINS, NEWS);

            assertThat(service.find(PENGUINS)).map(Waddle::name).contains("Penguin Club");
            assertThat(service.channels(PENGUINS)).extracting(Channel::slug).containsExactly(GENERAL);
            assertThat(service.members(PENGUINS)).extracting(Member::did).doesNotContainNull().hasSize(5);
            List<AuditEntry> log = repository.read(store -> store.audit(waddle.id(), 0, 6));
            assertThat(log).allSatisfy(entry -> {
                assertThat(entry.serverAdmin()).contains("admin");
                assertThat(entry.actor()).isEmpty();
            });
        }

        @Test
        void changeRolesRemoveAndBanAnyoneButTheOwner() throws WaddleException {
            Waddle waddle = penguins();

            service.changeRole(console, PENGUINS, MEMBER, Role.ADMIN);
            service.removeMember(console, PENGUINS, ADMIN);
            Ban ban = service.ban(console, PENGUINS, MODERATOR, "spam", Optional.of(T0.plus(Duration.ofDays(1))));

            assertThat(roleOf(MEMBER)).contains(Role.ADMIN);
            assertThat(roleOf(ADMIN)).isEmpty();
            assertThat(ban.bannedBy()).isEqualTo(console);
            assertThat(bans(waddle.id())).containsExactly(ban);
            refusal(FORBIDDEN, () -> service.removeMember(console, PENGUINS, OWNER));
            refusal(FORBIDDEN, () -> service.ban(console, PENGUINS, OWNER, "", Optional.empty()));
            refusal(FORBIDDEN, () -> service.changeRole(console, PENGUINS, OWNER, Role.MEMBER));
            refusal(INVALID, () -> service.changeRole(console, PENGUINS, MEMBER, Role.OWNER));

            service.unban(console, PENGUINS, MODERATOR);

            assertThat(bans(waddle.id())).isEmpty();
            assertThat(lastAudit(waddle.id()).action()).isEqualTo(AuditAction.MEMBER_UNBANNED);
            assertThat(lastAudit(waddle.id()).detail()).isEqualTo("banned by server admin admin");
        }

        @Test
        void createAndRevokeInvitesThatPeopleCanJoinWith() throws WaddleException {
            Waddle waddle = penguins(Visibility.PRIVATE);

            Invite invite = service.createInvite(console, PENGUINS, Optional.empty(), OptionalInt.of(1));
            service.joinWithInvite(OUTSIDER, invite.code());
            Invite other = service.createInvite(console, PENGUINS, Optional.empty(), OptionalInt.empty());

            assertThat(invite.createdBy()).isEqualTo(console);
            assertThat(findInvite(invite.code())).map(Invite::createdBy).contains(console);
            assertThat(roleOf(OUTSIDER)).contains(Role.MEMBER);
            assertThat(lastAudit(waddle.id()).serverAdmin()).contains("admin");
            assertThat(service.invites(console, PENGUINS)).extracting(Invite::code).containsExactly(invite.code(), other.code());

            service.revokeInvite(console, other.code());
            service.revokeInvite(Actor.of(OWNER), invite.code());

            assertThat(service.invites(console, PENGUINS)).isEmpty();
        }

        @Test
        void handOwnershipOnAndDeleteTheWaddle() throws WaddleException {
            Waddle waddle = penguins();

            refusal(INVALID, () -> service.transferOwnership(console, PENGUINS, OWNER));
            service.transferOwnership(console, PENGUINS, MEMBER);

            assertThat(roleOf(MEMBER)).contains(Role.OWNER);
            assertThat(roleOf(OWNER)).contains(Role.ADMIN);
            assertThat(service.find(PENGUINS)).map(Waddle::owner).contains(MEMBER);

            service.deleteWaddle(console, PENGUINS);

            assertThat(service.find(PENGUINS)).isEmpty();
            assertThat(lastAudit(waddle.id()).action()).isEqualTo(AuditAction.WADDLE_DELETED);
            assertThat(lastAudit(waddle.id()).actedBy()).contains(console);
        }

        @Test
        void readTheAuditLogOfAnyWaddle() throws WaddleException {
            penguins();

            assertThat(service.auditLog(console, PENGUINS, 0, 100)).isNotEmpty();
        }

        @Test
        void areNamedByAConsoleUsername() {
            assertThat(Actor.parseStored(console.stored())).isEqualTo(console);
            assertThat(Actor.parseStored(OWNER.toString())).isEqualTo(Actor.of(OWNER));
            assertThat(catchThrowableOfType(IllegalArgumentException.class, () -> Actor.serverAdmin(" "))).isNotNull();
            assertThat(catchThrowableOfType(IllegalArgumentException.class, () -> Actor.serverAdmin("a\nb"))).isNotNull();
            assertThat(catchThrowableOfType(IllegalArgumentException.class, () -> Actor.parseStored("alice"))).isNotNull();
        }
    }
}
