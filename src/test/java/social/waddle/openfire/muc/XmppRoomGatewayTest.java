package social.waddle.openfire.muc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.xmpp.packet.IQ;
import org.xmpp.packet.JID;
import org.xmpp.packet.PacketError;

import social.waddle.community.rooms.Affiliation;
import social.waddle.community.rooms.RoomGatewayException;
import social.waddle.community.rooms.RoomSpec;
import social.waddle.community.rooms.RoomState;

class XmppRoomGatewayTest {

    private static final String SELF = "waddle.example.com";

    private final FakeMucService muc = new FakeMucService();
    private final StanzaExchange exchange = new StanzaExchange(muc, Duration.ofMillis(200));
    private final XmppRoomGateway gateway = new XmppRoomGateway(exchange, new JID(SELF), FakeMucService.DOMAIN);

    XmppRoomGatewayTest() {
        muc.answerThrough(exchange);
    }

    private static RoomSpec spec(String localpart, Map<String, Affiliation> affiliations) {
        return new RoomSpec(localpart, "General", "Talk", true, false, true, false, affiliations);
    }

    @Test
    void applyCreatesConfiguresAndAffiliatesAMissingRoomThenLeavesIt() throws RoomGatewayException {
        RoomSpec spec = spec("general", Map.of("alice@example.com", Affiliation.OWNER, "Bob@Example.com", Affiliation.MEMBER));

        List<String> changes = gateway.apply(spec);

        // Bob has no reserved nickname, so the room is not limited to reserved nicknames (Openfire would refuse him).
        assertThat(changes).containsExactly("created",
                "set name: 'general' → 'General'",
                "set description: '' → 'Talk'",
                "set membersonly: false → true",
                "set persistent: false → true",
                "set public: true → false",
                "alice@example.com: none → owner",
                "bob@example.com: none → member");
        FakeMucService.Room room = muc.room("general");
        assertThat(room.config).containsEntry("muc#roomconfig_roomname", "General")
                .containsEntry("muc#roomconfig_membersonly", "1")
                .containsEntry("muc#roomconfig_moderatedroom", "0")
                .containsEntry("muc#roomconfig_publicroom", "0");
        assertThat(room.affiliations).containsOnly(Map.entry(SELF, "owner"), Map.entry("alice@example.com", "owner"),
                Map.entry("bob@example.com", "member"));
        assertThat(muc.occupants()).as("the component left").isEmpty();
        assertThat(muc.count("muc#owner set")).as("a new room's form is submitted once").isEqualTo(1);
    }

    @Test
    void theAffiliationsOfANewRoomGoInOneMucAdminSetPerFiveHundredMembers() throws RoomGatewayException {
        Map<String, Affiliation> members = new java.util.TreeMap<>();
        for (int i = 0; i < 1200; i++) {
            members.put("member" + i + "@example.com", Affiliation.MEMBER);
        }
        members.put("outcast@example.com", Affiliation.OUTCAST);

        List<String> changes = gateway.apply(spec("general", members));

        assertThat(muc.count("muc#admin set")).as("1,201 changes in sets of at most 500").isEqualTo(3);
        assertThat(muc.room("general").affiliations).hasSize(1202).containsEntry("member1199@example.com", "member")
                .containsEntry("outcast@example.com", "outcast");
        assertThat(changes).contains("member0@example.com: none → member", "outcast@example.com: none → outcast")
                .hasSize(1 + 5 + 1201);
    }

    @Test
    void membersGetTheirNicknamesReservedAndAChangedNicknameIsReservedAgain() throws RoomGatewayException {
        RoomSpec first = new RoomSpec("general", "General", "Talk", true, false, true, false,
                Map.of("alice@example.com", Affiliation.MEMBER, "owner@example.com", Affiliation.OWNER),
                Map.of("alice@example.com", "alice.test"));
        gateway.apply(first);
        assertThat(muc.room("general").nicknames).containsOnly(Map.entry("alice@example.com", "alice.test"));
        assertThat(muc.room("general").config).containsEntry("x-muc#roomconfig_reservednick", "1")
                .containsEntry("x-muc#roomconfig_canchangenick", "0");
        assertThat(gateway.read("general").orElseThrow().nicknames()).containsOnly(Map.entry("alice@example.com", "alice.test"));
        assertThat(gateway.apply(first)).isEmpty();
        XmppRoomGateway restarted = new XmppRoomGateway(exchange, new JID(SELF), FakeMucService.DOMAIN);
        assertThat(restarted.apply(first)).as("after a restart the reserved nicknames are taken as they were").isEmpty();

        List<String> changes = gateway.apply(new RoomSpec("general", "General", "Talk", true, false, true, false,
                first.affiliations(), Map.of("alice@example.com", "alice2.test")));

        assertThat(changes).containsExactly("alice@example.com: member → none",
                "alice@example.com: none → member (nick alice2.test)");
        assertThat(muc.room("general").nicknames).containsOnly(Map.entry("alice@example.com", "alice2.test"));
    }

    @Test
    void aRefusedBatchFailsTheApplyAndRecordsNoneOfItsChanges() {
        muc.refuse("muc#admin set", PacketError.Condition.not_allowed);

        assertThatThrownBy(() -> gateway.apply(spec("general", Map.of("alice@example.com", Affiliation.MEMBER,
                "bob@example.com", Affiliation.OUTCAST))))
                .isInstanceOf(RoomGatewayException.class)
                .hasMessageContaining("muc#admin set of 2 affiliations (alice@example.com to member, …) refused: not-allowed");
    }

    @Test
    void aSecondApplyChangesNothingAndSendsNoChange() throws RoomGatewayException {
        RoomSpec spec = spec("general", Map.of("alice@example.com", Affiliation.ADMIN));
        gateway.apply(spec);
        long setsBefore = muc.count("muc#owner set") + muc.count("muc#admin set");

        List<String> changes = gateway.apply(spec);

        assertThat(changes).isEmpty();
        assertThat(muc.count("muc#owner set") + muc.count("muc#admin set")).isEqualTo(setsBefore);
    }

    @Test
    void onlyDifferingFieldsAreSubmittedAndUnlistedJidsLoseTheirAffiliation() throws RoomGatewayException {
        gateway.apply(spec("general", Map.of("alice@example.com", Affiliation.OWNER)));
        FakeMucService.Room room = muc.room("general");
        room.config.put("muc#roomconfig_roomname", "Renamed");
        room.affiliations.put("eve@example.com", "admin");
        room.affiliations.put("alice@example.com", "member");

        List<String> changes = gateway.apply(spec("general", Map.of("alice@example.com", Affiliation.OWNER)));

        assertThat(changes).containsExactly("alice@example.com: member → owner", "eve@example.com: admin → none",
                "set name: 'Renamed' → 'General'");
        assertThat(muc.received).filteredOn(packet -> FakeMucService.kind(packet).equals("muc#owner set")).last()
                .satisfies(submit -> assertThat(Stanzas.fieldValues(Stanzas.dataForm(((IQ) submit).getChildElement())))
                        .containsOnlyKeys("FORM_TYPE", "muc#roomconfig_roomname"));
        assertThat(room.affiliations).containsOnly(Map.entry(SELF, "owner"), Map.entry("alice@example.com", "owner"));
    }

    @Test
    void anAdoptedRoomGetsTheComponentAsOwnerSoHiddenRoomsStayDiscoverable() throws RoomGatewayException {
        muc.addRoom("old", "carol@example.com");

        List<String> changes = gateway.apply(spec("old", Map.of("carol@example.com", Affiliation.OWNER)));

        assertThat(changes).startsWith(SELF + ": none → owner").doesNotContain("created");
        assertThat(gateway.read("old")).get().extracting(RoomState::affiliations)
                .isEqualTo(Map.of("carol@example.com", Affiliation.OWNER));
    }

    @Test
    void readReportsTheRoomWithoutTheComponentsOwnAffiliation() throws RoomGatewayException {
        gateway.apply(spec("general", Map.of("alice@example.com", Affiliation.OUTCAST)));
        muc.room("general").subject = "Welcome";

        Optional<RoomState> state = gateway.read("general");

        assertThat(state).contains(new RoomState("general", "General", "Talk", true, false, true, false,
                Optional.of("Welcome"), Map.of("alice@example.com", Affiliation.OUTCAST)));
        assertThat(muc.occupants()).isEmpty();
    }

    @Test
    void readingOrDestroyingAMissingRoomNeitherCreatesNorFails() throws RoomGatewayException {
        assertThat(gateway.read("nowhere")).isEmpty();
        gateway.destroy("nowhere", "gone");

        assertThat(muc.rooms).isEmpty();
        assertThat(muc.count("join")).isZero();
    }

    @Test
    void destroyRemovesTheRoom() throws RoomGatewayException {
        gateway.apply(spec("general", Map.of()));

        gateway.destroy("general", "channel deleted");

        assertThat(muc.rooms).isEmpty();
        assertThat(gateway.rooms()).isEmpty();
    }

    @Test
    void roomsAreTheLocalpartsTheServiceLists() throws RoomGatewayException {
        gateway.apply(spec("general", Map.of()));
        gateway.apply(spec("random", Map.of()));

        assertThat(gateway.rooms()).containsExactly("general", "random");
    }

    @Test
    void aRefusalNamesTheRoomTheStanzaAndTheCondition() {
        muc.refuse("muc#owner set", PacketError.Condition.forbidden);

        assertThatThrownBy(() -> gateway.apply(spec("general", Map.of())))
                .isInstanceOf(RoomGatewayException.class)
                .hasMessage("Room general@conference.example.com: muc#owner configuration form submit refused: forbidden");
        assertThat(muc.occupants()).as("the component left after the failure").isEmpty();
    }

    @Test
    void aRefusedJoinIsReportedAsSuch() {
        muc.refuse("join", PacketError.Condition.registration_required);

        assertThatThrownBy(() -> gateway.apply(spec("general", Map.of())))
                .hasMessage("Room general@conference.example.com: join (presence) refused: registration-required");
    }

    @Test
    void noAnswerIsATimeoutNamingTheRequest() {
        muc.fallSilent();

        assertThatThrownBy(() -> gateway.rooms())
                .isInstanceOf(RoomGatewayException.class)
                .hasMessage("Service conference.example.com: no answer to disco#items within 200 ms");
    }

    @Test
    void invalidRoomNamesAndJidsAreRefusedBeforeAnythingIsSent() {
        assertThatThrownBy(() -> gateway.apply(spec("a@b", Map.of()))).hasMessageContaining("Not a room name");
        assertThatThrownBy(() -> gateway.apply(spec("general", Map.of("not a jid@@", Affiliation.MEMBER))))
                .hasMessageContaining("not a JID in the affiliations");
        assertThatThrownBy(() -> gateway.apply(spec("general", Map.of("Alice@example.com", Affiliation.MEMBER,
                "alice@example.com", Affiliation.ADMIN)))).hasMessageContaining("two affiliations");

        assertThat(muc.received).isEmpty();
    }

    @Test
    void roomJidsAreInTheService() {
        assertThat(gateway.roomJid("General")).isEqualTo("general@conference.example.com");
    }
}
