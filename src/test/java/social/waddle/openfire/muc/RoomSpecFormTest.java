package social.waddle.openfire.muc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.dom4j.DocumentHelper;
import org.dom4j.Element;
import org.junit.jupiter.api.Test;

import social.waddle.community.rooms.Affiliation;
import social.waddle.community.rooms.RoomSpec;

class RoomSpecFormTest {

    @Test
    void submittedValuesBecomeASpec() {
        RoomSpec spec = RoomSpecForm.parse(Map.of(
                "localpart", List.of("general"),
                "name", List.of("General"),
                "description", List.of("Talk"),
                "membersonly", List.of("1"),
                "moderated", List.of("true"),
                "persistent", List.of("0"),
                "public", List.of("false"),
                "owners", List.of("alice@example.com"),
                "members", List.of("bob@example.com", " ", "carol@example.com")));

        assertThat(spec).isEqualTo(new RoomSpec("general", "General", "Talk", true, true, false, false, Map.of(
                "alice@example.com", Affiliation.OWNER,
                "bob@example.com", Affiliation.MEMBER,
                "carol@example.com", Affiliation.MEMBER)));
    }

    @Test
    void missingValuesTakeTheBlankFormsDefaults() {
        RoomSpec spec = RoomSpecForm.parse(Map.of("localpart", List.of("lobby")));

        assertThat(spec).isEqualTo(new RoomSpec("lobby", "lobby", "", false, false, true, true, Map.of()));
    }

    @Test
    void aMissingLocalpartOrAJidInTwoListsIsRefused() {
        assertThatThrownBy(() -> RoomSpecForm.parse(Map.of("name", List.of("x"))))
                .hasMessageContaining("'localpart' is required");
        assertThatThrownBy(() -> RoomSpecForm.parse(Map.of("localpart", List.of("x"),
                "admins", List.of("eve@example.com"), "outcasts", List.of("eve@example.com"))))
                .hasMessageContaining("eve@example.com is listed as both admin and outcast");
    }

    @Test
    void theBlankFormOffersEveryFieldTheParserReads() {
        Element command = DocumentHelper.createElement("command");

        RoomSpecForm.addBlankForm(command);

        assertThat(Stanzas.fieldValues(Stanzas.dataForm(command))).containsOnlyKeys("FORM_TYPE", "localpart", "name",
                "description", "subject", "membersonly", "moderated", "persistent", "public", "owners", "admins", "members",
                "outcasts");
    }
}
