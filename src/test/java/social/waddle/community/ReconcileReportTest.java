package social.waddle.community;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import social.waddle.community.ReconcileReport.Outcome;
import social.waddle.community.ReconcileReport.RoomReport;

class ReconcileReportTest {

    @Test
    void aRoomWithThousandsOfChangesIsListedWithTheFirstOnesAndACount() {
        List<String> changes = new ArrayList<>(List.of("created"));
        for (int i = 0; i < 1000; i++) {
            changes.add("member" + i + "@example.com: none → member");
        }
        RoomReport room = new RoomReport("general~big", new WaddleSlug("big"), new ChannelSlug("general"),
                Outcome.CREATED, changes, Optional.empty(), Duration.ofMillis(80));

        ReconcileReport report = new ReconcileReport(Instant.EPOCH, Duration.ofMillis(90), 1, List.of(room), List.of(),
                List.of());

        String line = report.toLines().get(1);
        assertThat(line).startsWith("created general~big (80 ms): created; member0@example.com: none → member")
                .contains("member23@example.com: none → member")
                .doesNotContain("member24@example.com")
                .endsWith("; … and " + (1001 - ReconcileReport.LISTED_CHANGES) + " more");
        assertThat(report.room("general~big").orElseThrow().changes()).hasSize(1001);
    }
}
