package social.waddle.openfire.muc;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xmpp.packet.JID;
import org.xmpp.packet.Message;

import social.waddle.atproto.AtprotoException;
import social.waddle.atproto.syntax.Did;
import social.waddle.community.AuditAction;
import social.waddle.community.AuditEntry;
import social.waddle.community.Channel;
import social.waddle.community.ChannelSlug;
import social.waddle.community.JdbcWaddleRepository;
import social.waddle.community.Member;
import social.waddle.community.Visibility;
import social.waddle.community.Waddle;
import social.waddle.community.WaddleEvent;
import social.waddle.community.WaddleException;
import social.waddle.community.WaddleRepository;
import social.waddle.community.WaddleService;
import social.waddle.community.WaddleSlug;
import social.waddle.community.WaddleStore;
import social.waddle.database.DatabaseScripts;
import social.waddle.testbed.TestClock;

/**
 * MUC events through {@link WaddleMucListener} and {@link RoomMirror} into a {@link WaddleService} on an in-memory
 * HSQLDB with the plugin's schema; the worker is a real single thread, which the tests wait for.
 */
class WaddleMucListenerTest {

    private static final String DOMAIN = "example.com";
    private static final String MUC = "conference.example.com";
    private static final String COMPONENT = "waddle.example.com";
    private static final WaddleSlug PENGUINS = new WaddleSlug("penguins");
    private static final Did OWNER = did('o');
    private static final Did MEMBER = did('m');
    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    private final TestClock clock = new TestClock(T0);
    private final List<WaddleEvent> events = new CopyOnWriteArrayList<>();
    private Connection keepAlive;
    private CountingRepository repository;
    private WaddleService waddles;
    private ScheduledExecutorService worker;
    private RoomMirror mirror;
    private OwnRoomDestructions ownDestructions;
    private WaddleMucListener listener;

    @BeforeEach
    void start() throws SQLException, WaddleException {
        String url = "jdbc:hsqldb:mem:muc-mirror-" + UUID.randomUUID();
        keepAlive = DriverManager.getConnection(url, "SA", "");
        DatabaseScripts.createOpenfireVersionTable(keepAlive);
        DatabaseScripts.run(keepAlive, DatabaseScripts.install("hsqldb"));
        repository = new CountingRepository(new JdbcWaddleRepository(() -> DriverManager.getConnection(url, "SA", "")));
        waddles = new WaddleService(repository, clock);
        waddles.createWaddle(OWNER, PENGUINS, "Penguins", "", Visibility.PUBLIC);
        waddles.join(MEMBER, PENGUINS);
        waddles.addListener(events::add);
        worker = Executors.newSingleThreadScheduledExecutor();
        ownDestructions = new OwnRoomDestructions(clock);
        mirror = new RoomMirror(waddles, clock, worker, Duration.ofHours(1), DOMAIN, COMPONENT, ownDestructions);
        listener = new WaddleMucListener(mirror, MUC);
        repository.calls.set(0);
    }

    @AfterEach
    void stop() throws SQLException, InterruptedException {
        worker.shutdownNow();
        worker.awaitTermination(5, TimeUnit.SECONDS);
        try (Statement statement = keepAlive.createStatement()) {
            statement.execute("SHUTDOWN");
        }
    }

    @Test
    void messagesAreCountedInMemoryAndWrittenOncePerFlushWithoutText() throws Exception {
        for (int i = 0; i < 50; i++) {
            clock.advance(Duration.ofSeconds(1));
            listener.messageReceived(room("general"), user(MEMBER, "phone"), "bob", message("fish " + i));
        }
        drain();
        assertThat(repository.calls).as("no database work per message").hasValue(0);

        flush();

        assertThat(repository.calls).as("one transaction for the room").hasValue(1);
        Channel general = channel("general");
        assertThat(general.messageCount()).isEqualTo(50);
        assertThat(general.lastActivity()).contains(T0.plusSeconds(50));
        assertThat(member(MEMBER).lastSeen()).contains(T0.plusSeconds(50));
    }

    @Test
    void joinsAndLeavesMarkMembersSeen() throws Exception {
        listener.occupantJoined(room("general"), user(MEMBER, "phone"), "bob");
        listener.occupantJoined(room("general"), user(MEMBER, "laptop"), "bob2");
        listener.occupantJoined(room("general"), user(OWNER, "desk"), "olga");

        clock.advance(Duration.ofMinutes(3));
        listener.occupantLeft(room("general"), user(MEMBER, "phone"));
        listener.occupantLeft(room("general"), user(MEMBER, "laptop"), "bob2");
        flush();

        assertThat(member(MEMBER).lastSeen()).contains(T0.plus(Duration.ofMinutes(3)));
        assertThat(member(OWNER).lastSeen()).contains(T0);
        assertThat(channel("general").messageCount()).isZero();
    }

    @Test
    void theComponentsOwnVisitsCountForNothing() throws Exception {
        JID component = new JID("waddle-1a2b", COMPONENT, null);
        listener.occupantJoined(room("general"), component, "waddle-1a2b");
        listener.messageReceived(room("general"), component, "waddle-1a2b", message("hello"));
        listener.roomSubjectChanged(room("general"), component, "Set by Waddle");
        listener.occupantLeft(room("general"), component, "waddle-1a2b");
        flush();

        assertThat(repository.calls).hasValue(0);
        assertThat(channel("general").messageCount()).isZero();
        assertThat(channel("general").topic()).isEmpty();
    }

    @Test
    void roomsOfOtherServicesAreIgnored() throws Exception {
        JID elsewhere = new JID("general~penguins", "chat.example.com", null);
        listener.occupantJoined(elsewhere, user(MEMBER, "phone"), "bob");
        listener.messageReceived(elsewhere, user(MEMBER, "phone"), "bob", message("hi"));
        listener.roomSubjectChanged(elsewhere, user(OWNER, "desk"), "Elsewhere");
        listener.roomDestroyed(elsewhere);
        flush();

        assertThat(repository.calls).hasValue(0);
        assertThat(channel("general").messageCount()).isZero();
        assertThat(channel("general").topic()).isEmpty();
    }

    @Test
    void aSubjectChangeBecomesTheTopicAuditedAsTheServer() throws Exception {
        listener.roomSubjectChanged(room("general"), user(MEMBER, "phone"), "Fish\u0007 talk\n");
        drain();

        assertThat(channel("general").topic()).isEqualTo("Fish talk");
        AuditEntry entry = latestAudit();
        assertThat(entry.action()).isEqualTo(AuditAction.CHANNEL_TOPIC_CHANGED);
        assertThat(entry.actor()).as("the server acted").isEmpty();
        assertThat(entry.target()).contains(MEMBER);
        assertThat(entry.detail()).contains(MEMBER.toString()).endsWith("Fish talk");
        assertThat(events).contains(new WaddleEvent.ChannelsChanged(waddle().id()));
    }

    @Test
    void aChannelRoomDestroyedByItsOwnerIsReportedAndLeftToProvisioning() throws Exception {
        listener.occupantJoined(room("general"), user(OWNER, "desk"), "olga");
        listener.occupantLeft(room("general"), user(OWNER, "desk"), "olga");
        listener.roomDestroyed(99L, room("general"));
        drain();

        AuditEntry entry = latestAudit();
        assertThat(entry.action()).isEqualTo(AuditAction.CHANNEL_ROOM_DESTROYED);
        assertThat(entry.actor()).isEmpty();
        assertThat(entry.channel()).contains(new ChannelSlug("general"));
        assertThat(channel("general")).as("the channel stays").isNotNull();
        assertThat(events).containsExactly(new WaddleEvent.ChannelsChanged(waddle().id()));
    }

    @Test
    void whatWasSaidBeforeARoomWasDestroyedStillCounts() throws Exception {
        listener.messageReceived(room("general"), user(MEMBER, "phone"), "bob", message("bye"));
        listener.roomDestroyed(room("general"));
        flush();

        assertThat(channel("general").messageCount()).isEqualTo(1);
    }

    @Test
    void anOwnerDestroyingARoomTheComponentJustVisitedIsStillReported() throws Exception {
        JID component = new JID("waddle-1a2b", COMPONENT, null);
        listener.occupantJoined(room("general"), component, "waddle-1a2b");
        listener.occupantLeft(room("general"), component);
        clock.advance(Duration.ofMillis(10));
        listener.roomDestroyed(room("general"));
        drain();

        assertThat(latestAudit().action()).isEqualTo(AuditAction.CHANNEL_ROOM_DESTROYED);
    }

    @Test
    void aRoomTheComponentDestroysIsNotReported() throws Exception {
        JID component = new JID("waddle-1a2b", COMPONENT, null);
        listener.occupantJoined(room("general"), component, "waddle-1a2b");
        ownDestructions.expect(room("general").getNode());
        listener.occupantLeft(room("general"), component);
        clock.advance(Duration.ofMillis(10));
        listener.roomDestroyed(room("general"));
        drain();

        assertThat(latestAudit().action()).isNotEqualTo(AuditAction.CHANNEL_ROOM_DESTROYED);
        assertThat(events).isEmpty();
    }

    @Test
    void aRoomNamedAsANewChannelAndCreatedByAnAdminIsAdopted() throws Exception {
        listener.roomCreated(room("random"));
        listener.occupantJoined(room("random"), user(OWNER, "desk"), "olga");
        drain();

        assertThat(waddles.channels(PENGUINS)).extracting(Channel::slug)
                .containsExactly(new ChannelSlug("general"), new ChannelSlug("random"));
        AuditEntry entry = latestAudit();
        assertThat(entry.action()).isEqualTo(AuditAction.CHANNEL_ADDED);
        assertThat(entry.actor()).contains(OWNER);
        assertThat(entry.detail()).contains("adopted from room random~penguins");
    }

    @Test
    void aRoomNamedAsAChannelButCreatedByAMemberIsLeftUnmanaged() throws Exception {
        listener.roomCreated(1L, room("random"));
        listener.occupantJoined(room("random"), user(MEMBER, "phone"), "bob");
        drain();

        assertThat(waddles.channels(PENGUINS)).extracting(Channel::slug).containsExactly(new ChannelSlug("general"));
        assertThat(events).isEmpty();
    }

    @Test
    void aRoomCreatedWithoutAnyoneJoiningIsJudgedAfterAWhileAsByAnUnknownCreator() throws Exception {
        listener.roomCreated(room("random"));
        drain();
        clock.advance(RoomMirror.CREATOR_WAIT);
        flush();
        listener.occupantJoined(room("random"), user(OWNER, "desk"), "olga");
        drain();

        assertThat(waddles.channels(PENGUINS)).extracting(Channel::slug).containsExactly(new ChannelSlug("general"));
    }

    @Test
    void roomsNotNamedAsChannelsAreUnmanaged() throws Exception {
        JID lobby = new JID("lobby", MUC, null);
        listener.roomCreated(lobby);
        listener.occupantJoined(lobby, user(OWNER, "desk"), "olga");
        listener.messageReceived(lobby, user(OWNER, "desk"), "olga", message("hi"));
        listener.roomSubjectChanged(lobby, user(OWNER, "desk"), "Lobby");
        listener.roomDestroyed(lobby);
        flush();

        assertThat(repository.calls).as("not even looked up").hasValue(0);
        assertThat(events).isEmpty();
    }

    @Test
    void closingWritesWhatIsPending() throws Exception {
        listener.messageReceived(room("general"), user(MEMBER, "phone"), "bob", message("last words"));

        mirror.close();

        assertThat(channel("general").messageCount()).isEqualTo(1);
    }

    @Test
    void theEventsWithNothingToMirrorDoNothing() throws Exception {
        listener.nicknameChanged(room("general"), user(MEMBER, "phone"), "bob", "robert");
        listener.privateMessageRecieved(user(MEMBER, "phone"), user(OWNER, "desk"), message("psst"));
        listener.occupantNickKicked(room("general"), "bob");
        listener.roomClearChatHistory(1L, room("general"));
        flush();

        assertThat(repository.calls).hasValue(0);
        assertThat(events).isEmpty();
    }

    // ---- helpers

    private static Did did(char letter) {
        try {
            return Did.parse("did:plc:" + String.valueOf(letter).repeat(24));
        } catch (AtprotoException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static JID room(String channel) {
        return new JID(channel + "~penguins", MUC, null);
    }

    private static JID user(Did did, String resource) {
        return new JID(did.toString().substring("did:plc:".length()), DOMAIN, resource);
    }

    private static Message message(String body) {
        Message message = new Message();
        message.setType(Message.Type.groupchat);
        message.setBody(body);
        return message;
    }

    /** Waits until the worker has handled everything queued so far. */
    private void drain() throws InterruptedException, ExecutionException, TimeoutException {
        worker.submit(() -> { }).get(10, TimeUnit.SECONDS);
    }

    private void flush() throws InterruptedException, ExecutionException, TimeoutException {
        worker.submit(mirror::flush).get(10, TimeUnit.SECONDS);
    }

    private Waddle waddle() {
        return waddles.find(PENGUINS).orElseThrow();
    }

    private Channel channel(String slug) throws WaddleException {
        return waddles.channels(PENGUINS).stream().filter(channel -> channel.slug().value().equals(slug)).findFirst()
                .orElseThrow();
    }

    private Member member(Did did) throws WaddleException {
        return waddles.members(PENGUINS).stream().filter(member -> member.did().equals(did)).findFirst().orElseThrow();
    }

    private AuditEntry latestAudit() throws WaddleException {
        return waddles.auditLog(OWNER, PENGUINS, 0, 1).get(0);
    }

    /** Counts the transactions the service asks for. */
    private static final class CountingRepository implements WaddleRepository {
        final AtomicInteger calls = new AtomicInteger();
        private final WaddleRepository delegate;

        CountingRepository(WaddleRepository delegate) {
            this.delegate = delegate;
        }

        @Override
        public <T> T inTransaction(Work<T> work) throws WaddleException {
            calls.incrementAndGet();
            return delegate.inTransaction(work);
        }

        @Override
        public <T> T read(Function<WaddleStore, T> query) {
            calls.incrementAndGet();
            return delegate.read(query);
        }
    }

}
