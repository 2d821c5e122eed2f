package social.waddle.openfire.community;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import social.waddle.community.Visibility;

class FormValuesTest {

    private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");

    private static FormValues form(String variable, String... values) {
        return new FormValues(Map.of(variable, List.of(values)));
    }

    @ParameterizedTest
    @CsvSource({"90s, PT90S", "30m, PT30M", "12h, PT12H", "7d, P7D", "2w, P14D", "PT20S, PT20S", "p1d, P1D", "' 5 M ', PT5M"})
    void expiriesAreTimeSpansFromNow(String input, Duration span) throws Exception {
        assertThat(form("expires", input).expiry("expires", "Expires", NOW)).contains(NOW.plus(span));
    }

    @Test
    void expiriesMayBeInstantsAndAreNeverWhenBlank() throws Exception {
        assertThat(form("expires", "2030-01-01T00:00:00Z").expiry("expires", "Expires", NOW))
                .contains(Instant.parse("2030-01-01T00:00:00Z"));
        assertThat(form("expires", "  ").expiry("expires", "Expires", NOW)).isEmpty();
        assertThat(new FormValues(Map.of()).expiry("expires", "Expires", NOW)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"soon", "0s", "-5m", "PT-1S", "99999d", "5 years"})
    void unreadableOrOutOfRangeExpiriesNameTheField(String input) {
        assertThatThrownBy(() -> form("expires", input).expiry("expires", "Ban ends after", NOW))
                .isInstanceOf(CommandInputException.class)
                .hasMessageStartingWith("'Ban ends after': '" + input.trim() + "' is ");
    }

    @Test
    void numbersAreWholeAndInRange() throws Exception {
        assertThat(form("n", "3").number("n", "Uses", 1, 5)).isEqualTo(OptionalInt.of(3));
        assertThat(form("n", "").number("n", "Uses", 1, 5)).isEmpty();
        assertThatThrownBy(() -> form("n", "6").number("n", "Uses", 1, 5))
                .hasMessage("'Uses' must be a whole number from 1 to 5, not '6'.");
        assertThatThrownBy(() -> form("n", "two").number("n", "Uses", 1, 5))
                .hasMessage("'Uses' must be a whole number from 1 to 5, not 'two'.");
    }

    @Test
    void textMultiValuesAreLinesAndBooleansFollowXep0004() {
        FormValues values = new FormValues(Map.of("lines", List.of("one", "", " two ", "three\nfour"),
                "yes", List.of("true"), "one", List.of("1"), "no", List.of("0")));

        assertThat(values.lines("lines")).containsExactly("one", "two", "three", "four");
        assertThat(values.multiline("lines")).isEqualTo("one\ntwo\nthree\nfour");
        assertThat(values.bool("yes")).isTrue();
        assertThat(values.bool("one")).isTrue();
        assertThat(values.bool("no")).isFalse();
        assertThat(values.bool("missing")).isFalse();
    }

    @Test
    void choicesAreOptionValuesOfTheConstantsOffered() throws Exception {
        assertThat(form("v", "invite-only").choice("v", "Visibility", Visibility.class)).contains(Visibility.INVITE_ONLY);
        assertThat(form("v", "PUBLIC").choice("v", "Visibility", Visibility.class)).contains(Visibility.PUBLIC);
        assertThatThrownBy(() -> form("v", "private").requiredChoice("v", "Visibility", List.of(Visibility.PUBLIC)))
                .hasMessage("'Visibility' must be one of public, not 'private'.");
        assertThatThrownBy(() -> new FormValues(Map.of()).requiredChoice("v", "Visibility", List.of(Visibility.PUBLIC)))
                .hasMessage("Choose 'Visibility'.");
    }
}
