package social.waddle.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ExpiryTest {

    private static final Instant NOW = Instant.parse("2026-12-04T06:00:00.750Z");
    private static final Instant NOW_SECONDS = Instant.parse("2026-12-04T06:00:00Z");

    @Test
    void aSpanCountsFromNowInWholeSeconds() {
        assertThat(Expiry.parse("30s", NOW)).contains(NOW_SECONDS.plusSeconds(30));
        assertThat(Expiry.parse("30m", NOW)).contains(NOW_SECONDS.plus(Duration.ofMinutes(30)));
        assertThat(Expiry.parse("12H", NOW)).contains(NOW_SECONDS.plus(Duration.ofHours(12)));
        assertThat(Expiry.parse(" 7 d", NOW)).contains(NOW_SECONDS.plus(Duration.ofDays(7)));
        assertThat(Expiry.parse("2w", NOW)).contains(NOW_SECONDS.plus(Duration.ofDays(14)));
        assertThat(Expiry.parse("PT90M", NOW)).contains(NOW_SECONDS.plus(Duration.ofMinutes(90)));
        assertThat(Expiry.parse("3650d", NOW)).contains(NOW_SECONDS.plus(Expiry.LONGEST));
    }

    @Test
    void blankMeansNever() {
        assertThat(Expiry.parse("", NOW)).isEmpty();
        assertThat(Expiry.parse("  ", NOW)).isEmpty();
        assertThat(Expiry.parse(null, NOW)).isEmpty();
    }

    @Test
    void anInstantIsTakenAsIs() {
        assertThat(Expiry.parse("2030-01-01T00:00:00Z", NOW)).contains(Instant.parse("2030-01-01T00:00:00Z"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0s", "0d", "500ms", "3651d", "36500d", "522w", "PT0S"})
    void spansOutsideTheBoundsAreRefused(String text) {
        assertThatThrownBy(() -> Expiry.parse(text, NOW)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("from 1s to 3650 days");
    }

    @ParameterizedTest
    @ValueSource(strings = {"soon", "-1d", "7 days", "1y", "2030-01-01"})
    void whatIsNeitherASpanNorAnInstantIsRefused(String text) {
        assertThatThrownBy(() -> Expiry.parse(text, NOW)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("neither a time span");
    }
}
