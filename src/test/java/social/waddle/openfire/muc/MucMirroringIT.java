package social.waddle.openfire.muc;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;

import org.jivesoftware.smackx.muc.MultiUserChat;
import org.jivesoftware.smackx.muc.MultiUserChatManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import social.waddle.testbed.LocalNetworkSettings;
import social.waddle.testbed.atproto.AtprotoNetwork;
import social.waddle.testbed.atproto.AtprotoNetworkExtension;
import social.waddle.testbed.atproto.TestAccount;
import social.waddle.testbed.openfire.OpenfireServer;
import social.waddle.testbed.openfire.ServerLog;
import social.waddle.testbed.openfire.StoppedDatabase;
import social.waddle.testbed.openfire.XmppTestClient;
import social.waddle.testbed.Await;

/**
 * Room events of the Waddle MUC service reflected into a Waddle, and a member's channel bookmarks (XEP-0402 and
 * XEP-0048), on a real Openfire (5.1.1, or the 4.2.0 fallback) with ATProto users of the local network. The Waddle is
 * seeded as rows of the plugin's tables while the server is stopped (nothing else can create one yet); what the plugin
 * wrote is read back the same way.
 */
@ExtendWith(AtprotoNetworkExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MucMirroringIT {

    private static final String DOMAIN = "waddle.test";
    private static final String MUC = "conference." + DOMAIN;
    private static final Duration WAIT = Duration.ofSeconds(20);

    private OpenfireServer server;
    private TestAccount olga;
    private TestAccount bob;

    @BeforeAll
    void start(AtprotoNetwork network) {
        olga = network.createAccount("olga");
        bob = network.createAccount("bob");
        server = OpenfireServer.start(OpenfireServer.Options.defaults().label("muc-mirroring").domain(DOMAIN)
                .database(OpenfireServer.Database.FILE)
                .properties(LocalNetworkSettings.forPlugin(network, "did:web:" + DOMAIN)));
        // First logins make the accounts (and so their PEP services) exist.
        XmppTestClient.login(server, olga.handle(), olga.appPassword()).close();
        XmppTestClient.login(server, bob.handle(), bob.appPassword()).close();
        server.stop();
        database(connection -> {
            seedWaddle(connection);
            return null;
        });
        server.start();
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void roomEventsReachTheWaddleAndMembersGetBookmarks() throws Exception {
        ServerLog.Mark before = server.log().mark();
        long startedMillis = System.currentTimeMillis();
        long endedMillis;
        try (XmppTestClient bobClient = XmppTestClient.login(server, bob.handle(), bob.appPassword());
             XmppTestClient olgaClient = XmppTestClient.login(server, olga.handle(), olga.appPassword())) {
            // Two items: on Openfire 4.2.0 (publish-options ignored, one item per node) only after the node is repaired.
            awaitUntil("bob's bookmarks of both channels at login", () -> bobClient.bookmarkedRooms()
                    .equals(Set.of("general~penguins@" + MUC, "fish~penguins@" + MUC)));
            awaitUntil("bob's XEP-0048 bookmarks of both channels at login", () -> bobClient.legacyBookmarkedRooms()
                    .equals(Set.of("general~penguins@" + MUC, "fish~penguins@" + MUC)));

            olgaClient.joinRoom("general~penguins", "olga");
            MultiUserChat general = MultiUserChatManager.getInstanceFor(olgaClient.connection())
                    .getMultiUserChat(olgaClient.roomJid("general~penguins"));
            general.changeSubject("Fish talk");
            // A member enters under the handle reserved for them in the Waddle's rooms.
            bobClient.joinRoom("general~penguins", bob.handle());
            for (int i = 0; i < 3; i++) {
                bobClient.sendGroupMessage("general~penguins", "fish " + i);
            }
            olgaClient.awaitGroupMessage("general~penguins", "fish 2", WAIT);
            awaitLog(before, "Topic of channel general (room general~penguins) follows the room subject");

            olgaClient.joinRoom("random~penguins", "olga");
            awaitLog(before, "Room random~penguins created by " + localpart(olga) + "@" + DOMAIN + " adopted as channel");

            general.destroy("Closing for the winter", null);
            awaitLog(before, "Room general~penguins of channel general was destroyed outside Waddle");

            assertThat(olgaClient.bookmarkedRooms()).as("olga's bookmarks, published at her login")
                    .contains("general~penguins@" + MUC, "fish~penguins@" + MUC);
        }
        endedMillis = System.currentTimeMillis();

        server.uninstallPlugin(); // writes the pending room activity
        server.stop();

        Map<String, Object> general = database(connection -> row(connection,
                "SELECT topic, messageCount, lastActivity FROM ofWaddleChannel WHERE roomLocalpart = 'general~penguins'"));
        assertThat(general.get("TOPIC")).isEqualTo("Fish talk");
        assertThat(((Number) general.get("MESSAGECOUNT")).longValue()).as("bob's messages; olga's subject is none")
                .isEqualTo(3);
        // Stamped on the MUC dispatch thread (millis since the epoch) while the clients were in, not when written.
        assertThat(((Number) general.get("LASTACTIVITY")).longValue()).as("the channel's last activity")
                .isBetween(startedMillis, endedMillis);
        Map<String, Object> bobMember = database(connection -> row(connection,
                "SELECT lastSeen FROM ofWaddleMember WHERE did = '" + bob.did() + "'"));
        assertThat(((Number) bobMember.get("LASTSEEN")).longValue()).as("bob was seen when he joined and spoke")
                .isBetween(startedMillis, endedMillis);
        Set<String> channels = database(connection -> column(connection, "SELECT slug FROM ofWaddleChannel WHERE waddleId = 1"));
        assertThat(channels).containsExactlyInAnyOrder("general", "fish", "random");
        List<String> audit = database(connection -> new ArrayList<>(column(connection,
                "SELECT auditAction || ' ' || COALESCE(actorDid, 'server') FROM ofWaddleAudit")));
        assertThat(audit).contains("CHANNEL_TOPIC_CHANGED server", "CHANNEL_ADDED " + olga.did(),
                "CHANNEL_ROOM_DESTROYED server");
    }

    // ---- seeding and reading the plugin's tables in the stopped server's HSQLDB files

    private void seedWaddle(Connection connection) throws SQLException {
        long now = System.currentTimeMillis();
        try (Statement statement = connection.createStatement()) {
            statement.executeUpdate("INSERT INTO ofWaddle (id, slug, name, description, ownerDid, visibility, createdAt, "
                    + "updatedAt) VALUES (1, 'penguins', 'Penguins', '', '" + olga.did() + "', 'PUBLIC', " + now + ", "
                    + now + ")");
            statement.executeUpdate("INSERT INTO ofWaddleChannel (id, waddleId, slug, roomLocalpart, name, topic, "
                    + "channelKind, sortIndex, isDefault, messageCount, lastActivity, createdAt) VALUES (1, 1, 'general', "
                    + "'general~penguins', 'General', '', 'TEXT', 0, 1, 0, NULL, " + now + ")");
            statement.executeUpdate("INSERT INTO ofWaddleChannel (id, waddleId, slug, roomLocalpart, name, topic, "
                    + "channelKind, sortIndex, isDefault, messageCount, lastActivity, createdAt) VALUES (2, 1, 'fish', "
                    + "'fish~penguins', 'Fish', '', 'TEXT', 1, 0, 0, NULL, " + now + ")");
            statement.executeUpdate("INSERT INTO ofWaddleMember (waddleId, did, memberRole, joinedAt, lastSeen) VALUES "
                    + "(1, '" + olga.did() + "', 'OWNER', " + now + ", NULL)");
            statement.executeUpdate("INSERT INTO ofWaddleMember (waddleId, did, memberRole, joinedAt, lastSeen) VALUES "
                    + "(1, '" + bob.did() + "', 'MEMBER', " + now + ", NULL)");
            statement.executeUpdate("DELETE FROM ofWaddleSequence");
            statement.executeUpdate("INSERT INTO ofWaddleSequence (name, lastId) VALUES ('waddle', 1)");
            statement.executeUpdate("INSERT INTO ofWaddleSequence (name, lastId) VALUES ('channel', 2)");
            statement.executeUpdate("INSERT INTO ofWaddleSequence (name, lastId) VALUES ('audit', 0)");
        }
    }

    private static Map<String, Object> row(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            assertThat(rows.next()).as("a row for %s", sql).isTrue();
            Map<String, Object> row = new LinkedHashMap<>();
            for (int i = 1; i <= rows.getMetaData().getColumnCount(); i++) {
                row.put(rows.getMetaData().getColumnLabel(i).toUpperCase(Locale.ROOT), rows.getObject(i));
            }
            return row;
        }
    }

    private static Set<String> column(Connection connection, String sql) throws SQLException {
        Set<String> values = new TreeSet<>();
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            while (rows.next()) {
                values.add(rows.getString(1));
            }
        }
        return values;
    }

    /** Runs {@code work} on the stopped server's database files, with the HSQLDB that server runs. */
    private <T> T database(StoppedDatabase.Work<T> work) {
        return StoppedDatabase.open(server, false, work);
    }

    // ---- waiting

    private static String localpart(TestAccount account) {
        return account.did().substring("did:plc:".length());
    }

    private void awaitLog(ServerLog.Mark since, String fragment) {
        awaitUntil("the server log to say '" + fragment + "'", () -> server.log().firstLineSince(since, fragment).isPresent());
    }

    private void awaitUntil(String what, BooleanSupplier condition) {
        Await.until(what, WAIT, condition, () -> server.log().tail(60));
    }
}
