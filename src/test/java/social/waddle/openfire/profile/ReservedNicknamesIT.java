package social.waddle.openfire.profile;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jivesoftware.smack.XMPPException;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smackx.commands.AdHocCommandManager;
import org.jivesoftware.smackx.commands.AdHocCommandNote;
import org.jivesoftware.smackx.commands.RemoteCommand;
import org.jivesoftware.smackx.muc.MultiUserChat;
import org.jivesoftware.smackx.muc.MultiUserChatManager;
import org.jivesoftware.smackx.xdata.FormField;
import org.jivesoftware.smackx.xdata.form.FillableForm;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.jid.parts.Resourcepart;

import social.waddle.openfire.community.CommunityCommands;
import social.waddle.testbed.Await;
import social.waddle.testbed.LocalNetworkSettings;
import social.waddle.testbed.atproto.AtprotoNetwork;
import social.waddle.testbed.atproto.AtprotoNetworkExtension;
import social.waddle.testbed.atproto.TestAccount;
import social.waddle.testbed.openfire.OpenfireServer;
import social.waddle.testbed.openfire.XmppTestClient;

/**
 * No impersonation in channel rooms, on a real Openfire and PDS, through XEP-0045 only: a member of a public Waddle
 * has their handle reserved as their nickname in its channel rooms, enters under it (and only under it), and nobody
 * else, member or not, can enter under it.
 */
@ExtendWith(AtprotoNetworkExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReservedNicknamesIT {

    private static final String DOMAIN = "nicks.test";
    private static final String COMPONENT = "waddle." + DOMAIN;
    private static final String MUC = "conference." + DOMAIN;
    private static final Duration ROOMS_FOLLOW = Duration.ofSeconds(30);

    private OpenfireServer server;
    private TestAccount owner;
    private TestAccount member;
    private TestAccount stranger;

    @BeforeAll
    void start(AtprotoNetwork network) {
        owner = network.createAccount("nickowner");
        member = network.createAccount("nickmember");
        stranger = network.createAccount("nickstranger");
        server = OpenfireServer.start(OpenfireServer.Options.defaults().label("nicks").domain(DOMAIN)
                .properties(LocalNetworkSettings.forPlugin(network, "did:web:" + DOMAIN)));
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aMembersHandleIsTheirReservedNicknameAndNobodyElseCanTakeIt() throws Exception {
        String slug = "nicks-" + UUID.randomUUID().toString().substring(0, 6);
        EntityBareJid room = JidCreate.entityBareFrom("general~" + slug + "@" + MUC);
        String memberJid = member.did().substring("did:plc:".length()) + "@" + DOMAIN;

        try (XmppTestClient ownerClient = login(owner);
             XmppTestClient memberClient = login(member);
             XmppTestClient strangerClient = login(stranger)) {
            assertThat(run(ownerClient, CommunityCommands.CREATE_WADDLE, Map.of(CommunityCommands.SLUG, List.of(slug),
                    CommunityCommands.NAME, List.of("Nicks"), CommunityCommands.VISIBILITY, List.of("public"))))
                    .isEmpty();
            assertThat(run(memberClient, CommunityCommands.JOIN_WADDLE, Map.of(CommunityCommands.WADDLE, List.of(slug))))
                    .isEmpty();

            MultiUserChat ownerChat = MultiUserChatManager.getInstanceFor(ownerClient.connection()).getMultiUserChat(room);
            Await.until("the room to exist", ROOMS_FOLLOW, () -> {
                try {
                    ownerChat.join(Resourcepart.from("owner-" + UUID.randomUUID().toString().substring(0, 4)));
                    return true;
                } catch (Exception e) {
                    return false;
                }
            });
            // The room exists before the owner's affiliation is applied: wait until the owner may read the form.
            Await.until("the owner to own the room", ROOMS_FOLLOW, () -> {
                try {
                    return ownerChat.getConfigurationForm() != null;
                } catch (Exception e) {
                    return false;
                }
            });
            assertThat(ownerChat.getConfigurationForm().getField("x-muc#roomconfig_reservednick").getValues().get(0)
                    .toString()).isIn("1", "true");
            assertThat(ownerChat.getConfigurationForm().getField("x-muc#roomconfig_canchangenick").getValues().get(0)
                    .toString()).isIn("0", "false");

            // The member discovers the handle reserved for them (XEP-0045 §7.12: disco#info node x-roomuser-item).
            MultiUserChat memberChat = MultiUserChatManager.getInstanceFor(memberClient.connection()).getMultiUserChat(room);
            Await.until("the member's handle to be reserved", ROOMS_FOLLOW, () -> {
                try {
                    return member.handle().equals(String.valueOf(memberChat.getReservedNickname()));
                } catch (Exception e) {
                    return false;
                }
            });
            assertThat(ownerChat.getMembers()).extracting(affiliate -> affiliate.getJid().toString()).contains(memberJid);

            // The member cannot enter under another name, and enters under the handle.
            assertThat(refusal(memberChat, "someone-else")).isEqualTo(StanzaError.Condition.not_acceptable);
            memberChat.join(Resourcepart.from(member.handle()));
            assertThat(memberChat.getNickname().toString()).isEqualTo(member.handle());
            memberChat.leave();

            // Nobody else takes the handle: a non-member of the public channel is refused.
            MultiUserChat strangerChat = MultiUserChatManager.getInstanceFor(strangerClient.connection())
                    .getMultiUserChat(room);
            assertThat(refusal(strangerChat, member.handle())).isEqualTo(StanzaError.Condition.conflict);
            strangerChat.join(Resourcepart.from("visitor-" + UUID.randomUUID().toString().substring(0, 4)));
            assertThat(strangerChat.isJoined()).isTrue();
            strangerChat.leave();
            ownerChat.leave();
        }
    }

    private static StanzaError.Condition refusal(MultiUserChat chat, String nick) throws Exception {
        try {
            chat.join(Resourcepart.from(nick));
        } catch (XMPPException.XMPPErrorException e) {
            return e.getStanzaError().getCondition();
        }
        chat.leave();
        return null;
    }

    private XmppTestClient login(TestAccount account) {
        return XmppTestClient.login(server, account.handle(), account.appPassword());
    }

    /** Runs a Waddle command with the given answers; the error notes it returned. */
    private static List<String> run(XmppTestClient client, String node, Map<String, List<String>> values) throws Exception {
        RemoteCommand command = AdHocCommandManager.getAddHocCommandsManager(client.connection())
                .getRemoteCommand(JidCreate.from(COMPONENT), node);
        command.execute();
        FillableForm form = new FillableForm(command.getForm());
        for (Map.Entry<String, List<String>> entry : new LinkedHashMap<>(values).entrySet()) {
            FormField field = form.getField(entry.getKey());
            switch (field.getType()) {
                case text_multi, jid_multi, list_multi -> form.setAnswer(entry.getKey(), entry.getValue());
                default -> form.setAnswer(entry.getKey(), entry.getValue().get(0));
            }
        }
        command.complete(form);
        return command.getNotes().stream().filter(note -> note.getType() == AdHocCommandNote.Type.error)
                .map(AdHocCommandNote::getValue).toList();
    }
}
