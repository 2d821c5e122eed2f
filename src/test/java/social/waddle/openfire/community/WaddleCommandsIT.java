package social.waddle.openfire.community;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

import org.jivesoftware.smack.SmackException;
import org.jivesoftware.smack.XMPPException;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smackx.commands.AdHocCommand;
import org.jivesoftware.smackx.commands.AdHocCommandManager;
import org.jivesoftware.smackx.commands.AdHocCommandNote;
import org.jivesoftware.smackx.commands.RemoteCommand;
import org.jivesoftware.smackx.disco.ServiceDiscoveryManager;
import org.jivesoftware.smackx.disco.packet.DiscoverItems;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import social.waddle.openfire.muc.ReconcileCommand;
import social.waddle.openfire.muc.RoomCommands;
import social.waddle.testbed.LocalNetworkSettings;
import social.waddle.testbed.atproto.AtprotoNetwork;
import social.waddle.testbed.atproto.AtprotoNetworkExtension;
import social.waddle.testbed.atproto.TestAccount;
import social.waddle.testbed.openfire.OpenfireServer;
import social.waddle.testbed.openfire.ServerLog;
import social.waddle.testbed.openfire.XmppTestClient;
import social.waddle.testbed.Await;

/**
 * A Waddle's life, driven only through the component's XEP-0050 commands by Bluesky accounts logged in with Smack, on
 * a real Openfire against a real PDS and PLC. Rooms are checked with XEP-0045 owner/admin queries and presence as their
 * owner sees them, never through the plugin's database. Room provisioning runs after each command, so every room
 * check waits for its condition with a deadline.
 */
@ExtendWith(AtprotoNetworkExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WaddleCommandsIT {

    private static final String DOMAIN = "waddle.test";
    private static final String COMPONENT = "waddle." + DOMAIN;
    private static final String MUC = "conference." + DOMAIN;
    private static final Duration ROOMS_FOLLOW = Duration.ofSeconds(30);
    private static final Duration BAN_LENGTH = Duration.ofSeconds(10);
    /** How often the plugin lifts expired bans (WaddleJobs' maintenance interval). */
    private static final Duration BAN_SWEEP = Duration.ofMinutes(1);

    private AtprotoNetwork network;
    private OpenfireServer server;
    private TestAccount ownerAccount;
    private TestAccount memberAccount;
    private TestAccount moderatorAccount;

    @BeforeAll
    void start(AtprotoNetwork atprotoNetwork) {
        network = atprotoNetwork;
        ownerAccount = network.createAccount("penny");
        memberAccount = network.createAccount("bob");
        moderatorAccount = network.createAccount("carol");
        server = OpenfireServer.start(OpenfireServer.Options.defaults().label("waddle-commands").domain(DOMAIN)
                .properties(LocalNetworkSettings.forPlugin(network, "did:web:" + DOMAIN)));
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aWaddleIsCreatedJoinedModeratedAndDeletedByCommandAndItsRoomsFollow() throws Exception {
        String slug = "penguins-" + UUID.randomUUID().toString().substring(0, 6);
        String owner = bareJid(ownerAccount);
        String member = bareJid(memberAccount);
        String moderator = bareJid(moderatorAccount);
        List<String> rooms = List.of("general~" + slug + "@" + MUC, "news~" + slug + "@" + MUC,
                "random~" + slug + "@" + MUC);

        try (XmppTestClient ownerClient = login(ownerAccount);
             XmppTestClient memberClient = login(memberAccount);
             XmppTestClient moderatorClient = login(moderatorAccount)) {

            // The owner creates an invite-only Waddle with three channels.
            Outcome created = run(ownerClient, CommunityCommands.CREATE_WADDLE, Map.of(
                    CommunityCommands.SLUG, List.of(slug),
                    CommunityCommands.NAME, List.of("Penguins"),
                    CommunityCommands.DESCRIPTION, List.of("All about penguins"),
                    CommunityCommands.VISIBILITY, List.of("invite-only"),
                    CommunityCommands.CHANNELS, List.of("news News", "random Random")));
            assertThat(created.errors()).isEmpty();
            assertThat(created.values(CommunityCommands.ROOMS)).containsExactlyElementsOf(rooms);

            for (String room : rooms) {
                awaitUntil(room + " to exist", () -> exists(ownerClient, room));
            }
            MultiUserChat general = enter(ownerClient, rooms.get(0), "owner");
            Form config = general.getConfigurationForm();
            assertThat(value(config, "muc#roomconfig_roomname")).isEqualTo("Penguins · General");
            assertThat(value(config, "muc#roomconfig_roomdesc")).isEqualTo("All about penguins");
            assertThat(flag(config, "muc#roomconfig_persistentroom")).isTrue();
            assertThat(flag(config, "muc#roomconfig_membersonly")).isTrue();
            assertThat(flag(config, "muc#roomconfig_publicroom")).isTrue();
            assertThat(flag(config, "muc#roomconfig_moderatedroom")).isFalse();
            assertThat(jids(general.getOwners())).contains(owner);
            for (String room : rooms.subList(1, 3)) {
                MultiUserChat chat = enter(ownerClient, room, "owner");
                assertThat(value(chat.getConfigurationForm(), "muc#roomconfig_roomname")).startsWith("Penguins · ");
                assertThat(jids(chat.getOwners())).contains(owner);
                leave(chat);
            }

            // Service discovery lists the Waddle and its channel rooms.
            DiscoverItems listed = discoverItems(memberClient, COMPONENT, null);
            assertThat(listed.getItems()).anySatisfy(item -> {
                assertThat(item.getNode()).isEqualTo("waddle/" + slug);
                assertThat(item.getName()).isEqualTo("Penguins");
            });
            assertThat(discoverItems(memberClient, COMPONENT, "waddle/" + slug).getItems())
                    .extracting(item -> item.getEntityID().toString()).containsExactlyElementsOf(rooms);

            // The member's own bookmark, in both stores, made before joining: it must survive everything below.
            String ownRoom = "lobby@" + MUC;
            memberClient.bookmarkRoomYourself(ownRoom, "My lobby");

            // A second user cannot join without an invite, then joins with one and becomes a member of every room.
            assertThat(run(memberClient, CommunityCommands.JOIN_WADDLE, Map.of(CommunityCommands.WADDLE, List.of(slug)))
                    .errors()).containsExactly("Waddle '" + slug + "' can only be joined with an invite");
            String code = invite(ownerClient, slug, "2");
            Outcome joined = run(memberClient, CommunityCommands.JOIN_WITH_INVITE,
                    Map.of(CommunityCommands.CODE, List.of(code)));
            assertThat(joined.errors()).isEmpty();
            assertThat(joined.values(CommunityCommands.ROOMS)).containsExactlyElementsOf(rooms);
            awaitUntil(member + " to be a member of " + rooms.get(0), () -> jids(members(general)).contains(member));
            awaitUntil(member + "'s XEP-0402 bookmarks of every channel",
                    () -> memberClient.bookmarkedRooms().containsAll(rooms));
            awaitUntil(member + "'s XEP-0048 bookmarks of every channel",
                    () -> memberClient.legacyBookmarkedRooms().containsAll(rooms));
            assertThat(memberClient.bookmarkedRooms()).as("XEP-0402, the member's own kept").contains(ownRoom);
            assertThat(memberClient.legacyBookmarkedRooms()).as("XEP-0048, the member's own kept").contains(ownRoom);
            MultiUserChat memberInGeneral = enterAs(memberClient, rooms.get(0), memberAccount.handle());

            // The owner promotes a third user to moderator: admin of the rooms.
            assertThat(run(moderatorClient, CommunityCommands.JOIN_WITH_INVITE,
                    Map.of(CommunityCommands.CODE, List.of(code))).errors()).isEmpty();
            Outcome promoted = run(ownerClient, CommunityCommands.SET_ROLE, Map.of(
                    CommunityCommands.WADDLE, List.of(slug),
                    CommunityCommands.PERSON, List.of(moderator),
                    CommunityCommands.ROLE, List.of("moderator")));
            assertThat(promoted.errors()).isEmpty();
            awaitUntil(moderator + " to be an admin of " + rooms.get(0), () -> jids(admins(general)).contains(moderator));

            // The moderator bans the member for a short while: outcast, sent out of the room, kept out.
            Outcome banned = run(moderatorClient, CommunityCommands.BAN, Map.of(
                    CommunityCommands.WADDLE, List.of(slug),
                    CommunityCommands.PERSON, List.of(member),
                    CommunityCommands.REASON, List.of("spam"),
                    CommunityCommands.EXPIRES, List.of(BAN_LENGTH.toSeconds() + "s")));
            Instant banEnds = Instant.now().plus(BAN_LENGTH);
            assertThat(banned.errors()).isEmpty();
            assertThat(banned.infos()).singleElement().asString().startsWith(member + " is banned from Waddle '" + slug
                    + "' until ");
            awaitUntil(member + " to be an outcast of " + rooms.get(0), () -> jids(outcasts(general)).contains(member));
            awaitUntil(member + " to be sent out of " + rooms.get(0), () -> !memberInGeneral.isJoined());
            assertThat(jids(members(general))).doesNotContain(member);
            awaitUntil(member + "'s bookmarks of the Waddle to be removed", () -> memberClient.bookmarkedRooms().stream().noneMatch(rooms::contains));
            awaitUntil(member + "'s XEP-0048 bookmarks of the Waddle to be removed",
                    () -> memberClient.legacyBookmarkedRooms().stream().noneMatch(rooms::contains));
            assertThat(memberClient.bookmarkedRooms()).as("XEP-0402 after the ban").containsExactly(ownRoom);
            assertThat(memberClient.legacyBookmarkedRooms()).as("XEP-0048 after the ban").containsExactly(ownRoom);
            assertThatThrownBy(() -> enterAs(memberClient, rooms.get(0), memberAccount.handle()))
                    .hasCauseInstanceOf(XMPPException.XMPPErrorException.class)
                    .satisfies(e -> assertThat(((XMPPException.XMPPErrorException) e.getCause()).getStanzaError()
                            .getCondition()).isEqualTo(StanzaError.Condition.forbidden));
            assertThat(run(memberClient, CommunityCommands.JOIN_WITH_INVITE, Map.of(CommunityCommands.CODE,
                    List.of(invite(moderatorClient, slug, "1")))).errors()).singleElement().asString()
                    .startsWith(didOf(memberAccount) + " is banned from Waddle '" + slug + "' until ");

            // Once the ban has ended it is lifted in the rooms too, and the member may come back: with a new invite,
            // into the rooms.
            awaitUntil("the ban to end", BAN_LENGTH.plusSeconds(5), () -> Instant.now().isAfter(banEnds));
            awaitUntil("the periodic sweep to lift the expired ban in " + rooms.get(0), BAN_SWEEP.plus(ROOMS_FOLLOW),
                    () -> !jids(outcasts(general)).contains(member));
            Outcome rejoined = run(memberClient, CommunityCommands.JOIN_WITH_INVITE, Map.of(CommunityCommands.CODE,
                    List.of(invite(moderatorClient, slug, "1"))));
            assertThat(rejoined.errors()).isEmpty();
            awaitUntil(member + " to be a member again", () -> jids(members(general)).contains(member)
                    && !jids(outcasts(general)).contains(member));
            MultiUserChat back = enterAs(memberClient, rooms.get(0), memberAccount.handle());
            assertThat(back.isJoined()).isTrue();
            leave(back);
            leave(general);

            // Deleting needs the confirmation; then every room is destroyed.
            assertThat(run(ownerClient, CommunityCommands.DELETE_WADDLE, Map.of(
                    CommunityCommands.WADDLE, List.of(slug), CommunityCommands.CONFIRM, List.of("0"))).errors())
                    .singleElement().asString().contains("was not deleted");
            ServerLog.Mark beforeDelete = server.log().mark();
            Outcome deleted = run(ownerClient, CommunityCommands.DELETE_WADDLE, Map.of(
                    CommunityCommands.WADDLE, List.of(slug), CommunityCommands.CONFIRM, List.of("1")));
            assertThat(deleted.errors()).isEmpty();
            // Ask about a room only once its destruction is over: Openfire 4.2.0 drops a room from memory before its
            // database row, without a lock, and a look-up in between loads it again from the row, to stay for good.
            // Polling during the destruction did exactly that (the cause of this test's old flakiness on 4.2.0).
            for (String room : rooms) {
                awaitUntil(room + " to be destroyed", () -> server.log().firstLineSince(beforeDelete,
                        "Room " + room + " destroyed").isPresent());
                assertThat(exists(ownerClient, room)).as("%s after its destruction", room).isFalse();
            }
            assertThat(discoverItems(memberClient, COMPONENT, null).getItems())
                    .noneSatisfy(item -> assertThat(item.getNode()).isEqualTo("waddle/" + slug));
        }
    }

    /**
     * A channel's topic is its room's subject (XEP-0045 §8.1), set by the component; a subject set in the room
     * becomes the topic, and that does not bounce back and forth.
     */
    @Test
    void aChannelsTopicIsItsRoomsSubjectBothWays() throws Exception {
        String slug = "topics-" + UUID.randomUUID().toString().substring(0, 6);
        String fish = "fish~" + slug + "@" + MUC;
        try (XmppTestClient ownerClient = login(ownerAccount)) {
            assertThat(run(ownerClient, CommunityCommands.CREATE_WADDLE, Map.of(CommunityCommands.SLUG, List.of(slug),
                    CommunityCommands.NAME, List.of("Topics"), CommunityCommands.VISIBILITY, List.of("public")))
                    .errors()).isEmpty();
            assertThat(run(ownerClient, CommunityCommands.ADD_CHANNEL, Map.of(CommunityCommands.WADDLE, List.of(slug),
                    CommunityCommands.CHANNEL, List.of("fish"), CommunityCommands.NAME, List.of("Fish"),
                    CommunityCommands.TOPIC, List.of("Fish only"))).errors()).isEmpty();
            awaitUntil(fish + " to have the topic as its subject", () -> "Fish only".equals(subject(ownerClient, fish)));

            ServerLog.Mark before = server.log().mark();
            MultiUserChat chat = enter(ownerClient, fish, "owner");
            chat.changeSubject("Krill too");
            awaitUntil("the topic to follow the subject", () -> server.log().since(before)
                    .contains("Topic of channel fish (room fish~" + slug + ") follows the room subject"));
            Outcome reconciled = runAdmin(ReconcileCommand.RECONCILE);
            assertThat(reconciled.errors()).isEmpty();
            leave(chat);

            assertThat(subject(ownerClient, fish)).isEqualTo("Krill too");
            String log = server.log().since(before);
            assertThat(log.split("follows the room subject", -1)).as("the topic followed once, nothing bounced back")
                    .hasSize(2);
            assertThat(log).doesNotContain("subject: 'Krill too'").doesNotContain("subject: 'Fish only' → 'Krill too'");
        }
    }

    private Outcome runAdmin(String node) throws Exception {
        try (XmppTestClient admin = XmppTestClient.login(server, server.adminUsername(), server.adminPassword())) {
            RemoteCommand command = AdHocCommandManager.getAddHocCommandsManager(admin.connection())
                    .getRemoteCommand(JidCreate.from(COMPONENT), node);
            command.execute();
            List<String> infos = new ArrayList<>();
            List<String> errors = new ArrayList<>();
            for (AdHocCommandNote note : command.getNotes()) {
                (note.getType() == AdHocCommandNote.Type.error ? errors : infos).add(note.getValue());
            }
            return new Outcome(command.getForm(), infos, errors);
        }
    }

    /** The room's subject as its disco#info tells; empty while the room does not exist. */
    private static String subject(XmppTestClient client, String room) {
        if (!exists(client, room)) {
            return "";
        }
        try {
            DataForm info = DataForm.from(client.discoInfo(room));
            FormField field = info == null ? null : info.getField("muc#roominfo_subject");
            return field == null ? "" : field.getFirstValue();
        } catch (Exception e) {
            throw new AssertionError("disco#info of " + room + " failed: " + e, e);
        }
    }

    @Test
    void theCommandsAreListedToLocalAccountsAndRefuseOnesWithoutAnAtprotoIdentityWithANote() throws Exception {
        try (XmppTestClient admin = XmppTestClient.login(server, server.adminUsername(), server.adminPassword());
             XmppTestClient member = login(memberAccount)) {
            List<String> toMember = commandNodes(member);
            List<String> toAdmin = commandNodes(admin);

            assertThat(toMember).startsWith(CommunityCommands.JOIN_WADDLE, CommunityCommands.JOIN_WITH_INVITE)
                    .contains(CommunityCommands.CREATE_WADDLE, CommunityCommands.BAN)
                    .endsWith(CommunityCommands.DELETE_WADDLE, BlueskyListsCommand.NODE)
                    .doesNotContain(RoomCommands.APPLY_ROOM);
            assertThat(toAdmin).startsWith(toMember.toArray(String[]::new))
                    .endsWith(RoomCommands.APPLY_ROOM, RoomCommands.DESTROY_ROOM, RoomCommands.LIST_ROOMS,
                            ReconcileCommand.RECONCILE);
            for (int again = 0; again < 3; again++) {
                assertThat(commandNodes(member)).as("the same order every time").isEqualTo(toMember);
            }

            // XEP-0050 §3.4: cancelling ends the session as canceled.
            RemoteCommand cancelled = AdHocCommandManager.getAddHocCommandsManager(member.connection())
                    .getRemoteCommand(JidCreate.from(COMPONENT), CommunityCommands.CREATE_WADDLE);
            cancelled.execute();
            cancelled.cancel();
            assertThat(cancelled.getStatus()).isEqualTo(AdHocCommand.Status.canceled);

            Outcome refused = run(admin, CommunityCommands.CREATE_WADDLE, Map.of(
                    CommunityCommands.SLUG, List.of("admins-own"), CommunityCommands.NAME, List.of("Admin's"),
                    CommunityCommands.VISIBILITY, List.of("public")));
            assertThat(refused.errors()).singleElement().asString()
                    .startsWith("Waddles are for Bluesky (ATProto) accounts; admin@" + DOMAIN + " is not one.");
        }
    }

    // ---- helpers ----------------------------------------------------------------------------------------------

    private record Outcome(DataForm result, List<String> infos, List<String> errors) {

        List<String> values(String field) {
            if (result == null || result.getField(field) == null) {
                return List.of();
            }
            return result.getField(field).getValuesAsString();
        }
    }

    private XmppTestClient login(TestAccount account) {
        return XmppTestClient.login(server, account.handle(), account.appPassword());
    }

    private static String bareJid(TestAccount account) {
        return account.did().substring("did:plc:".length()) + "@" + DOMAIN;
    }

    private static String didOf(TestAccount account) {
        return account.did();
    }

    private String invite(XmppTestClient client, String slug, String uses) throws Exception {
        Outcome invite = run(client, CommunityCommands.CREATE_INVITE, Map.of(
                CommunityCommands.WADDLE, List.of(slug), CommunityCommands.EXPIRES, List.of("1h"),
                CommunityCommands.MAX_USES, List.of(uses)));
        assertThat(invite.errors()).isEmpty();
        return invite.values(CommunityCommands.CODE).get(0);
    }

    /** Executes the command, fills in its form with {@code values}, completes it. */
    private static Outcome run(XmppTestClient client, String node, Map<String, List<String>> values) throws Exception {
        RemoteCommand command = AdHocCommandManager.getAddHocCommandsManager(client.connection())
                .getRemoteCommand(JidCreate.from(COMPONENT), node);
        command.execute();
        assertThat(command.isCompleted()).as(node + " offers a form").isFalse();
        FillableForm form = new FillableForm(command.getForm());
        Map<String, List<String>> answers = new LinkedHashMap<>(values);
        for (Map.Entry<String, List<String>> entry : answers.entrySet()) {
            FormField field = form.getField(entry.getKey());
            assertThat(field).as(node + " has field " + entry.getKey()).isNotNull();
            switch (field.getType()) {
                case bool -> form.setAnswer(entry.getKey(), "1".equals(entry.getValue().get(0)));
                case text_multi, jid_multi, list_multi -> form.setAnswer(entry.getKey(), entry.getValue());
                default -> form.setAnswer(entry.getKey(), entry.getValue().get(0));
            }
        }
        command.complete(form);
        List<String> infos = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        for (AdHocCommandNote note : command.getNotes()) {
            (note.getType() == AdHocCommandNote.Type.error ? errors : infos).add(note.getValue());
        }
        return new Outcome(command.getForm(), infos, errors);
    }

    private static List<String> commandNodes(XmppTestClient client) throws Exception {
        return discoverItems(client, COMPONENT, "http://jabber.org/protocol/commands").getItems().stream()
                .map(DiscoverItems.Item::getNode).collect(Collectors.toList());
    }

    private static DiscoverItems discoverItems(XmppTestClient client, String jid, String node) throws Exception {
        return ServiceDiscoveryManager.getInstanceFor(client.connection()).discoverItems(JidCreate.from(jid), node);
    }

    private static boolean exists(XmppTestClient client, String room) {
        try {
            client.discoInfo(room);
            return true;
        } catch (XMPPException.XMPPErrorException e) {
            if (e.getStanzaError().getCondition() == StanzaError.Condition.item_not_found) {
                return false;
            }
            throw new AssertionError("disco#info of " + room + " failed: " + e, e);
        } catch (SmackException.NoResponseException e) {
            throw new AssertionError("No answer to disco#info of " + room, e);
        }
    }

    /** Enters the room under a fresh nickname; an error answer is the cause of the IllegalStateException thrown. */
    private static MultiUserChat enter(XmppTestClient client, String room, String nickname) throws Exception {
        return enterAs(client, room, nickname + "-" + UUID.randomUUID().toString().substring(0, 4));
    }

    /** Enters under exactly this nickname: a member's rooms let them in only under the handle reserved for them. */
    private static MultiUserChat enterAs(XmppTestClient client, String room, String nickname) throws Exception {
        EntityBareJid roomJid = JidCreate.entityBareFrom(room);
        MultiUserChat chat = MultiUserChatManager.getInstanceFor(client.connection()).getMultiUserChat(roomJid);
        try {
            chat.join(Resourcepart.from(nickname));
        } catch (XMPPException.XMPPErrorException e) {
            throw new IllegalStateException(client.jid() + " could not enter " + room + ": " + e, e);
        }
        return chat;
    }

    /**
     * Leaves the room. Openfire 4.2.0 sometimes reflects the unavailable presence without status 110 (XEP-0045
     * §7.14), which Smack waits for; the occupant has left all the same.
     */
    private static void leave(MultiUserChat chat) throws Exception {
        try {
            chat.leave();
        } catch (SmackException.NoResponseException reflectedWithoutStatus110) {
            // Left: see above.
        }
    }

    private static List<Affiliate> members(MultiUserChat chat) {
        return affiliates(() -> chat.getMembers());
    }

    private static List<Affiliate> admins(MultiUserChat chat) {
        return affiliates(() -> chat.getAdmins());
    }

    private static List<Affiliate> outcasts(MultiUserChat chat) {
        return affiliates(() -> chat.getOutcasts());
    }

    @FunctionalInterface
    private interface AffiliateQuery {
        List<Affiliate> ask() throws Exception;
    }

    private static List<Affiliate> affiliates(AffiliateQuery query) {
        try {
            return query.ask();
        } catch (Exception e) {
            throw new AssertionError("The affiliation query failed: " + e, e);
        }
    }

    private static List<String> jids(List<Affiliate> affiliates) {
        return affiliates.stream().map(affiliate -> affiliate.getJid().toString()).collect(Collectors.toList());
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

    private static void awaitUntil(String what, BooleanSupplier condition) {
        awaitUntil(what, ROOMS_FOLLOW, condition);
    }

    private static void awaitUntil(String what, Duration timeout, BooleanSupplier condition) {
        Await.until(what, timeout, condition);
    }
}
