package social.waddle.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

class XmppRequirementsTest {

    @Test
    void findsEachFeatureWhereWaddleNeedsIt() {
        Diagnostics.XmppDiscovery discovery = new Diagnostics.XmppDiscovery("example.test", "conference.example.test", List.of(
                new Diagnostics.Entity("example.test", Set.of("server/im", "pubsub/pep"), Set.of("vcard-temp", XmppRequirements.MAM)),
                new Diagnostics.Entity("conference.example.test", Set.of("conference/text"), Set.of(XmppRequirements.MUC, XmppRequirements.MAM)),
                new Diagnostics.Entity("upload.example.test", Set.of("store/file"), Set.of(XmppRequirements.HTTP_UPLOAD))), List.of());

        assertThat(XmppRequirements.evaluate(discovery)).allMatch(XmppRequirements.Result::present)
                .extracting(XmppRequirements.Result::where)
                .containsExactly("conference.example.test", "example.test", "conference.example.test", "upload.example.test",
                        "example.test", "example.test");
    }

    @Test
    void aMucServiceOtherThanTheConfiguredOneDoesNotCount() {
        Diagnostics.XmppDiscovery discovery = new Diagnostics.XmppDiscovery("example.test", "conference.example.test", List.of(
                new Diagnostics.Entity("rooms.example.test", Set.of("conference/text"), Set.of(XmppRequirements.MUC))), List.of());

        assertThat(XmppRequirements.evaluate(discovery)).noneMatch(XmppRequirements.Result::present);
    }
}
