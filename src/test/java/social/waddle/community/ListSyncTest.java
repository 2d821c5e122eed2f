package social.waddle.community;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static social.waddle.community.TestDids.ADMIN;
import static social.waddle.community.TestDids.MEMBER;
import static social.waddle.community.TestDids.MODERATOR;
import static social.waddle.community.TestDids.OUTSIDER;
import static social.waddle.community.TestDids.OWNER;
import static social.waddle.community.TestDids.plc;

import java.sql.SQLException;
import social.waddle.testbed.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import social.waddle.atproto.AtprotoException;
import social.waddle.atproto.AtprotoException.Failure;
import social.waddle.atproto.graph.BlueskyList;
import social.waddle.atproto.graph.GraphPeople;
import social.waddle.atproto.graph.ListPurpose;
import social.waddle.atproto.syntax.Did;

/** Linking and syncing Bluesky lists, on the JDBC repository over HSQLDB, with lists served by a fake source. */
class ListSyncTest {

    private static final Instant T0 = Instant.parse("2026-01-01T12:00:00Z");
    private static final WaddleSlug PENGUINS = new WaddleSlug("penguins");
    private static final Did P1 = plc('p');
    private static final Did P2 = plc('q');
    private static final Did P3 = plc('r');
    private static final String CREW = "at://" + OWNER + "/app.bsky.graph.list/crew";
    private static final String TROLLS = "at://" + ADMIN + "/app.bsky.graph.list/trolls";

    private HsqldbWaddleDatabase database;
    private JdbcWaddleRepository repository;
    private TestClock clock;
    private WaddleService service;
    private FakeSource source;
    private ListSync sync;

    @BeforeEach
    void createService() throws Exception {
        database = HsqldbWaddleDatabase.create();
        repository = new JdbcWaddleRepository(database.connections());
        clock = new TestClock(T0);
        service = new WaddleService(repository, clock);
        source = new FakeSource();
        sync = new ListSync(service, source, clock);
        service.createWaddle(OWNER, PENGUINS, "Penguins", "", Visibility.PUBLIC);
        for (Did did : List.of(ADMIN, MODERATOR, MEMBER)) {
            service.join(did, PENGUINS);
        }
        service.changeRole(OWNER, PENGUINS, ADMIN, Role.ADMIN);
        service.changeRole(OWNER, PENGUINS, MODERATOR, Role.MODERATOR);
        source.lists.put(CREW, new BlueskyList(CREW, OWNER, "Crew", ListPurpose.CURATION,
                new GraphPeople(Set.of(P1, P2), 0, List.of(), 1)));
        source.lists.put(TROLLS, new BlueskyList(TROLLS, ADMIN, "Trolls", ListPurpose.MODERATION,
                new GraphPeople(Set.of(P3), 0, List.of(), 1)));
    }

    @AfterEach
    void dropDatabase() throws SQLException {
        database.close();
    }

    private Set<Did> members() throws WaddleException {
        return service.members(PENGUINS).stream().map(Member::did).collect(Collectors.toSet());
    }

    private Set<Did> banned() {
        long id = service.find(PENGUINS).orElseThrow().id();
        return repository.read(store -> store.bans(id)).stream().map(Ban::did).collect(Collectors.toSet());
    }

    private List<AuditEntry> audit() {
        long id = service.find(PENGUINS).orElseThrow().id();
        return repository.read(store -> store.audit(id, 0, 100));
    }

    private void setPeople(String uri, Did... people) {
        BlueskyList old = source.lists.get(uri);
        source.lists.put(uri, new BlueskyList(uri, old.repo(), old.name(), old.purpose(),
                new GraphPeople(Set.of(people), 0, List.of(), 1)));
    }

    @Test
    void aCurationListAddsItsPeopleAndRemovesThoseWhoLeaveIt() throws Exception {
        ListSync.Outcome linked = sync.link(Actor.of(ADMIN), PENGUINS, "https://bsky.app/profile/owner.test/lists/crew",
                SyncMode.ADD_ONLY);
        assertThat(linked.error()).isEmpty();
        assertThat(members()).contains(P1, P2, MEMBER);
        ListLink link = service.listLinks(PENGUINS).get(0);
        assertThat(link.kind()).isEqualTo(LinkKind.MEMBERS);
        assertThat(link.name()).isEqualTo("Crew");
        assertThat(link.people()).isEqualTo(2);
        assertThat(link.added()).isEqualTo(2);
        assertThat(link.lastSyncAt()).contains(T0);
        AuditEntry added = audit().stream().filter(e -> e.action() == AuditAction.MEMBER_ADDED).findFirst().orElseThrow();
        assertThat(added.actedBy()).contains(new Actor.BlueskySync(CREW));

        setPeople(CREW, P2, MEMBER);
        sync.sync(PENGUINS, false);
        assertThat(members()).doesNotContain(P1).contains(P2, MEMBER, OWNER, ADMIN, MODERATOR);
        assertThat(service.listLinks(PENGUINS).get(0).removed()).isEqualTo(1);

        // Add only: MEMBER joined by hand and stays when the list drops them.
        setPeople(CREW);
        sync.sync(PENGUINS, false);
        assertThat(members()).containsExactlyInAnyOrder(OWNER, ADMIN, MODERATOR, MEMBER);
    }

    @Test
    void anExactListIsTheMemberListButTheOwnerAndAdminsStay() throws Exception {
        sync.link(Actor.of(OWNER), PENGUINS, CREW, SyncMode.EXACT);
        assertThat(members()).containsExactlyInAnyOrder(OWNER, ADMIN, P1, P2);
        assertThat(audit()).anySatisfy(e -> {
            assertThat(e.action()).isEqualTo(AuditAction.MEMBER_REMOVED);
            assertThat(e.target()).contains(MODERATOR);
            assertThat(e.actedBy()).contains(new Actor.BlueskySync(CREW));
        });
    }

    @Test
    void aModerationListBansItsPeopleAndLiftsTheBanWhenTheyLeaveIt() throws Exception {
        service.join(P3, PENGUINS);
        sync.link(Actor.of(OWNER), PENGUINS, TROLLS, SyncMode.ADD_ONLY);
        assertThat(service.listLinks(PENGUINS).get(0).kind()).isEqualTo(LinkKind.BANS);
        assertThat(banned()).containsExactly(P3);
        assertThat(members()).doesNotContain(P3);
        assertThatThrownBy(() -> service.join(P3, PENGUINS)).isInstanceOf(WaddleException.class)
                .hasMessageContaining("banned");

        setPeople(TROLLS);
        sync.sync(PENGUINS, false);
        assertThat(banned()).isEmpty();
        service.join(P3, PENGUINS);
    }

    @Test
    void aBanAlwaysWinsAndHandBansAreLeftAlone() throws Exception {
        service.ban(OWNER, PENGUINS, P1, "by hand", Optional.empty());
        setPeople(TROLLS, P2);
        sync.link(Actor.of(OWNER), PENGUINS, CREW, SyncMode.ADD_ONLY);
        sync.link(Actor.of(OWNER), PENGUINS, TROLLS, SyncMode.ADD_ONLY);
        assertThat(members()).doesNotContain(P1, P2);
        assertThat(banned()).containsExactlyInAnyOrder(P1, P2);
        setPeople(TROLLS);
        setPeople(CREW);
        sync.sync(PENGUINS, false);
        assertThat(banned()).containsExactly(P1);
    }

    @Test
    void theOwnerAndAdminsAreNeverBanned() throws Exception {
        setPeople(TROLLS, ADMIN, OWNER, P3);
        ListSync.Outcome outcome = sync.link(Actor.of(OWNER), PENGUINS, TROLLS, SyncMode.ADD_ONLY);
        assertThat(banned()).containsExactly(P3);
        assertThat(outcome.plan().orElseThrow().notes()).hasSize(2);
    }

    @Test
    void someoneElsesListIsRefusedWithTheReason() {
        String foreign = "at://" + OUTSIDER + "/app.bsky.graph.list/theirs";
        source.lists.put(foreign, new BlueskyList(foreign, OUTSIDER, "Theirs", ListPurpose.CURATION,
                new GraphPeople(Set.of(P1), 0, List.of(), 1)));
        assertThatThrownBy(() -> sync.link(Actor.of(OWNER), PENGUINS, foreign, SyncMode.ADD_ONLY))
                .isInstanceOf(WaddleException.class).hasMessageContaining("neither the owner nor an admin");
        String moderators = "at://" + MODERATOR + "/app.bsky.graph.list/mods";
        source.lists.put(moderators, new BlueskyList(moderators, MODERATOR, "Mods", ListPurpose.CURATION,
                new GraphPeople(Set.of(P1), 0, List.of(), 1)));
        assertThatThrownBy(() -> sync.link(Actor.of(OWNER), PENGUINS, moderators, SyncMode.ADD_ONLY))
                .hasMessageContaining("neither the owner nor an admin");
        assertThatThrownBy(() -> sync.link(Actor.of(MEMBER), PENGUINS, CREW, SyncMode.ADD_ONLY))
                .hasMessageContaining("link Bluesky lists");
        assertThatThrownBy(() -> sync.link(Actor.of(OWNER), PENGUINS, "https://evil.example/x", SyncMode.ADD_ONLY))
                .hasMessageContaining("Cannot link this list");
    }

    @Test
    void anAdminWhoIsDemotedTakesTheirListsRuleAway() throws Exception {
        sync.link(Actor.of(OWNER), PENGUINS, TROLLS, SyncMode.ADD_ONLY);
        service.changeRole(OWNER, PENGUINS, ADMIN, Role.MEMBER);
        ListSync.Outcome outcome = sync.sync(PENGUINS, false);
        assertThat(outcome.error()).get().asString().contains("neither the owner nor an admin");
        assertThat(banned()).containsExactly(P3);
        assertThat(service.listLinks(PENGUINS).get(0).lastError()).isPresent();
    }

    @Test
    void aFailedReadChangesNothingAndIsShownOnTheLink() throws Exception {
        sync.link(Actor.of(OWNER), PENGUINS, CREW, SyncMode.EXACT);
        sync.link(Actor.of(OWNER), PENGUINS, TROLLS, SyncMode.ADD_ONLY);
        Set<Did> before = members();
        int auditBefore = audit().size();
        setPeople(CREW);
        source.failing.add(TROLLS);
        clock.advance(Duration.ofMinutes(1));
        ListSync.Outcome outcome = sync.sync(PENGUINS, false);
        assertThat(outcome.error()).get().asString().contains("connection refused");
        assertThat(members()).isEqualTo(before);
        assertThat(audit()).hasSize(auditBefore);
        ListLink trolls = service.listLinks(PENGUINS).get(1);
        assertThat(trolls.lastError()).get().asString().contains("connection refused");
        assertThat(trolls.failures()).isEqualTo(1);

        source.failing.clear();
        sync.sync(PENGUINS, false);
        assertThat(members()).containsExactlyInAnyOrder(OWNER, ADMIN);
        assertThat(service.listLinks(PENGUINS).get(1).lastError()).isEmpty();
    }

    @Test
    void aDryRunReturnsThePlanAndChangesNothing() throws Exception {
        sync.link(Actor.of(OWNER), PENGUINS, CREW, SyncMode.ADD_ONLY);
        setPeople(CREW, P1, P3);
        Set<Did> before = members();
        ListSync.Outcome dry = sync.sync(PENGUINS, true);
        SyncPlan plan = dry.plan().orElseThrow();
        assertThat(plan.adds()).extracting(SyncPlan.Change::did).containsExactly(P3);
        assertThat(plan.removals()).extracting(SyncPlan.Change::did).containsExactly(P2);
        assertThat(members()).isEqualTo(before);
    }

    @Test
    void unlinkingRemovesWhatTheListDidAtTheNextSync() throws Exception {
        sync.link(Actor.of(OWNER), PENGUINS, CREW, SyncMode.ADD_ONLY);
        sync.link(Actor.of(OWNER), PENGUINS, TROLLS, SyncMode.ADD_ONLY);
        service.unlinkList(Actor.of(ADMIN), PENGUINS, CREW);
        service.unlinkList(Actor.of(ADMIN), PENGUINS, TROLLS);
        sync.sync(PENGUINS, false);
        assertThat(members()).containsExactlyInAnyOrder(OWNER, ADMIN, MODERATOR, MEMBER);
        assertThat(banned()).isEmpty();
        assertThat(audit()).anySatisfy(e -> assertThat(e.action()).isEqualTo(AuditAction.LIST_UNLINKED));
    }

    @Test
    void theOwnersBlocksBan() throws Exception {
        source.blocks.put(OWNER, Set.of(P2));
        sync.link(Actor.of(ADMIN), PENGUINS, "blocks", SyncMode.ADD_ONLY);
        assertThat(banned()).containsExactly(P2);
        assertThat(service.listLinks(PENGUINS).get(0).kind()).isEqualTo(LinkKind.BLOCKS);
    }

    @Test
    void linkingReadsTheListOnceAndAnUnchangedRepositoryIsNotReadAgain() throws Exception {
        source.revisions.put(OWNER, "3kabc");
        ListSync.Outcome linked = sync.link(Actor.of(OWNER), PENGUINS, CREW, SyncMode.EXACT);
        assertThat(source.reads).isEqualTo(1);
        assertThat(linked.xrpcCalls()).as("revision, list read (1 call), revision again").isEqualTo(3);
        assertThat(members()).contains(P1, P2);

        service.join(P3, PENGUINS);
        ListSync.Outcome unchanged = sync.sync(PENGUINS, false);
        assertThat(source.reads).as("no list read while the revision is the same").isEqualTo(1);
        assertThat(unchanged.xrpcCalls()).isEqualTo(1);
        assertThat(members()).as("the plan is still made against the Waddle as it is now")
                .containsExactlyInAnyOrder(OWNER, ADMIN, P1, P2);

        setPeople(CREW, P1);
        source.revisions.put(OWNER, "3kabd");
        sync.sync(PENGUINS, false);
        assertThat(source.reads).isEqualTo(2);
        assertThat(members()).containsExactlyInAnyOrder(OWNER, ADMIN, P1);
    }

    @Test
    void aFailingRevisionCallChangesNothing() throws Exception {
        sync.link(Actor.of(OWNER), PENGUINS, CREW, SyncMode.ADD_ONLY);
        Set<Did> before = members();
        setPeople(CREW);
        source.revisionsDown = true;
        ListSync.Outcome outcome = sync.sync(PENGUINS, false);
        assertThat(outcome.error()).hasValueSatisfying(error -> assertThat(error).contains("connection refused"));
        assertThat(members()).isEqualTo(before);
    }

    @Test
    void peopleWhoseDidDoesNotResolveAreSkippedWithTheReasonAndCountedOnTheLink() throws Exception {
        source.unresolvable.add(P2);
        ListSync.Outcome outcome = sync.link(Actor.of(OWNER), PENGUINS, CREW, SyncMode.ADD_ONLY);

        assertThat(outcome.error()).isEmpty();
        assertThat(outcome.didLookups()).isEqualTo(2);
        assertThat(members()).contains(P1).doesNotContain(P2);
        assertThat(outcome.plan().orElseThrow().notes()).anySatisfy(note -> assertThat(note)
                .contains("1 item(s) name nobody who can be a member").contains(P2 + " does not resolve"));
        ListLink link = service.listLinks(PENGUINS).get(0);
        assertThat(link.skipped()).isEqualTo(1);
        assertThat(link.skipNote()).hasValueSatisfying(note -> assertThat(note).contains(P2 + " does not resolve"));
        assertThat(link.people()).as("people counted: those the list names that can be members").isEqualTo(1);

        source.unresolvable.clear();
        sync.sync(PENGUINS, false);
        assertThat(members()).contains(P1, P2);
        assertThat(service.listLinks(PENGUINS).get(0).skipped()).isZero();
    }

    @Test
    void aResolverThatDoesNotAnswerStopsTheRunAndChangesNothing() throws Exception {
        sync.link(Actor.of(OWNER), PENGUINS, CREW, SyncMode.ADD_ONLY);
        Set<Did> before = members();
        setPeople(CREW, P1, P2, P3);
        source.resolverDown = true;

        ListSync.Outcome outcome = sync.sync(PENGUINS, false);

        assertThat(outcome.error()).hasValueSatisfying(error -> assertThat(error)
                .contains("Resolving the people to add failed").contains("did not answer in time"));
        assertThat(members()).isEqualTo(before);
        assertThat(service.listLinks(PENGUINS).get(0).lastError()).isPresent();
    }

    @Test
    void periodicRunsBackOffAfterFailures() throws Exception {
        ListLink link = new ListLink(1, 1, CREW, LinkKind.MEMBERS, SyncMode.ADD_ONLY, "", Actor.of(OWNER), T0,
                Optional.of(T0), 0, 0, 0, 0, Optional.empty(), 0, 0, Optional.empty());
        Duration hour = Duration.ofHours(1);
        Duration day = Duration.ofDays(1);
        assertThat(ListSync.isDue(link, T0.plus(hour), hour, day)).isTrue();
        ListLink failedThrice = link.failed(T0, "x").failed(T0, "x").failed(T0, "x");
        assertThat(ListSync.isDue(failedThrice, T0.plus(Duration.ofHours(7)), hour, day)).isFalse();
        assertThat(ListSync.isDue(failedThrice, T0.plus(Duration.ofHours(8)), hour, day)).isTrue();
        ListLink failedOften = failedThrice;
        for (int i = 0; i < 30; i++) {
            failedOften = failedOften.failed(T0, "x");
        }
        assertThat(ListSync.isDue(failedOften, T0.plus(day), hour, day)).isTrue();
        sync.link(Actor.of(OWNER), PENGUINS, CREW, SyncMode.ADD_ONLY);
        assertThat(sync.syncDue(hour, day)).isEmpty();
        clock.advance(hour);
        assertThat(sync.syncDue(hour, day)).containsKey(PENGUINS);
    }

    private static final class FakeSource implements ListSource {
        final Map<String, BlueskyList> lists = new HashMap<>();
        final Map<Did, Set<Did>> blocks = new HashMap<>();
        final Set<String> failing = new HashSet<>();
        /** Fixed revisions per repository; a repository without one has a new revision at each call. */
        final Map<Did, String> revisions = new HashMap<>();
        int commits;
        int reads;
        boolean revisionsDown;
        final Set<Did> unresolvable = new HashSet<>();
        boolean resolverDown;

        @Override
        public Optional<String> whyUnresolvable(Did person) throws AtprotoException {
            if (resolverDown) {
                throw new AtprotoException(Failure.TIMEOUT, "the PLC directory did not answer in time");
            }
            return unresolvable.contains(person) ? Optional.of(person + " does not resolve: DID not found (HTTP 404)")
                    : Optional.empty();
        }

        @Override
        public String latestRevision(Did repo) throws AtprotoException {
            if (revisionsDown) {
                throw new AtprotoException(Failure.NETWORK, "connection refused by the PDS");
            }
            return revisions.getOrDefault(repo, "rev" + ++commits);
        }

        @Override
        public Did resolveRepo(String handleOrDid) throws AtprotoException {
            return handleOrDid.equals("owner.test") ? OWNER : Did.parse(handleOrDid);
        }

        @Override
        public BlueskyList readList(Did repo, String rkey) throws AtprotoException {
            reads++;
            String uri = "at://" + repo + "/app.bsky.graph.list/" + rkey;
            if (failing.contains(uri)) {
                throw new AtprotoException(Failure.NETWORK, "connection refused by the PDS");
            }
            BlueskyList list = lists.get(uri);
            if (list == null) {
                throw new AtprotoException(Failure.NOT_FOUND, "no list " + uri);
            }
            return list;
        }

        @Override
        public GraphPeople readBlocks(Did repo) {
            return new GraphPeople(blocks.getOrDefault(repo, Set.of()), 0, List.of(), 1);
        }
    }
}
