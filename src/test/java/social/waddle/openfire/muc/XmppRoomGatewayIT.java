package social.waddle.openfire.muc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

import org.jivesoftware.smack.SmackException;
import org.jivesoftware.smack.XMPPException;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smackx.commands.AdHocCommandManager;
import org.jivesoftware.smackx.commands.AdHocCommandNote;
import org.jivesoftware.smackx.commands.RemoteCommand;
import org.jivesoftware.smackx.disco.ServiceDiscoveryManager;
import org.jivesoftware.smackx.muc.Affiliate;
import org.jivesoftware.smackx.muc.MultiUserChat;
import org.jivesoftware.smackx.muc.MultiUserChatManager;
import org.jivesoftware.smackx.xdata.FormField;
import org.jivesoftware.smackx.xdata.form.FillableForm;
import org.jivesoftware.smackx.xdata.form.Form;
import org.jivesoftware.smackx.xdata.packet.DataForm;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.jid.parts.Resourcepart;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import social.waddle.testbed.Await;
import social.waddle.testbed.openfire.OpenfireServer;
import social.waddle.testbed.openfire.OpenfireServerExtension;
import social.waddle.testbed.openfire.XmppTestClient;

/**
 * The room gateway inside the plugin, driven through the admin-only XEP-0050 commands of the Waddle component, and
 * checked with plain XEP-0045 owner/admin queries of the local admin (never through our own code).
 */
@ExtendWith(OpenfireServerExtension.class)
class XmppRoomGatewayIT {

    private OpenfireServer openfire;
    private String suffix;
    private String component;
    private String admin;

    @BeforeEach
    void names(OpenfireServer server) {
        openfire = server;
        suffix = UUID.randomUUID().toString().substring(0, 8);
        component = "waddle." + server.domain();
        admin = server.adminUsername() + "@" + server.domain();
    }

    @Test
    void applyCreatesThePersistentRoomAsSpecifiedAndASecondApplyChangesNothing() throws Exception {
        String room = "general-" + suffix;
        Map<String, List<String>> spec = spec(room, "General", "Talk about anything", false, false, true, true);
        spec.put("owners", List.of(admin));
        spec.put("admins", List.of(jid("alice")));
        spec.put("members", List.of(jid("bob"), jid("carol")));
        spec.put("outcasts", List.of(jid("mallory")));

        try (XmppTestClient owner = loginAdmin()) {
            CommandResult first = run(owner, RoomCommands.APPLY_ROOM, spec);
            CommandResult second = run(owner, RoomCommands.APPLY_ROOM, spec);

            assertThat(first.errors()).isEmpty();
            assertThat(first.changes()).startsWith("created").contains(
                    jid("alice") + ": none → admin",
                    jid("bob") + ": none → member",
                    jid("mallory") + ": none → outcast",
                    admin + ": none → owner");
            assertThat(second.errors()).isEmpty();
            assertThat(second.changes()).isEmpty();
            assertThat(second.notes()).contains("Nothing to change.");

            MultiUserChat chat = enter(owner, room);
            try {
                Form config = chat.getConfigurationForm();
                assertThat(value(config, "muc#roomconfig_roomname")).isEqualTo("General");
                assertThat(value(config, "muc#roomconfig_roomdesc")).isEqualTo("Talk about anything");
                assertThat(flag(config, "muc#roomconfig_persistentroom")).isTrue();
                assertThat(flag(config, "muc#roomconfig_publicroom")).isTrue();
                assertThat(flag(config, "muc#roomconfig_membersonly")).isFalse();
                assertThat(flag(config, "muc#roomconfig_moderatedroom")).isFalse();
                assertThat(jids(chat.getOwners())).containsExactlyInAnyOrder(admin, component);
                assertThat(jids(chat.getAdmins())).containsExactly(jid("alice"));
                assertThat(jids(chat.getMembers())).containsExactlyInAnyOrder(jid("bob"), jid("carol"));
                assertThat(jids(chat.getOutcasts())).containsExactly(jid("mallory"));
            } finally {
                chat.leave();
            }
            assertThat(listRooms(owner)).contains(room);
        }
    }

    /** XEP-0045 §8.1: the component, an owner of the room, sets the subject; only when it differs. */
    @Test
    void theSubjectIsSetOnCreationAndWhenItChangesAndOnlyThen() throws Exception {
        String room = "topics-" + suffix;
        Map<String, List<String>> spec = spec(room, "Topics", "", false, false, true, true);
        spec.put("owners", List.of(admin));
        spec.put("subject", List.of("Fish only"));

        try (XmppTestClient owner = loginAdmin()) {
            CommandResult created = run(owner, RoomCommands.APPLY_ROOM, spec);
            CommandResult again = run(owner, RoomCommands.APPLY_ROOM, spec);
            assertThat(created.errors()).isEmpty();
            assertThat(created.changes()).startsWith("created").contains("subject: '' → 'Fish only'");
            assertThat(again.changes()).isEmpty();
            assertThat(roomInfoSubject(owner, room)).isEqualTo("Fish only");

            MultiUserChat chat = enter(owner, room);
            try {
                awaitSubject(chat, "Fish only");
                spec.put("subject", List.of("Krill too"));
                CommandResult changed = run(owner, RoomCommands.APPLY_ROOM, spec);
                assertThat(changed.changes()).containsExactly("subject: 'Fish only' → 'Krill too'");
                awaitSubject(chat, "Krill too");
                spec.put("subject", List.of(""));
                assertThat(run(owner, RoomCommands.APPLY_ROOM, spec).changes()).as("an empty subject leaves it").isEmpty();
            } finally {
                chat.leave();
            }
            assertThat(roomInfoSubject(owner, room)).isEqualTo("Krill too");
        }
    }

    private String roomInfoSubject(XmppTestClient client, String room) throws Exception {
        DataForm info = DataForm.from(client.discoInfo(roomJid(room).toString()));
        return info == null || info.getField("muc#roominfo_subject") == null ? ""
                : info.getField("muc#roominfo_subject").getFirstValue();
    }

    private static void awaitSubject(MultiUserChat chat, String subject) {
        Await.until("the subject '" + subject + "' in " + chat.getRoom(), Duration.ofSeconds(15),
                () -> subject.equals(chat.getSubject()));
    }

    @Test
    void changesMadeBehindTheGatewaysBackAreRepairedAndReported() throws Exception {
        String room = "news-" + suffix;
        Map<String, List<String>> spec = spec(room, "News", "Announcements", true, true, true, true);
        spec.put("owners", List.of(admin));
        spec.put("members", List.of(jid("bob")));

        try (XmppTestClient owner = loginAdmin()) {
            assertThat(run(owner, RoomCommands.APPLY_ROOM, spec).errors()).isEmpty();
            MultiUserChat chat = enter(owner, room);
            FillableForm tampered = chat.getConfigurationForm().getFillableForm();
            tampered.setAnswer("muc#roomconfig_roomname", "Gossip");
            tampered.setAnswer("muc#roomconfig_moderatedroom", false);
            chat.sendConfigurationForm(tampered);
            chat.grantMembership(JidCreate.from(jid("dave")));
            chat.leave();

            CommandResult repair = run(owner, RoomCommands.APPLY_ROOM, spec);

            assertThat(repair.errors()).isEmpty();
            assertThat(repair.changes()).containsExactlyInAnyOrder(
                    "set name: 'Gossip' → 'News'",
                    "set moderated: false → true",
                    jid("dave") + ": member → none");
            chat = enter(owner, room);
            try {
                Form config = chat.getConfigurationForm();
                assertThat(value(config, "muc#roomconfig_roomname")).isEqualTo("News");
                assertThat(flag(config, "muc#roomconfig_moderatedroom")).isTrue();
                assertThat(flag(config, "muc#roomconfig_membersonly")).isTrue();
                assertThat(jids(chat.getMembers())).containsExactly(jid("bob"));
            } finally {
                chat.leave();
            }
            assertThat(run(owner, RoomCommands.APPLY_ROOM, spec).changes()).isEmpty();
        }
    }

    @Test
    void aRoomSomeoneElseCreatedIsAdoptedBecauseTheComponentIsASystemAdmin() throws Exception {
        String room = "adopted-" + suffix;
        XmppTestClient.createLocalUser(openfire, "erin-" + suffix, "erin-password");
        try (XmppTestClient erin = XmppTestClient.login(openfire, "erin-" + suffix, "erin-password");
             XmppTestClient owner = loginAdmin()) {
            erin.joinRoom(room, "erin");
            Map<String, List<String>> spec = spec(room, "Adopted", "", false, false, true, false);
            spec.put("owners", List.of(admin));

            CommandResult adopted = run(owner, RoomCommands.APPLY_ROOM, spec);

            String erinJid = "erin-" + suffix + "@" + openfire.domain();
            assertThat(adopted.errors()).isEmpty();
            assertThat(adopted.changes()).doesNotContain("created").contains(
                    component + ": none → owner",
                    admin + ": none → owner",
                    erinJid + ": owner → none",
                    "set name: '" + room + "' → 'Adopted'",
                    "set public: true → false");
            MultiUserChat chat = enter(owner, room);
            try {
                assertThat(jids(chat.getOwners())).containsExactlyInAnyOrder(admin, component);
                assertThat(flag(chat.getConfigurationForm(), "muc#roomconfig_publicroom")).isFalse();
            } finally {
                chat.leave();
            }
            // Hidden, but not members-only: the service lists it to its owners, the component among them.
            assertThat(listRooms(owner)).contains(room);
        }
    }

    @Test
    void hiddenRoomsAreListedToTheComponentBecauseItOwnsThemButNotToOthers() throws Exception {
        String hidden = "hidden-" + suffix;
        String secret = "secret-" + suffix;
        try (XmppTestClient admin = loginAdmin()) {
            assertThat(run(admin, RoomCommands.APPLY_ROOM, spec(hidden, "Hidden", "", false, false, true, false)).errors())
                    .isEmpty();
            assertThat(run(admin, RoomCommands.APPLY_ROOM, spec(secret, "Secret", "", true, false, true, false)).errors())
                    .isEmpty();

            Set<String> listedToTheComponent = listRooms(admin);
            Set<String> listedToTheAdmin = ServiceDiscoveryManager.getInstanceFor(admin.connection())
                    .discoverItems(JidCreate.from("conference." + openfire.domain())).getItems().stream()
                    .map(item -> item.getEntityID().getLocalpartOrNull().toString()).collect(Collectors.toSet());

            // Openfire lists non-public rooms only to their owners, admins and members (system admins are not
            // considered), and members-only ones only while the service property discover.membersOnly is true (its
            // default).
            assertThat(listedToTheComponent).contains(hidden, secret);
            assertThat(listedToTheAdmin).doesNotContain(hidden, secret);
        }
    }

    @Test
    void destroyRemovesTheRoomAndIsIdempotent() throws Exception {
        String room = "doomed-" + suffix;
        Map<String, List<String>> spec = spec(room, "Doomed", "", false, false, true, true);
        spec.put("owners", List.of(admin));

        try (XmppTestClient owner = loginAdmin()) {
            assertThat(run(owner, RoomCommands.APPLY_ROOM, spec).errors()).isEmpty();
            assertThat(owner.discoInfo(roomJid(room).toString()).getIdentities()).isNotEmpty();

            CommandResult destroyed = run(owner, RoomCommands.DESTROY_ROOM, Map.of(
                    "localpart", List.of(room), "reason", List.of("channel deleted")));
            CommandResult again = run(owner, RoomCommands.DESTROY_ROOM, Map.of("localpart", List.of(room)));

            assertThat(destroyed.errors()).isEmpty();
            assertThat(again.errors()).isEmpty();
            assertThatThrownBy(() -> owner.discoInfo(roomJid(room).toString()))
                    .isInstanceOfSatisfying(XMPPException.XMPPErrorException.class, e ->
                            assertThat(e.getStanzaError().getCondition()).isEqualTo(StanzaError.Condition.item_not_found));
            assertThat(listRooms(owner)).doesNotContain(room);
        }
    }

    /**
     * Clients look rooms up while they are destroyed (WaddleCommandsIT polls disco#info). Openfire 4.2.0 takes a room
     * out of memory before deleting its database row, and a lookup of a room missing from memory loads it from the
     * database; whatever the timing, the room must end up destroyed.
     */
    @Test
    void aRoomLookedUpWhileItIsDestroyedStaysDestroyed() throws Exception {
        try (XmppTestClient owner = loginAdmin(); XmppTestClient prober = loginAdmin()) {
            for (int round = 0; round < 8; round++) {
                String room = "busy-" + round + "-" + suffix;
                Map<String, List<String>> spec = spec(room, "Busy", "", false, false, true, true);
                spec.put("owners", List.of(admin));
                assertThat(run(owner, RoomCommands.APPLY_ROOM, spec).errors()).isEmpty();
                AtomicBoolean destroying = new AtomicBoolean(true);
                Thread probe = new Thread(() -> {
                    while (destroying.get()) {
                        try {
                            prober.discoInfo(roomJid(room).toString());
                        } catch (Exception gone) {
                            // item-not-found once destroyed; keep asking until the destroy is answered
                        }
                    }
                }, "disco-probe");
                probe.start();
                CommandResult destroyed;
                try {
                    destroyed = run(owner, RoomCommands.DESTROY_ROOM, Map.of("localpart", List.of(room)));
                } finally {
                    destroying.set(false);
                    probe.join(TimeUnit.SECONDS.toMillis(20));
                }

                assertThat(destroyed.errors()).isEmpty();
                assertThatThrownBy(() -> owner.discoInfo(roomJid(room).toString())).as("round %d", round)
                        .isInstanceOfSatisfying(XMPPException.XMPPErrorException.class, e -> assertThat(
                                e.getStanzaError().getCondition()).isEqualTo(StanzaError.Condition.item_not_found));
            }
        }
    }

    @Test
    void aRefusalOfTheServiceIsReportedWithTheRoomTheStanzaAndTheCondition() throws Exception {
        String room = "locked-" + suffix;
        String username = "gina-" + suffix;
        XmppTestClient.createLocalUser(openfire, username, "gina-password");
        try (XmppTestClient gina = XmppTestClient.login(openfire, username, "gina-password");
             XmppTestClient owner = loginAdmin()) {
            // Created but never configured: XEP-0045 §10.1.1 keeps it locked to everyone but its owner.
            MultiUserChatManager.getInstanceFor(gina.connection()).getMultiUserChat(roomJid(room))
                    .create(Resourcepart.from("gina"));
            Map<String, List<String>> spec = spec(room, "Locked", "", false, false, true, true);

            CommandResult result = run(owner, RoomCommands.APPLY_ROOM, spec);

            assertThat(result.changes()).isEmpty();
            assertThat(result.errors()).singleElement().asString()
                    .contains(roomJid(room).toString())
                    .contains("join (presence) refused: ");
        }
    }

    @Test
    void theCommandsAreForServerAdminsOnly() {
        String username = "frank-" + suffix;
        XmppTestClient.createLocalUser(openfire, username, "frank-password");
        try (XmppTestClient frank = XmppTestClient.login(openfire, username, "frank-password")) {
            RemoteCommand command = AdHocCommandManager.getAddHocCommandsManager(frank.connection())
                    .getRemoteCommand(JidCreate.from(component), RoomCommands.APPLY_ROOM);

            assertThatThrownBy(command::execute)
                    .isInstanceOfSatisfying(XMPPException.XMPPErrorException.class, e ->
                            assertThat(e.getStanzaError().getCondition()).isEqualTo(StanzaError.Condition.forbidden));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    // ---- helpers --------------------------------------------------------------------------------------------

    private record CommandResult(List<String> changes, List<String> rooms, List<String> notes, List<String> errors) {
    }

    private XmppTestClient loginAdmin() {
        return XmppTestClient.login(openfire, openfire.adminUsername(), openfire.adminPassword());
    }

    private String jid(String user) {
        return user + "-" + suffix + "@" + openfire.domain();
    }

    private EntityBareJid roomJid(String room) throws Exception {
        return JidCreate.entityBareFrom(room + "@conference." + openfire.domain());
    }

    private static Map<String, List<String>> spec(String localpart, String name, String description, boolean membersOnly,
                                                  boolean moderated, boolean persistent, boolean publicRoom) {
        Map<String, List<String>> values = new LinkedHashMap<>();
        values.put("localpart", List.of(localpart));
        values.put("name", List.of(name));
        values.put("description", List.of(description));
        values.put("membersonly", List.of(bit(membersOnly)));
        values.put("moderated", List.of(bit(moderated)));
        values.put("persistent", List.of(bit(persistent)));
        values.put("public", List.of(bit(publicRoom)));
        return values;
    }

    private static String bit(boolean value) {
        return value ? "1" : "0";
    }

    /** Executes the command, fills its form with {@code values} (booleans as 1/0), completes it. */
    private CommandResult run(XmppTestClient client, String node, Map<String, List<String>> values) throws Exception {
        RemoteCommand command = AdHocCommandManager.getAddHocCommandsManager(client.connection())
                .getRemoteCommand(JidCreate.from(component), node);
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
        DataForm result = command.getForm();
        List<String> notes = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        for (AdHocCommandNote note : command.getNotes()) {
            (note.getType() == AdHocCommandNote.Type.error ? errors : notes).add(note.getValue());
        }
        return new CommandResult(values(result, RoomCommands.CHANGES), values(result, RoomCommands.ROOMS), notes, errors);
    }

    private Set<String> listRooms(XmppTestClient client) throws Exception {
        CommandResult listed = run(client, RoomCommands.LIST_ROOMS, Map.of());
        assertThat(listed.errors()).isEmpty();
        return new TreeSet<>(listed.rooms());
    }

    private static List<String> values(DataForm form, String field) {
        if (form == null || form.getField(field) == null) {
            return List.of();
        }
        return form.getField(field).getValuesAsString();
    }

    /** Enters the room as the admin (an owner of it by the spec), to ask owner and admin questions. */
    private MultiUserChat enter(XmppTestClient client, String room) throws Exception {
        MultiUserChat chat = MultiUserChatManager.getInstanceFor(client.connection()).getMultiUserChat(roomJid(room));
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
