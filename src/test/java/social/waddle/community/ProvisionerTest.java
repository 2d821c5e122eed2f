package social.waddle.community;

import static org.assertj.core.api.Assertions.assertThat;
import static social.waddle.community.TestDids.ADMIN;
import static social.waddle.community.TestDids.MEMBER;
import static social.waddle.community.TestDids.OUTSIDER;
import static social.waddle.community.TestDids.OWNER;

import java.sql.SQLException;
import java.util.Set;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import social.waddle.testbed.ThreadsStarted;
import social.waddle.atproto.syntax.Did;
import social.waddle.community.ProvisioningFailure.Operation;
import social.waddle.community.ReconcileReport.Outcome;
import social.waddle.community.rooms.Affiliation;
import social.waddle.community.rooms.RoomState;
import social.waddle.testbed.TestClock;
import social.waddle.testbed.Await;

/** Rooms follow committed Waddle changes, off the caller's thread; reconcile repairs and reports. JDBC on HSQLDB. */
class ProvisionerTest {

    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String DOMAIN = "example.com";
    private static final WaddleSlug PENGUINS = new WaddleSlug("penguins");
    private static final ChannelSlug NEWS = new ChannelSlug("news");
    private static final String GENERAL_ROOM = "general~penguins";
    private static final String NEWS_ROOM = "news~penguins";

    private HsqldbWaddleDatabase database;
    private JdbcWaddleRepository repository;
    private TestClock clock;
    private WaddleService service;
    private InMemoryRoomGateway gateway;
    private Provisioner provisioner;

    @BeforeEach
    void start() throws SQLException {
        database = HsqldbWaddleDatabase.create();
        repository = new JdbcWaddleRepository(database.connections());
        clock = new TestClock(T0);
        service = new WaddleService(repository, clock);
        gateway = new InMemoryRoomGateway();
        provisioner = new Provisioner(repository, gateway, DOMAIN, clock);
        service.addListener(provisioner);
    }

    @AfterEach
    void stop() throws SQLException {
        gateway.open();
        provisioner.close();
        database.close();
    }

    private void awaitIdle() throws InterruptedException {
        assertThat(provisioner.awaitIdle(WAIT)).as("provisioning finished within " + WAIT).isTrue();
    }

    private void awaitOperations(String prefix, long count) {
        Await.until("'" + prefix + "' to reach " + count + " operations", WAIT, () -> gateway.count(prefix) >= count);
    }

    private static String jid(Did did) {
        return did.identifier() + "@" + DOMAIN;
    }

    private RoomState room(String localpart) {
        return gateway.room(localpart).orElseThrow(() -> new AssertionError("no room " + localpart));
    }

    // ---- Changes

    @Test
    void aNewWaddlesRoomIsCreatedAsSpecifiedOnTheProvisioningWorker() throws Exception {
        service.createWaddle(OWNER, PENGUINS, "Penguins", "All about penguins", Visibility.PUBLIC);
        awaitIdle();

        RoomState general = room(GENERAL_ROOM);
        assertThat(general.name()).isEqualTo("Penguins · General");
        assertThat(general.description()).isEqualTo("All about penguins");
        assertThat(general.persistent()).isTrue();
        assertThat(general.membersOnly()).isFalse();
        assertThat(general.affiliations()).containsExactlyEntriesOf(Map.of(jid(OWNER), Affiliation.OWNER));
        assertThat(gateway.threads).containsExactly(Provisioner.WORKER_NAME);
    }

    @Test
    void theThreadThatMadeTheChangeDoesNotWaitForTheRooms() throws Exception {
        gateway.close();

        CompletableFuture<Waddle> created = CompletableFuture.supplyAsync(() -> {
            try {
                return service.createWaddle(OWNER, PENGUINS, "Penguins", "", Visibility.PUBLIC);
            } catch (WaddleException e) {
                throw new IllegalStateException(e);
            }
        });

        assertThat(created.get(WAIT.toSeconds(), TimeUnit.SECONDS).slug()).isEqualTo(PENGUINS);
        assertThat(gateway.room(GENERAL_ROOM)).isEmpty();
        gateway.open();
        awaitIdle();
        assertThat(gateway.room(GENERAL_ROOM)).isPresent();
    }

    @Test
    void membershipRolesAndBansBecomeAffiliationsInEveryRoom() throws Exception {
        service.createWaddle(OWNER, PENGUINS, "Penguins", "", Visibility.PUBLIC);
        service.addChannel(OWNER, PENGUINS, NEWS, "News", "Announcements", ChannelKind.ANNOUNCEMENT);
        service.join(ADMIN, PENGUINS);
        service.join(MEMBER, PENGUINS);
        service.changeRole(OWNER, PENGUINS, ADMIN, Role.ADMIN);
        service.ban(OWNER, PENGUINS, OUTSIDER, "spam", Optional.empty());

        awaitIdle();

        Map<String, Affiliation> expected = Map.of(jid(OWNER), Affiliation.OWNER, jid(ADMIN), Affiliation.ADMIN,
                jid(MEMBER), Affiliation.MEMBER, jid(OUTSIDER), Affiliation.OUTCAST);
        assertThat(room(GENERAL_ROOM).affiliations()).isEqualTo(expected);
        assertThat(room(NEWS_ROOM).affiliations()).isEqualTo(expected);
        assertThat(room(NEWS_ROOM).moderated()).isTrue();
        assertThat(room(NEWS_ROOM).description()).isEqualTo("Announcements");
    }

    @Test
    void changesQueuedBehindABusyWorkerEndInTheLatestStateWithoutReplayingEachOne() throws Exception {
        service.createWaddle(OWNER, PENGUINS, "Penguins", "", Visibility.PUBLIC);
        awaitIdle();
        long appliesBefore = gateway.count("apply " + GENERAL_ROOM);
        gateway.close();
        service.updateWaddle(OWNER, PENGUINS, "Penguins 1", "", Visibility.PUBLIC);
        awaitOperations("apply " + GENERAL_ROOM, appliesBefore + 1);
        service.join(MEMBER, PENGUINS);

        for (int i = 2; i <= 5; i++) {
            service.updateWaddle(OWNER, PENGUINS, "Penguins " + i, "", Visibility.INVITE_ONLY);
        }
        gateway.open();
        awaitIdle();

        assertThat(room(GENERAL_ROOM).name()).isEqualTo("Penguins 5 · General");
        assertThat(room(GENERAL_ROOM).membersOnly()).isTrue();
        assertThat(room(GENERAL_ROOM).affiliations()).containsEntry(jid(MEMBER), Affiliation.MEMBER);
        // One apply was running when the other changes arrived; one more covers them all.
        assertThat(gateway.count("apply " + GENERAL_ROOM)).isEqualTo(appliesBefore + 2);
    }

    @Test
    void liftingExpiredBansTurnsOutcastsBackIntoNone() throws Exception {
        service.createWaddle(OWNER, PENGUINS, "Penguins", "", Visibility.PUBLIC);
        service.ban(OWNER, PENGUINS, OUTSIDER, "cool off", Optional.of(T0.plus(Duration.ofHours(1))));
        awaitIdle();
        assertThat(room(GENERAL_ROOM).affiliations()).containsEntry(jid(OUTSIDER), Affiliation.OUTCAST);

        clock.advance(Duration.ofHours(2));
        int lifted = service.liftExpiredBans(clock.instant());
        awaitIdle();

        assertThat(lifted).isEqualTo(1);
        assertThat(room(GENERAL_ROOM).affiliations()).doesNotContainKey(jid(OUTSIDER));
    }

    @Test
    void removedChannelsAndDeletedWaddlesLoseTheirRooms() throws Exception {
        service.createWaddle(OWNER, PENGUINS, "Penguins", "", Visibility.PUBLIC);
        service.addChannel(OWNER, PENGUINS, NEWS, "News", "", ChannelKind.TEXT);
        service.createWaddle(OWNER, new WaddleSlug("puffins"), "Puffins", "", Visibility.PUBLIC);
        awaitIdle();
        assertThat(gateway.localparts()).containsExactly(GENERAL_ROOM, "general~puffins", NEWS_ROOM);

        service.removeChannel(OWNER, PENGUINS, NEWS);
        awaitIdle();
        assertThat(gateway.localparts()).containsExactly(GENERAL_ROOM, "general~puffins");

        service.deleteWaddle(OWNER, PENGUINS);
        awaitIdle();
        assertThat(gateway.localparts()).containsExactly("general~puffins");
    }

    @Test
    void aChannelMadeAgainUnderTheSameNameGetsAFreshRoom() throws Exception {
        service.createWaddle(OWNER, PENGUINS, "Penguins", "", Visibility.PUBLIC);
        service.addChannel(OWNER, PENGUINS, NEWS, "News", "", ChannelKind.TEXT);
        awaitIdle();
        gateway.close();

        service.removeChannel(OWNER, PENGUINS, NEWS);
        service.addChannel(OWNER, PENGUINS, NEWS, "News again", "", ChannelKind.TEXT);
        gateway.open();
        awaitIdle();

        assertThat(room(NEWS_ROOM).name()).isEqualTo("Penguins · News again");
        assertThat(gateway.operations).containsSubsequence("destroy " + NEWS_ROOM, "apply " + NEWS_ROOM);
    }

    @Test
    void aRefusedRoomIsRecordedAndTriedAgainUntilItWorks() throws Exception {
        service.createWaddle(OWNER, PENGUINS, "Penguins", "", Visibility.PUBLIC);
        awaitIdle();
        gateway.refuse(NEWS_ROOM);

        service.addChannel(OWNER, PENGUINS, NEWS, "News", "", ChannelKind.TEXT);
        awaitIdle();
        assertThat(provisioner.failures()).singleElement().satisfies(failure -> {
            assertThat(failure.operation()).isEqualTo(Operation.APPLY);
            assertThat(failure.subject()).isEqualTo(NEWS_ROOM);
            assertThat(failure.error()).contains("refused");
        });
        assertThat(provisioner.retryFailures()).as("not due yet").isZero();
        clock.advance(Duration.ofMinutes(1));
        assertThat(provisioner.retryFailures()).isEqualTo(1);
        awaitIdle();
        assertThat(provisioner.failures()).singleElement().extracting(ProvisioningFailure::attempts).isEqualTo(2);

        gateway.accept(NEWS_ROOM);
        clock.advance(Duration.ofMinutes(1));
        assertThat(provisioner.retryFailures()).as("due two minutes after the second failure").isZero();
        clock.advance(Duration.ofMinutes(1));
        assertThat(provisioner.retryFailures()).isEqualTo(1);
        awaitIdle();

        assertThat(provisioner.failures()).isEmpty();
        assertThat(room(NEWS_ROOM).name()).isEqualTo("Penguins · News");
    }

    @Test
    void aFailedDestroyIsTriedAgain() throws Exception {
        service.createWaddle(OWNER, PENGUINS, "Penguins", "", Visibility.PUBLIC);
        service.addChannel(OWNER, PENGUINS, NEWS, "News", "", ChannelKind.TEXT);
        awaitIdle();
        gateway.refuse(NEWS_ROOM);

        service.removeChannel(OWNER, PENGUINS, NEWS);
        awaitIdle();
        assertThat(provisioner.failures()).singleElement().extracting(ProvisioningFailure::operation)
                .isEqualTo(Operation.DESTROY);

        gateway.accept(NEWS_ROOM);
        clock.advance(Duration.ofMinutes(1));
        provisioner.retryFailures();
        awaitIdle();

        assertThat(provisioner.failures()).isEmpty();
        assertThat(gateway.localparts()).containsExactly(GENERAL_ROOM);
    }

    @Test
    void retriesBackOffFromAMinuteToAnHour() {
        assertThat(Provisioner.retryDelay(1)).isEqualTo(Duration.ofMinutes(1));
        assertThat(Provisioner.retryDelay(2)).isEqualTo(Duration.ofMinutes(2));
        assertThat(Provisioner.retryDelay(6)).isEqualTo(Duration.ofMinutes(32));
        assertThat(Provisioner.retryDelay(7)).isEqualTo(Duration.ofHours(1));
        assertThat(Provisioner.retryDelay(1000)).isEqualTo(Duration.ofHours(1));
    }

    // ---- Reconciliation

    @Test
    void reconcileCreatesMissingRoomsRepairsChangedOnesAndReportsEach() throws Exception {
        service.removeListener(provisioner);
        service.createWaddle(OWNER, PENGUINS, "Penguins", "", Visibility.PUBLIC);
        service.addChannel(OWNER, PENGUINS, NEWS, "News", "", ChannelKind.TEXT);
        service.join(MEMBER, PENGUINS);
        gateway.put(new RoomState(GENERAL_ROOM, "Gossip", "", false, false, true, true, Optional.empty(),
                Map.of(jid(OWNER), Affiliation.OWNER, jid(OUTSIDER), Affiliation.ADMIN)));

        ReconcileReport report = provisioner.reconcile();

        assertThat(report.errors()).isEmpty();
        assertThat(report.waddles()).isEqualTo(1);
        assertThat(report.room(NEWS_ROOM)).hasValueSatisfying(news -> {
            assertThat(news.outcome()).isEqualTo(Outcome.CREATED);
            assertThat(news.waddle()).isEqualTo(PENGUINS);
            assertThat(news.channel()).isEqualTo(NEWS);
        });
        assertThat(report.room(GENERAL_ROOM)).hasValueSatisfying(general -> {
            assertThat(general.outcome()).isEqualTo(Outcome.REPAIRED);
            assertThat(general.changes()).containsExactlyInAnyOrder(
                    "set name: Gossip → Penguins · General",
                    jid(MEMBER) + ": none → member",
                    jid(OUTSIDER) + ": admin → none");
        });
        assertThat(room(GENERAL_ROOM).affiliations()).isEqualTo(Map.of(jid(OWNER), Affiliation.OWNER,
                jid(MEMBER), Affiliation.MEMBER));
        assertThat(report.toText()).contains("1 created, 1 repaired, 0 ok, 0 failed", "repaired " + GENERAL_ROOM,
                "set name: Gossip → Penguins · General");
    }

    @Test
    void reconcilingTwiceChangesNothingTheSecondTime() throws Exception {
        service.removeListener(provisioner);
        service.createWaddle(OWNER, PENGUINS, "Penguins", "", Visibility.PRIVATE);
        service.addChannel(OWNER, PENGUINS, NEWS, "News", "", ChannelKind.ANNOUNCEMENT);
        service.ban(OWNER, PENGUINS, OUTSIDER, "", Optional.empty());
        provisioner.reconcile();
        long appliesBefore = gateway.count("apply");

        ReconcileReport second = provisioner.reconcile();

        assertThat(second.allInOrder()).isTrue();
        assertThat(second.count(Outcome.OK)).isEqualTo(2);
        assertThat(second.rooms()).allSatisfy(room -> assertThat(room.changes()).isEmpty());
        assertThat(gateway.count("apply") - appliesBefore).isEqualTo(2);
    }

    @Test
    void aProvisioningCutShortAfterTheCommitIsFinishedByTheNextReconcile() throws Exception {
        service.createWaddle(OWNER, PENGUINS, "Penguins", "", Visibility.PUBLIC);
        awaitIdle();
        gateway.close();
        for (int i = 1; i <= 9; i++) {
            service.addChannel(OWNER, PENGUINS, new ChannelSlug("channel-" + i), "Channel " + i, "", ChannelKind.TEXT);
        }
        // The server goes down with the changes committed and their rooms not made.
        provisioner.close();
        gateway.open();
        assertThat(gateway.localparts()).containsExactly(GENERAL_ROOM);
        Provisioner restarted = new Provisioner(repository, gateway, DOMAIN, clock);
        provisioner = restarted;

        ReconcileReport report = restarted.reconcile();

        assertThat(report.count(Outcome.CREATED)).isEqualTo(9);
        assertThat(report.count(Outcome.OK)).isEqualTo(1);
        assertThat(gateway.localparts()).hasSize(10);
        assertThat(restarted.reconcile().allInOrder()).isTrue();
    }

    @Test
    void roomsNamedLikeWaddleRoomsWithoutAChannelAreReportedAndLeftAlone() throws Exception {
        service.createWaddle(OWNER, PENGUINS, "Penguins", "", Visibility.PUBLIC);
        awaitIdle();
        RoomState orphan = new RoomState("old~gone-waddle", "Old", "", false, false, true, true, Optional.empty(), Map.of());
        gateway.put(orphan);
        gateway.put(new RoomState("lobby", "Lobby", "", false, false, true, true, Optional.empty(), Map.of()));

        ReconcileReport report = provisioner.reconcile();

        assertThat(report.unmanagedRooms()).containsExactly("old~gone-waddle");
        assertThat(report.toText()).contains("unmanaged old~gone-waddle");
        assertThat(gateway.room("old~gone-waddle")).contains(orphan);
        assertThat(gateway.localparts()).contains("lobby");
    }

    @Test
    void roomsThatCannotBeProvisionedAreReportedAsFailedAndRecorded() throws Exception {
        service.removeListener(provisioner);
        service.createWaddle(OWNER, PENGUINS, "Penguins", "", Visibility.PUBLIC);
        service.addChannel(OWNER, PENGUINS, NEWS, "News", "", ChannelKind.TEXT);
        gateway.refuse(NEWS_ROOM);

        ReconcileReport report = provisioner.reconcile();

        assertThat(report.room(NEWS_ROOM)).hasValueSatisfying(news -> {
            assertThat(news.outcome()).isEqualTo(Outcome.FAILED);
            assertThat(news.error()).hasValueSatisfying(error -> assertThat(error).contains("refused"));
        });
        assertThat(report.room(GENERAL_ROOM)).map(ReconcileReport.RoomReport::outcome).contains(Outcome.CREATED);
        assertThat(report.toText()).contains("failed " + NEWS_ROOM);
        assertThat(provisioner.failures()).extracting(ProvisioningFailure::subject).containsExactly(NEWS_ROOM);
    }

    @Test
    void aServiceThatCannotListItsRoomsIsAnErrorOfTheReportNotAnException() throws Exception {
        service.createWaddle(OWNER, PENGUINS, "Penguins", "", Visibility.PUBLIC);
        awaitIdle();
        gateway.unreachable(true);

        ReconcileReport report = provisioner.reconcile();

        assertThat(report.count(Outcome.FAILED)).isEqualTo(1);
        assertThat(report.errors()).singleElement().asString().contains("list the rooms of the service", "disco#items");
        assertThat(report.allInOrder()).isFalse();
    }

    @Test
    void reconcileAfterCloseReportsThatProvisioningStoppedAndEventsAreIgnored() throws Exception {
        ThreadsStarted threads = ThreadsStarted.since();
        service.createWaddle(OWNER, PENGUINS, "Penguins", "", Visibility.PUBLIC);
        Set<Thread> workers = threads.named(Provisioner.WORKER_NAME);
        provisioner.close();

        ReconcileReport report = provisioner.reconcile();
        service.addChannel(OWNER, PENGUINS, NEWS, "News", "", ChannelKind.TEXT);

        assertThat(report.errors()).isNotEmpty().allSatisfy(error -> assertThat(error).contains("stopped"));
        assertThat(gateway.room(NEWS_ROOM)).isEmpty();
        assertThat(ThreadsStarted.stillAliveAfter(workers, Duration.ofSeconds(5))).isEmpty();
    }
}
