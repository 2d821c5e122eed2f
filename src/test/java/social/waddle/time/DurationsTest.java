package social.waddle.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class DurationsTest {

    @Test
    void readsEveryUnitAndIso8601() {
        assertThat(Durations.parse("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(Durations.parse("30")).isEqualTo(Duration.ofSeconds(30));
        assertThat(Durations.parse("30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(Durations.parse("10min")).isEqualTo(Duration.ofMinutes(10));
        assertThat(Durations.parse("10 M")).isEqualTo(Duration.ofMinutes(10));
        assertThat(Durations.parse("2h")).isEqualTo(Duration.ofHours(2));
        assertThat(Durations.parse("7d")).isEqualTo(Duration.ofDays(7));
        assertThat(Durations.parse("2w")).isEqualTo(Duration.ofDays(14));
        assertThat(Durations.parse("pt10m")).isEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void formatsTheShortestSpellingThatReadsBack() {
        for (Duration duration : new Duration[] {Duration.ofMillis(1500), Duration.ofSeconds(30), Duration.ofMinutes(90),
                Duration.ofHours(2), Duration.ofDays(14), Duration.ZERO}) {
            assertThat(Durations.parse(Durations.format(duration))).isEqualTo(duration);
        }
        assertThat(Durations.format(Duration.ofMinutes(120))).isEqualTo("2h");
    }

    @Test
    void namesWhatIsWrong() {
        assertThatThrownBy(() -> Durations.parse("")).hasMessageContaining("required");
        assertThatThrownBy(() -> Durations.parse("soon")).hasMessageContaining("Expected a duration");
        assertThatThrownBy(() -> Durations.parse("3y")).hasMessageContaining("Unknown unit 'y'");
        assertThatThrownBy(() -> Durations.parse("99999999999999999999s")).hasMessageContaining("too large");
        assertThatThrownBy(() -> Durations.parse("9999999999999999w")).hasMessageContaining("too large");
        assertThatThrownBy(() -> Durations.parse("PTxyz")).hasMessageContaining("Expected a duration");
    }
}
