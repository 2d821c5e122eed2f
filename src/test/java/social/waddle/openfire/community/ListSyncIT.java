package social.waddle.openfire.community;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

import org.jivesoftware.smack.SmackException;
import org.jivesoftware.smack.XMPPException;
import org.jivesoftware.smack.packet.StanzaError;
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

import social.waddle.openfire.muc.RoomCommands;
import social.waddle.testbed.LocalNetworkSettings;
import social.waddle.testbed.atproto.AtprotoNetwork;
import social.waddle.testbed.atproto.AtprotoNetworkExtension;
import social.waddle.testbed.atproto.TestAccount;
import social.waddle.testbed.openfire.OpenfireServer;
import social.waddle.testbed.openfire.XmppTestClient;

/**
 * Bluesky lists linked to a Waddle, on a real Openfire (5.1.1 when the test bed is given it) against the real PDS: the
 * owner creates lists and items with the PDS's own createRecord, links them with the bluesky-lists command, and the
 * channel rooms' affiliations follow (members, outcasts); deleted items are undone at the next sync; a stopped PDS
 * leaves the Waddle unchanged.
 */
@ExtendWith(AtprotoNetworkExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ListSyncIT {

    private static final String DOMAIN = "waddle.test";
    private static final String COMPONENT = "waddle." + DOMAIN;
    private static final String MUC = "conference." + DOMAIN;
    private static final Duration ROOMS_FOLLOW = Duration.ofSeconds(30);
    private static final Duration POLL = Duration.ofMillis(100);
    private static final Duration BAN_LENGTH = Duration.ofSeconds(10);
    /** How often the plugin lifts expired bans (WaddleJobs' maintenance interval). */
    private static final Duration BAN_SWEEP = Duration.ofMinutes(1);

    private AtprotoNetwork network;
    private OpenfireServer server;
    private static final String LISTS = BlueskyListsCommand.NODE;
    private static final ObjectMapper JSON = new ObjectMapper();

    private TestAccount ownerAccount;
    private TestAccount memberAccount;
    private TestAccount moderatorAccount;
    private TestAccount trollAccount;
    private TestAccount strangerAccount;

    @BeforeAll
    void start(AtprotoNetwork atprotoNetwork) {
        network = atprotoNetwork;
        ownerAccount = network.createAccount("penny");
        memberAccount = network.createAccount("bob");
        moderatorAccount = network.createAccount("carol");
        trollAccount = network.createAccount("troll");
        strangerAccount = network.createAccount("zed");
        server = OpenfireServer.start(OpenfireServer.Options.defaults().label("list-sync").domain(DOMAIN)
                .properties(LocalNetworkSettings.forPlugin(network, "did:web:" + DOMAIN)));
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aCurationListMakesMembersAndAModerationListBansAndAStoppedPdsChangesNothing() throws Exception {
        String slug = "lists-" + UUID.randomUUID().toString().substring(0, 6);
        String general = "general~" + slug + "@" + MUC;
        String member = bareJid(memberAccount);
        String moderator = bareJid(moderatorAccount);
        String troll = bareJid(trollAccount);

        try (XmppTestClient ownerClient = login(ownerAccount);
             XmppTestClient trollClient = login(trollAccount)) {
            Outcome created = run(ownerClient, CommunityCommands.CREATE_WADDLE, Map.of(
                    CommunityCommands.SLUG, List.of(slug), CommunityCommands.NAME, List.of("Listed"),
                    CommunityCommands.VISIBILITY, List.of("public")));
            assertThat(created.errors()).isEmpty();
            awaitUntil(general + " to exist", () -> exists(ownerClient, general));

            // The owner's curation list with two people, linked by its bsky.app address.
            String crew = createList(ownerAccount, "app.bsky.graph.defs#curatelist", "Crew");
            String memberItem = createItem(ownerAccount, crew, memberAccount.did());
            createItem(ownerAccount, crew, moderatorAccount.did());
            String rkey = crew.substring(crew.lastIndexOf('/') + 1);
            Outcome linked = run(ownerClient, LISTS, Map.of(CommunityCommands.WADDLE, List.of(slug),
                    "action", List.of("link"), "list", List.of("https://bsky.app/profile/" + ownerAccount.handle()
                            + "/lists/" + rkey), "mode", List.of("add-only")));
            assertThat(linked.errors()).isEmpty();
            assertThat(String.join(" ", linked.infos())).contains("2 added");
            MultiUserChat room = enter(ownerClient, general, ownerAccount.handle());
            awaitUntil("the list's people to be members of " + general,
                    () -> jids(members(room)).containsAll(List.of(member, moderator)));

            // An item deleted on the PDS removes its member at the next sync.
            deleteRecord(ownerAccount, "app.bsky.graph.listitem", memberItem);
            Outcome synced = run(ownerClient, LISTS, Map.of(CommunityCommands.WADDLE, List.of(slug),
                    "action", List.of("sync")));
            assertThat(synced.errors()).isEmpty();
            assertThat(String.join(" ", synced.infos())).contains("1 removed");
            awaitUntil(member + " to leave " + general, () -> !jids(members(room)).contains(member));

            // A moderation list bans its people: outcast, kicked, cannot rejoin; lifting works.
            Outcome joined = run(trollClient, CommunityCommands.JOIN_WADDLE, Map.of(CommunityCommands.WADDLE, List.of(slug)));
            assertThat(joined.errors()).isEmpty();
            awaitUntil(troll + " to be a member", () -> jids(members(room)).contains(troll));
            // A member enters under their handle, the nickname reserved for them in channel rooms.
            MultiUserChat trollRoom = enter(trollClient, general, trollAccount.handle());
            String mods = createList(ownerAccount, "app.bsky.graph.defs#modlist", "Trolls");
            String trollItem = createItem(ownerAccount, mods, trollAccount.did());
            Outcome banned = run(ownerClient, LISTS, Map.of(CommunityCommands.WADDLE, List.of(slug),
                    "action", List.of("link"), "list", List.of(mods)));
            assertThat(banned.errors()).isEmpty();
            awaitUntil(troll + " to be an outcast", () -> jids(outcasts(room)).contains(troll));
            awaitUntil(troll + " to be kicked", () -> !trollRoom.isJoined());
            Outcome rejoin = run(trollClient, CommunityCommands.JOIN_WADDLE, Map.of(CommunityCommands.WADDLE, List.of(slug)));
            assertThat(String.join(" ", rejoin.errors())).contains("banned");

            deleteRecord(ownerAccount, "app.bsky.graph.listitem", trollItem);
            assertThat(run(ownerClient, LISTS, Map.of(CommunityCommands.WADDLE, List.of(slug),
                    "action", List.of("sync"))).errors()).isEmpty();
            awaitUntil(troll + "'s ban to be lifted", () -> !jids(outcasts(room)).contains(troll));
            assertThat(run(trollClient, CommunityCommands.JOIN_WADDLE, Map.of(CommunityCommands.WADDLE,
                    List.of(slug))).errors()).isEmpty();

            // Someone else's list is refused with the reason.
            String theirs = createList(strangerAccount, "app.bsky.graph.defs#curatelist", "Not yours");
            Outcome refused = run(ownerClient, LISTS, Map.of(CommunityCommands.WADDLE, List.of(slug),
                    "action", List.of("link"), "list", List.of(theirs)));
            assertThat(String.join(" ", refused.errors())).contains("neither the owner nor an admin");

            // The PDS stopped during a sync: nothing changes, the error is reported and kept on the link.
            createItem(ownerAccount, crew, memberAccount.did());
            network.stopPds();
            try {
                Outcome failed = run(ownerClient, LISTS, Map.of(CommunityCommands.WADDLE, List.of(slug),
                        "action", List.of("sync")));
                assertThat(String.join(" ", failed.infos())).contains("stopped and changed nothing");
                assertThat(jids(members(room))).doesNotContain(member);
            } finally {
                network.startPds();
            }
            awaitUntil("the PDS to answer again", network::pdsAcceptsConnections);
            assertThat(run(ownerClient, LISTS, Map.of(CommunityCommands.WADDLE, List.of(slug),
                    "action", List.of("sync"))).errors()).isEmpty();
            awaitUntil(member + " to be a member again", () -> jids(members(room)).contains(member));
            leave(room);
        }
    }

    private String createList(TestAccount account, String purpose, String name) {
        ObjectNode record = JSON.createObjectNode().put("$type", "app.bsky.graph.list").put("purpose", purpose)
                .put("name", name).put("createdAt", Instant.now().toString());
        return createRecord(account, "app.bsky.graph.list", record);
    }

    private String createItem(TestAccount account, String list, String subject) {
        ObjectNode record = JSON.createObjectNode().put("$type", "app.bsky.graph.listitem").put("subject", subject)
                .put("list", list).put("createdAt", Instant.now().toString());
        return createRecord(account, "app.bsky.graph.listitem", record);
    }

    private String createRecord(TestAccount account, String collection, ObjectNode record) {
        ObjectNode input = JSON.createObjectNode().put("repo", account.did()).put("collection", collection);
        input.set("record", record);
        JsonNode output = network.xrpcPost("com.atproto.repo.createRecord", input, account.accessJwt());
        return output.get("uri").asText();
    }

    private void deleteRecord(TestAccount account, String collection, String uri) {
        ObjectNode input = JSON.createObjectNode().put("repo", account.did()).put("collection", collection)
                .put("rkey", uri.substring(uri.lastIndexOf('/') + 1));
        network.xrpcPost("com.atproto.repo.deleteRecord", input, account.accessJwt());
    }

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

    /** Enters the room under {@code nickname}; an error answer is the cause of the IllegalStateException thrown. */
    private static MultiUserChat enter(XmppTestClient client, String room, String nickname) throws Exception {
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
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("Timed out after " + timeout + " waiting for " + what);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(POLL.toMillis()));
        }
    }
}
