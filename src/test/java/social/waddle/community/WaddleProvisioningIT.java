package social.waddle.community;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import org.jivesoftware.smack.SmackException;
import org.jivesoftware.smack.XMPPException;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smackx.commands.AdHocCommandManager;
import org.jivesoftware.smackx.commands.AdHocCommandNote;
import org.jivesoftware.smackx.commands.RemoteCommand;
import org.jivesoftware.smackx.muc.Affiliate;
import org.jivesoftware.smackx.muc.MultiUserChat;
import org.jivesoftware.smackx.muc.MultiUserChatManager;
import org.jivesoftware.smackx.xdata.FormField;
import org.jivesoftware.smackx.xdata.form.FillableForm;
import org.jivesoftware.smackx.xdata.form.Form;
import org.jivesoftware.smackx.xdata.packet.DataForm;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.jid.parts.Resourcepart;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import social.waddle.openfire.muc.ReconcileCommand;
import social.waddle.openfire.muc.RoomCommands;
import social.waddle.testbed.openfire.OpenfireServer;
import social.waddle.testbed.openfire.OpenfireServerExtension;
import social.waddle.testbed.openfire.ServerLog;
import social.waddle.testbed.openfire.StoppedDatabase;
import social.waddle.testbed.openfire.XmppTestClient;
import social.waddle.testbed.Await;

/**
 * Channel rooms provisioned by the plugin on a real Openfire whose database holds Waddles: the rows are written while
 * the server is stopped (as if committed just before a crash), and the plugin's reconcile must make the rooms match.
 * Rooms are checked with plain XEP-0045 owner/admin queries of the local admin, a system admin of the MUC service.
 */
class WaddleProvisioningIT {

    @RegisterExtension
    static final OpenfireServerExtension openfire = OpenfireServerExtension.ownServer(
            OpenfireServer.Options.defaults().database(OpenfireServer.Database.FILE));

    private static final Duration RECONCILE_TIMEOUT = Duration.ofSeconds(60);
    private static final String OWNER = "o".repeat(24);
    private static final String ADMIN = "a".repeat(24);
    private static final String MODERATOR = "m".repeat(24);
    private static final String MEMBER = "b".repeat(24);
    private static final String OUTSIDER = "x".repeat(24);
    private static final long T0 = Instant.parse("2026-05-01T12:00:00Z").toEpochMilli();

    private static OpenfireServer server;
    private static String startUpReconcile;

    @BeforeAll
    static void seedAnInviteOnlyWaddleAndStartAgain() {
        server = openfire.server();
        server.stop();
        List<String> rows = new ArrayList<>(List.of(
                // The local admin may enter every room and ask owner questions, as Openfire's MUC system admin.
                "DELETE FROM ofMucServiceProp WHERE serviceID = 1 AND name = 'sysadmin.jid'",
                "INSERT INTO ofMucServiceProp (serviceID, name, propValue) VALUES (1, 'sysadmin.jid', '" + adminJid() + "')"));
        rows.addAll(waddle(1001, "penguins", "Penguins", "All about penguins", "INVITE_ONLY"));
        rows.add(channel(1101, 1001, "general", "penguins", "General", "", "TEXT", 0, true));
        rows.add(channel(1102, 1001, "news", "penguins", "News", "Announcements", "ANNOUNCEMENT", 1, false));
        rows.add(member(1001, ADMIN, "ADMIN"));
        rows.add(member(1001, MODERATOR, "MODERATOR"));
        rows.add(member(1001, MEMBER, "MEMBER"));
        rows.add("INSERT INTO ofWaddleBan (waddleId, did, reason, bannedBy, bannedAt, expiresAt) VALUES (1001, 'did:plc:"
                + OUTSIDER + "', 'spam', 'did:plc:" + OWNER + "', " + T0 + ", NULL)");
        StoppedDatabase.execute(server, rows);

        startUpReconcile = startAndAwaitReconcile();
    }

    @Test
    void startUpReconciliationCreatesTheRoomsWithTheirConfigurationAndAffiliations() throws Exception {
        assertThat(startUpReconcile).contains("2 created, 0 repaired");
        try (XmppTestClient admin = loginAdmin()) {
            MultiUserChat general = enter(admin, "general~penguins");
            try {
                Form config = general.getConfigurationForm();
                assertThat(value(config, "muc#roomconfig_roomname")).isEqualTo("Penguins · General");
                assertThat(value(config, "muc#roomconfig_roomdesc")).isEqualTo("All about penguins");
                assertThat(flag(config, "muc#roomconfig_membersonly")).isTrue();
                assertThat(flag(config, "muc#roomconfig_moderatedroom")).isFalse();
                assertThat(flag(config, "muc#roomconfig_persistentroom")).isTrue();
                assertThat(flag(config, "muc#roomconfig_publicroom")).isTrue();
                assertThat(jids(general.getOwners())).containsExactlyInAnyOrder(jid(OWNER), componentJid());
                assertThat(jids(general.getAdmins())).containsExactlyInAnyOrder(jid(ADMIN), jid(MODERATOR));
                assertThat(jids(general.getMembers())).containsExactly(jid(MEMBER));
                assertThat(jids(general.getOutcasts())).containsExactly(jid(OUTSIDER));
            } finally {
                general.leave();
            }
            MultiUserChat news = enter(admin, "news~penguins");
            try {
                Form config = news.getConfigurationForm();
                assertThat(value(config, "muc#roomconfig_roomname")).isEqualTo("Penguins · News");
                assertThat(value(config, "muc#roomconfig_roomdesc")).isEqualTo("Announcements");
                assertThat(flag(config, "muc#roomconfig_moderatedroom")).isTrue();
                assertThat(jids(news.getOutcasts())).containsExactly(jid(OUTSIDER));
            } finally {
                news.leave();
            }
        }
    }

    @Test
    void theReconcileCommandRepairsARoomChangedBehindItsBackAndReportsRoomsWithoutAChannel() throws Exception {
        String orphan = "old-" + UUID.randomUUID().toString().substring(0, 6) + "~gone";
        try (XmppTestClient admin = loginAdmin()) {
            Map<String, List<String>> spec = new LinkedHashMap<>();
            spec.put("localpart", List.of(orphan));
            spec.put("name", List.of("Left over"));
            assertThat(run(admin, RoomCommands.APPLY_ROOM, spec).errors()).isEmpty();
            MultiUserChat general = enter(admin, "general~penguins");
            FillableForm tampered = general.getConfigurationForm().getFillableForm();
            tampered.setAnswer("muc#roomconfig_roomname", "Gossip");
            tampered.setAnswer("muc#roomconfig_membersonly", false);
            // Off, so that members without a reserved nickname can be listed (Openfire refuses them while it is on).
            tampered.setAnswer("x-muc#roomconfig_reservednick", false);
            general.sendConfigurationForm(tampered);
            general.grantMembership(JidCreate.from("eve@" + server.domain()));
            general.revokeAdmin(JidCreate.entityBareFrom(jid(MODERATOR)));
            general.leave();

            CommandResult repair = run(admin, ReconcileCommand.RECONCILE, Map.of());
            CommandResult again = run(admin, ReconcileCommand.RECONCILE, Map.of());

            assertThat(repair.errors()).isEmpty();
            String repaired = repair.line("repaired general~penguins");
            assertThat(repaired).contains(
                    "set name: 'Gossip' → 'Penguins · General'",
                    "set membersonly: false → true",
                    "set reserved nickname only: false → true",
                    "eve@" + server.domain() + ": member → none",
                    jid(MODERATOR) + ": member → admin");
            assertThat(repair.field(ReconcileCommand.UNMANAGED)).contains(orphan);
            assertThat(repair.line("ok news~penguins")).isNotEmpty();
            assertThat(again.summary()).contains("0 created, 0 repaired", "0 failed");
            assertThat(again.field(ReconcileCommand.UNMANAGED)).contains(orphan);
            assertThat(run(admin, RoomCommands.LIST_ROOMS, Map.of()).field(RoomCommands.ROOMS)).contains(orphan);

            MultiUserChat checked = enter(admin, "general~penguins");
            try {
                Form config = checked.getConfigurationForm();
                assertThat(value(config, "muc#roomconfig_roomname")).isEqualTo("Penguins · General");
                assertThat(flag(config, "muc#roomconfig_membersonly")).isTrue();
                assertThat(jids(checked.getMembers())).containsExactly(jid(MEMBER));
                assertThat(jids(checked.getAdmins())).containsExactlyInAnyOrder(jid(ADMIN), jid(MODERATOR));
            } finally {
                checked.leave();
            }
        }
    }

    @Test
    void aCrashBetweenTheCommitAndTheRoomsConvergesAtTheNextStart() throws Exception {
        // Three of ten rooms were made (without their members) when the server died; the rows were committed.
        try (XmppTestClient admin = loginAdmin()) {
            for (int i = 0; i < 3; i++) {
                Map<String, List<String>> spec = new LinkedHashMap<>();
                spec.put("localpart", List.of("channel-" + i + "~puffins"));
                spec.put("name", List.of("Puffins · Channel " + i));
                spec.put("membersonly", List.of("0"));
                spec.put("persistent", List.of("1"));
                spec.put("public", List.of("1"));
                assertThat(run(admin, RoomCommands.APPLY_ROOM, spec).errors()).isEmpty();
            }
        }
        server.kill();
        List<String> rows = new ArrayList<>(waddle(2001, "puffins", "Puffins", "", "PUBLIC"));
        for (int i = 0; i < 10; i++) {
            rows.add(channel(2101 + i, 2001, "channel-" + i, "puffins", "Channel " + i, "", "TEXT", i, i == 0));
        }
        rows.add(member(2001, MEMBER, "MEMBER"));
        StoppedDatabase.execute(server, rows);

        String reconciled = startAndAwaitReconcile();

        assertThat(reconciled).contains("of 2 Waddle(s)", "7 created, 3 repaired, 2 ok, 0 failed");
        try (XmppTestClient admin = loginAdmin()) {
            CommandResult check = run(admin, ReconcileCommand.RECONCILE, Map.of());
            assertThat(check.summary()).contains("0 created, 0 repaired, 12 ok, 0 failed");
            for (int i = 0; i < 10; i++) {
                MultiUserChat room = enter(admin, "channel-" + i + "~puffins");
                try {
                    Form config = room.getConfigurationForm();
                    assertThat(value(config, "muc#roomconfig_roomname")).isEqualTo("Puffins · Channel " + i);
                    assertThat(flag(config, "muc#roomconfig_persistentroom")).isTrue();
                    assertThat(jids(room.getOwners())).containsExactlyInAnyOrder(jid(OWNER), componentJid());
                    assertThat(jids(room.getMembers())).containsExactly(jid(MEMBER));
                } finally {
                    room.leave();
                }
            }
        }
    }

    @Test
    void theReconcileCommandIsForServerAdminsOnly() throws Exception {
        String username = "frank-" + UUID.randomUUID().toString().substring(0, 6);
        XmppTestClient.createLocalUser(server, username, "frank-password");
        try (XmppTestClient frank = XmppTestClient.login(server, username, "frank-password")) {
            RemoteCommand command = AdHocCommandManager.getAddHocCommandsManager(frank.connection())
                    .getRemoteCommand(JidCreate.from(componentJid()), ReconcileCommand.RECONCILE);

            assertThatThrownBy(command::execute).isInstanceOfSatisfying(XMPPException.XMPPErrorException.class, e ->
                    assertThat(e.getStanzaError().getCondition()).isEqualTo(StanzaError.Condition.forbidden));
        }
    }

    // ---- Seeding --------------------------------------------------------------------------------------------

    private static List<String> waddle(long id, String slug, String name, String description, String visibility) {
        return List.of(
                "INSERT INTO ofWaddle (id, slug, name, description, ownerDid, visibility, createdAt, updatedAt) VALUES ("
                        + id + ", '" + slug + "', '" + name + "', '" + description + "', 'did:plc:" + OWNER + "', '"
                        + visibility + "', " + T0 + ", " + T0 + ")",
                member(id, OWNER, "OWNER"));
    }

    private static String channel(long id, long waddleId, String slug, String waddleSlug, String name, String topic,
                                  String kind, int position, boolean isDefault) {
        return "INSERT INTO ofWaddleChannel (id, waddleId, slug, roomLocalpart, name, topic, channelKind, sortIndex, "
                + "isDefault, messageCount, lastActivity, createdAt) VALUES (" + id + ", " + waddleId + ", '" + slug
                + "', '" + slug + "~" + waddleSlug + "', '" + name + "', '" + topic + "', '" + kind + "', " + position
                + ", " + (isDefault ? 1 : 0) + ", 0, NULL, " + T0 + ")";
    }

    private static String member(long waddleId, String plcIdentifier, String role) {
        return "INSERT INTO ofWaddleMember (waddleId, did, memberRole, joinedAt, lastSeen) VALUES (" + waddleId
                + ", 'did:plc:" + plcIdentifier + "', '" + role + "', " + T0 + ", NULL)";
    }

    /** Starts the server and returns the log line of the start-up reconcile, once it has finished. */
    private static String startAndAwaitReconcile() {
        ServerLog.Mark before = server.log().mark();
        server.start();
        return Await.value("the start-up reconcile", RECONCILE_TIMEOUT,
                () -> server.log().firstLineSince(before, "Reconciled "), server::diagnostics);
    }

    // ---- XMPP -----------------------------------------------------------------------------------------------

    private record CommandResult(List<String> notes, List<String> errors, DataForm form) {

        List<String> field(String variable) {
            if (form == null || form.getField(variable) == null) {
                return List.of();
            }
            return form.getField(variable).getValuesAsString();
        }

        String summary() {
            return String.join("", field(ReconcileCommand.SUMMARY));
        }

        String line(String prefix) {
            return field(ReconcileCommand.REPORT).stream().filter(line -> line.startsWith(prefix)).findFirst()
                    .orElseThrow(() -> new AssertionError("No report line '" + prefix + "…' in " + field(ReconcileCommand.REPORT)));
        }
    }

    private static String adminJid() {
        return server.adminUsername() + "@" + server.domain();
    }

    private static String componentJid() {
        return "waddle." + server.domain();
    }

    private static String jid(String plcIdentifier) {
        return plcIdentifier + "@" + server.domain();
    }

    private static XmppTestClient loginAdmin() {
        XmppTestClient admin = XmppTestClient.login(server, server.adminUsername(), server.adminPassword());
        admin.connection().setReplyTimeout(RECONCILE_TIMEOUT.toMillis());
        return admin;
    }

    /** Executes the command, fills its form (if it has one) with {@code values} (booleans as 1/0), completes it. */
    private static CommandResult run(XmppTestClient client, String node, Map<String, List<String>> values) throws Exception {
        RemoteCommand command = AdHocCommandManager.getAddHocCommandsManager(client.connection())
                .getRemoteCommand(JidCreate.from(componentJid()), node);
        command.execute();
        if (!command.isCompleted()) {
            FillableForm form = new FillableForm(command.getForm());
            for (Map.Entry<String, List<String>> entry : values.entrySet()) {
                FormField field = form.getField(entry.getKey());
                if (field == null) {
                    throw new AssertionError("The command form has no field " + entry.getKey());
                }
                if (field.getType() == FormField.Type.bool) {
                    form.setAnswer(entry.getKey(), "1".equals(entry.getValue().get(0)));
                } else if (field.getType() == FormField.Type.jid_multi || field.getType() == FormField.Type.text_multi) {
                    form.setAnswer(entry.getKey(), entry.getValue());
                } else {
                    form.setAnswer(entry.getKey(), entry.getValue().get(0));
                }
            }
            command.complete(form);
        }
        List<String> notes = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        for (AdHocCommandNote note : command.getNotes()) {
            (note.getType() == AdHocCommandNote.Type.error ? errors : notes).add(note.getValue());
        }
        return new CommandResult(notes, errors, command.getForm());
    }

    private static MultiUserChat enter(XmppTestClient client, String room) throws Exception {
        MultiUserChat chat = MultiUserChatManager.getInstanceFor(client.connection())
                .getMultiUserChat(JidCreate.entityBareFrom(room + "@conference." + server.domain()));
        try {
            chat.join(Resourcepart.from("admin-" + UUID.randomUUID().toString().substring(0, 4)));
        } catch (SmackException | XMPPException e) {
            throw new AssertionError("The admin could not enter " + room + ": " + e, e);
        }
        return chat;
    }

    private static String value(Form form, String variable) {
        FormField field = form.getField(variable);
        assertThat(field).as(variable).isNotNull();
        return field.getFirstValue();
    }

    private static boolean flag(Form form, String variable) {
        String value = value(form, variable);
        return "1".equals(value) || "true".equals(value);
    }

    private static List<String> jids(List<Affiliate> affiliates) {
        return affiliates.stream().map(affiliate -> affiliate.getJid().toString()).collect(Collectors.toList());
    }
}
