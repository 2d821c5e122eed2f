package social.waddle.web.site;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import social.waddle.account.AtprotoAccount;
import social.waddle.account.JdbcAccountRepository;
import social.waddle.account.JdbcPendingInviteRepository;
import social.waddle.account.PendingInviteRepository;
import social.waddle.atproto.AtprotoException;
import social.waddle.atproto.syntax.Did;
import social.waddle.community.AuditAction;
import social.waddle.community.AuditEntry;
import social.waddle.community.HsqldbWaddleDatabase;
import social.waddle.community.Invite;
import social.waddle.community.JdbcWaddleRepository;
import social.waddle.community.Member;
import social.waddle.community.Permission;
import social.waddle.community.Role;
import social.waddle.community.Visibility;
import social.waddle.community.Waddle;
import social.waddle.community.WaddleException;
import social.waddle.community.WaddleService;
import social.waddle.community.WaddleSlug;
import social.waddle.testbed.TestClock;

/** The moderator pages' and invite links' facade on the real service over HSQLDB: it shows and does what the service allows. */
class WaddleModerationTest {

    private static final Instant T0 = Instant.parse("2026-06-01T12:00:00Z");
    private static final WaddleSlug SLUG = new WaddleSlug("penguins");
    private static final Did OWNER = did('o');
    private static final Did ADMIN = did('a');
    private static final Did MODERATOR = did('m');
    private static final Did MEMBER = did('b');
    private static final Did OUTSIDER = did('x');

    private HsqldbWaddleDatabase database;
    private JdbcWaddleRepository repository;
    private JdbcAccountRepository accounts;
    private WaddleService service;
    private TestClock clock;
    private WaddleModeration moderation;
    private PendingInviteRepository pendingInvites;
    private InviteLinks invites;
    private Waddle waddle;

    @BeforeEach
    void setUp() throws Exception {
        database = HsqldbWaddleDatabase.create();
        repository = new JdbcWaddleRepository(database.connections());
        accounts = new JdbcAccountRepository(database.connections());
        clock = new TestClock(T0);
        service = new WaddleService(repository, clock);
        SitePeople people = new SitePeople(accounts);
        moderation = new WaddleModeration(service, repository, Optional.empty(), people);
        pendingInvites = new JdbcPendingInviteRepository(database.connections());
        invites = new InviteLinks(service, repository, people, "conference.example.com",
                new SignInLimiter(() -> 3, clock), pendingInvites, clock);
        waddle = service.createWaddle(OWNER, SLUG, "Penguins <b>", "", Visibility.INVITE_ONLY);
        Invite invite = service.createInvite(OWNER, SLUG, Optional.empty(), OptionalInt.empty());
        for (Did did : List.of(ADMIN, MODERATOR, MEMBER)) {
            service.joinWithInvite(did, invite.code());
        }
        service.changeRole(OWNER, SLUG, ADMIN, Role.ADMIN);
        service.changeRole(OWNER, SLUG, MODERATOR, Role.MODERATOR);
        accounts.save(account(MODERATOR, "mod.test", "Mo <script>", true));
        accounts.save(account(MEMBER, "member.test", "", true));
        accounts.save(account(OUTSIDER, "outsider.test", "Spoofed Name", false));
    }

    @AfterEach
    void tearDown() throws SQLException {
        database.close();
    }

    @Test
    void onlyModeratorsAdminsAndTheOwnerManageAWaddle() {
        assertThat(moderation.access(OWNER, waddle.id())).map(WaddleModeration.Access::role).contains(Role.OWNER);
        assertThat(moderation.access(MODERATOR, waddle.id())).map(WaddleModeration.Access::role).contains(Role.MODERATOR);
        assertThat(moderation.access(MEMBER, waddle.id())).isEmpty();
        assertThat(moderation.access(OUTSIDER, waddle.id())).isEmpty();
        assertThat(moderation.access(OWNER, waddle.id() + 1000)).isEmpty();
        assertThat(moderation.managed(MODERATOR)).extracting(access -> access.waddle().id()).containsExactly(waddle.id());
        assertThat(moderation.managed(MEMBER)).isEmpty();
    }

    @Test
    void whatTheModeratorSeesFollowsTheServicesTable() throws Exception {
        WaddleModeration.Access access = moderation.access(MODERATOR, waddle.id()).orElseThrow();
        assertThat(access.may(Permission.BAN)).isTrue();
        assertThat(access.may(Permission.INVITE)).isTrue();
        assertThat(access.may(Permission.MANAGE_CHANNELS)).isFalse();
        assertThat(access.may(Permission.MANAGE_LISTS)).isFalse();
        assertThat(access.grantable()).isEmpty();
        WaddleModeration.Overview overview = moderation.overview(MODERATOR, access, "http://x/invite/");
        assertThat(overview.members().rows()).filteredOn(row -> row.removable()).extracting(row -> row.name().did())
                .containsExactly(MEMBER.toString());
        assertThat(overview.members().rows()).allMatch(row -> row.grantable().isEmpty());
        assertThat(overview.invites()).singleElement().satisfies(row -> {
            assertThat(row.revocable()).as("made by the owner, not by a moderator").isFalse();
            assertThat(row.link()).startsWith("http://x/invite/");
        });

        WaddleModeration.Access admin = moderation.access(ADMIN, waddle.id()).orElseThrow();
        assertThat(admin.grantable()).containsExactly(Role.MEMBER, Role.MODERATOR);
        assertThat(moderation.overview(ADMIN, admin, "").members().rows()).filteredOn(WaddleModeration.MemberRow::removable)
                .extracting(row -> row.name().did()).containsExactlyInAnyOrder(MEMBER.toString(), MODERATOR.toString());
    }

    @Test
    void theServiceRefusesWhatARoleCannotDoEvenWhenThePageIsBypassed() throws Exception {
        WaddleModeration.Access access = moderation.access(MODERATOR, waddle.id()).orElseThrow();
        refused(WaddleException.Reason.FORBIDDEN, () -> moderation.addChannel(MODERATOR, access, "news", "News", ""));
        refused(WaddleException.Reason.FORBIDDEN, () -> moderation.changeRole(MODERATOR, access, MEMBER, Role.MODERATOR));
        refused(WaddleException.Reason.FORBIDDEN, () -> moderation.ban(MODERATOR, access, ADMIN, "", Optional.empty()));
        refused(WaddleException.Reason.FORBIDDEN, () -> moderation.syncLists(MODERATOR, access, true));
        assertThat(service.channels(SLUG)).hasSize(1);
        assertThat(service.members(SLUG)).extracting(Member::did).contains(ADMIN);
    }

    @Test
    void banAndUnbanAreTheServicesOwnAuditedChanges() throws Exception {
        WaddleModeration.Access access = moderation.access(MODERATOR, waddle.id()).orElseThrow();
        moderation.ban(MODERATOR, access, MEMBER, "spam", Optional.of(T0.plus(Duration.ofDays(7))));
        WaddleModeration.Overview overview = moderation.overview(MODERATOR, access, "");
        assertThat(overview.bans()).singleElement().satisfies(ban -> {
            assertThat(ban.name().label()).isEqualTo("member.test");
            assertThat(ban.reason()).isEqualTo("spam");
            assertThat(ban.bannedBy()).isEqualTo("Mo <script> (mod.test)");
        });
        assertThat(overview.members().rows()).noneMatch(row -> row.name().did().equals(MEMBER.toString()));
        moderation.unban(MODERATOR, access, MEMBER);
        assertThat(service.auditLog(OWNER, SLUG, 0, 10)).extracting(AuditEntry::action)
                .startsWith(AuditAction.MEMBER_UNBANNED, AuditAction.MEMBER_BANNED);
        assertThat(service.auditLog(OWNER, SLUG, 0, 1).get(0).actor()).map(Object::toString).contains(MODERATOR.toString());
    }

    @Test
    void anInviteOfAnotherWaddleCannotBeRevokedFromThisOne() throws Exception {
        service.createWaddle(OUTSIDER, new WaddleSlug("other"), "Other", "", Visibility.PUBLIC);
        Invite foreign = service.createInvite(OUTSIDER, new WaddleSlug("other"), Optional.empty(), OptionalInt.empty());
        WaddleModeration.Access access = moderation.access(OWNER, waddle.id()).orElseThrow();
        refused(WaddleException.Reason.NOT_FOUND, () -> moderation.revokeInvite(OWNER, access, foreign.code()));
        assertThat(invites.preview(foreign.code())).isPresent();
    }

    @Test
    void anInviteLinkShowsItsWaddleAndInviterAndJoinsThroughTheService() throws Exception {
        Invite invite = service.createInvite(MODERATOR, SLUG, Optional.of(T0.plus(Duration.ofHours(1))), OptionalInt.of(1));
        InviteLinks.Preview preview = invites.preview(invite.code()).orElseThrow();
        assertThat(preview.waddle().name()).isEqualTo("Penguins <b>");
        assertThat(preview.invitedBy().label()).isEqualTo("Mo <script> (mod.test)");
        assertThat(preview.state()).isEqualTo(InviteLinks.State.VALID);

        InviteLinks.Joined joined = invites.join(OUTSIDER, invite.code());
        assertThat(joined.roomUri()).hasValueSatisfying(uri -> assertThat(uri).startsWith("xmpp:").endsWith(
                "@conference.example.com?join"));
        assertThat(invites.membership(OUTSIDER, waddle)).isPresent();
        assertThat(invites.preview(invite.code()).orElseThrow().state()).isEqualTo(InviteLinks.State.USED_UP);

        Invite expiring = service.createInvite(OWNER, SLUG, Optional.of(T0.plus(Duration.ofMinutes(5))), OptionalInt.empty());
        clock.advance(Duration.ofMinutes(6));
        assertThat(invites.preview(expiring.code()).orElseThrow().state()).isEqualTo(InviteLinks.State.EXPIRED);
        refused(WaddleException.Reason.EXPIRED, () -> invites.join(did('z'), expiring.code()));
    }

    @Test
    void aLongMemberListIsPagedStaffFirstThenNewestAndSearchable() throws Exception {
        Invite invite = service.createInvite(OWNER, SLUG, Optional.empty(), OptionalInt.empty());
        for (int i = 0; i < 120; i++) {
            clock.advance(Duration.ofSeconds(1));
            Did person = Did.parse("did:plc:zz" + "q".repeat(20) + BASE32.charAt(i / 32) + BASE32.charAt(i % 32));
            service.joinWithInvite(person, invite.code());
            if (i == 7) {
                accounts.save(account(person, "seventh.test", "Lucky Seven", true));
            }
        }
        WaddleModeration.Access access = moderation.access(MODERATOR, waddle.id()).orElseThrow();

        WaddleModeration.MemberPage first = moderation.overview(MODERATOR, access, "").members();
        assertThat(first.total()).isEqualTo(124);
        assertThat(first.pages()).isEqualTo(3);
        assertThat(first.rows()).hasSize(WaddleModeration.MemberQuery.PAGE_SIZE);
        assertThat(first.rows().subList(0, 3)).extracting(WaddleModeration.MemberRow::role)
                .containsExactly(Role.OWNER, Role.ADMIN, Role.MODERATOR);
        assertThat(first.rows().get(3).name().did()).as("then the newest member (the 120th)").endsWith("qdx");

        WaddleModeration.MemberPage last = moderation.overview(MODERATOR, access, "",
                new WaddleModeration.MemberQuery("", 99)).members();
        assertThat(last.page()).as("a page past the end shows the last").isEqualTo(3);
        assertThat(last.rows()).hasSize(24);
        assertThat(last.first()).isEqualTo(101);
        assertThat(last.last()).isEqualTo(124);

        WaddleModeration.MemberPage byHandle = moderation.overview(MODERATOR, access, "",
                new WaddleModeration.MemberQuery("  SEVENTH ", 1)).members();
        assertThat(byHandle.rows()).extracting(row -> row.name().label()).containsExactly("Lucky Seven (seventh.test)");
        assertThat(byHandle.matching()).isEqualTo(1);
        WaddleModeration.MemberPage byDid = moderation.overview(MODERATOR, access, "",
                new WaddleModeration.MemberQuery("QQQQd", 1)).members();
        assertThat(byDid.rows()).extracting(row -> row.name().did()).allMatch(did -> did.contains("qqqqd"))
                .hasSize(24);
        WaddleModeration.MemberPage none = moderation.overview(MODERATOR, access, "",
                new WaddleModeration.MemberQuery("nobody-at-all", 1)).members();
        assertThat(none.rows()).isEmpty();
        assertThat(none.first()).isZero();
        assertThat(none.pages()).isEqualTo(1);
    }

    @Test
    void anOpenedInviteStaysPendingUntilJoinedOrEnded() throws Exception {
        Invite plain = service.createInvite(OWNER, SLUG, Optional.empty(), OptionalInt.empty());
        Invite expiring = service.createInvite(OWNER, SLUG, Optional.of(T0.plus(Duration.ofMinutes(30))), OptionalInt.empty());
        Invite revoked = service.createInvite(MODERATOR, SLUG, Optional.empty(), OptionalInt.empty());
        for (Invite invite : List.of(plain, expiring, revoked)) {
            invites.opened(OUTSIDER, invites.preview(invite.code()).orElseThrow());
            clock.advance(Duration.ofMinutes(1));
        }
        invites.opened(OUTSIDER, invites.preview(plain.code()).orElseThrow());
        assertThat(invites.pending(OUTSIDER)).extracting(InviteLinks.Preview::code)
                .containsExactly(plain.code(), revoked.code(), expiring.code());
        assertThat(invites.pending(MEMBER)).isEmpty();

        service.revokeInvite(MODERATOR, revoked.code());
        clock.advance(Duration.ofHours(1));
        assertThat(invites.pending(OUTSIDER)).extracting(InviteLinks.Preview::code).containsExactly(plain.code());
        assertThat(pendingInvites.of(OUTSIDER.toString())).as("ended invites are forgotten").hasSize(1);

        invites.join(OUTSIDER, plain.code());
        assertThat(invites.pending(OUTSIDER)).isEmpty();
        assertThat(pendingInvites.of(OUTSIDER.toString())).isEmpty();
    }

    @Test
    void anInviteOfAWaddleOneBelongsToOrOneNoLongerValidIsNeverPending() throws Exception {
        Invite single = service.createInvite(OWNER, SLUG, Optional.empty(), OptionalInt.of(1));
        InviteLinks.Preview preview = invites.preview(single.code()).orElseThrow();
        invites.opened(OUTSIDER, preview);
        invites.opened(did('y'), preview);
        invites.join(did('y'), single.code());
        assertThat(invites.pending(OUTSIDER)).as("used up by someone else").isEmpty();

        Invite other = service.createInvite(OWNER, SLUG, Optional.empty(), OptionalInt.empty());
        invites.opened(MEMBER, invites.preview(other.code()).orElseThrow());
        assertThat(invites.pending(MEMBER)).as("already a member").isEmpty();
        invites.opened(OUTSIDER, invites.preview(single.code()).orElseThrow());
        assertThat(pendingInvites.of(OUTSIDER.toString())).as("a used-up invite is not remembered").isEmpty();
    }

    @Test
    void pendingInvitesThatCannotBeStoredOrReadLeaveTheInvitePagesWorking() throws Exception {
        PendingInviteRepository broken = new PendingInviteRepository() {
            @Override
            public void remember(String did, String code, Instant openedAt) {
                throw new social.waddle.account.AccountStorageException("database down", new SQLException("down"));
            }

            @Override
            public List<PendingInvite> of(String did) {
                throw new social.waddle.account.AccountStorageException("database down", new SQLException("down"));
            }

            @Override
            public void forget(String did, String code) {
                throw new social.waddle.account.AccountStorageException("database down", new SQLException("down"));
            }
        };
        InviteLinks links = new InviteLinks(service, repository, new SitePeople(accounts), "conference.example.com",
                new SignInLimiter(() -> 3, clock), broken, clock);
        Invite invite = service.createInvite(OWNER, SLUG, Optional.empty(), OptionalInt.empty());

        links.opened(OUTSIDER, links.preview(invite.code()).orElseThrow());
        assertThat(links.pending(OUTSIDER)).isEmpty();
        assertThat(links.join(OUTSIDER, invite.code()).waddle().id()).isEqualTo(waddle.id());
    }

    @Test
    void aPersonKeepsOnlyTheNewestOpenedInvites() throws Exception {
        for (int i = 0; i < PendingInviteRepository.MAX_PER_PERSON + 5; i++) {
            pendingInvites.remember(OUTSIDER.toString(), "code" + i, T0.plusSeconds(i));
        }
        pendingInvites.remember(OUTSIDER.toString(), "code24", T0.plusSeconds(100));
        List<PendingInviteRepository.PendingInvite> kept = pendingInvites.of(OUTSIDER.toString());
        assertThat(kept).hasSize(PendingInviteRepository.MAX_PER_PERSON);
        assertThat(kept.get(0).code()).isEqualTo("code24");
        assertThat(kept).extracting(PendingInviteRepository.PendingInvite::code).doesNotContain("code0", "code4")
                .contains("code5", "code23");
    }

    @Test
    void malformedOrUnknownCodesAreNotFoundAndLookupsAreLimitedPerAddress() {
        assertThat(invites.preview("../../etc")).isEmpty();
        assertThat(invites.preview("nope")).isEmpty();
        assertThat(invites.preview("x".repeat(65))).isEmpty();
        assertThat(invites.allowLookup("192.0.2.1")).isTrue();
        assertThat(invites.allowLookup("192.0.2.1")).isTrue();
        assertThat(invites.allowLookup("192.0.2.1")).isTrue();
        assertThat(invites.allowLookup("192.0.2.1")).isFalse();
        assertThat(invites.allowLookup("192.0.2.2")).isTrue();
    }

    @Test
    void peopleAreNamedByHandleAndNeverByAnUnverifiedDisplayName() {
        SitePeople people = moderation.people();
        assertThat(people.name(MODERATOR).label()).isEqualTo("Mo <script> (mod.test)");
        assertThat(people.name(MEMBER).label()).isEqualTo("member.test");
        assertThat(people.name(OUTSIDER).label()).isEqualTo(OUTSIDER.toString());
        assertThat(people.find("@member.test")).contains(MEMBER);
        assertThat(people.find("outsider.test")).as("unverified handle").isEmpty();
        assertThat(people.find(ADMIN.toString())).contains(ADMIN);
        assertThat(people.humanize(MEMBER + " is not a member of Waddle 'penguins'"))
                .isEqualTo("member.test is not a member of Waddle 'penguins'");
    }

    private static void refused(WaddleException.Reason reason, ThrowingCallable call) {
        WaddleException thrown = catchThrowableOfType(WaddleException.class, call);
        assertThat(thrown).as("refused").isNotNull();
        assertThat(thrown.reason()).as(thrown.getMessage()).isEqualTo(reason);
    }

    private static AtprotoAccount account(Did did, String handle, String displayName, boolean verified) {
        return new AtprotoAccount("u" + Math.abs(did.toString().hashCode()), did.toString(), Optional.of(handle), verified,
                displayName.isEmpty() ? Optional.empty() : Optional.of(displayName), Optional.empty(), Set.of(), false,
                T0, T0, T0);
    }

    private static final String BASE32 = "abcdefghijklmnopqrstuvwxyz234567";

    private static Did did(char letter) {
        try {
            return Did.parse("did:plc:" + String.valueOf(letter).repeat(24));
        } catch (AtprotoException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
