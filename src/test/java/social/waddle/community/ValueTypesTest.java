package social.waddle.community;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ValueTypesTest {

    @ParameterizedTest
    @ValueSource(strings = {"ab", "penguin-club", "a1", "0-9", "a--b", "abcdefghijklmnopqrstuvwxyz012345"})
    void acceptsLowerCaseUrlSafeSlugsOfTwoToThirtyTwoCharacters(String value) throws WaddleException {
        assertThat(WaddleSlug.parse(value).value()).isEqualTo(value);
        assertThat(ChannelSlug.parse(value).value()).isEqualTo(value);
        assertThat(WaddleSlug.isValid(value)).isTrue();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "a|2 to 32 characters",
            "abcdefghijklmnopqrstuvwxyz0123456|2 to 32 characters",
            "Penguins|lower-case letters",
            "pen guins|lower-case letters",
            "pen_guins|lower-case letters",
            "pen~guins|lower-case letters",
            "pingüino|lower-case letters",
            "-penguins|hyphen",
            "penguins-|hyphen"})
    void refusesOtherSlugsSayingWhy(String value, String why) {
        WaddleException refused = catchThrowableOfType(WaddleException.class, () -> WaddleSlug.parse(value));

        assertThat(refused.reason()).isEqualTo(WaddleException.Reason.INVALID);
        assertThat(refused).hasMessageStartingWith("Waddle slug").hasMessageContaining(why);
        assertThat(ChannelSlug.isValid(value)).isFalse();
        assertThatThrownBy(() -> new ChannelSlug(value)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Channel slug");
    }

    @Test
    void aMissingSlugIsRefused() {
        assertThat(WaddleSlug.isValid(null)).isFalse();
        assertThatThrownBy(() -> WaddleSlug.parse(null)).hasMessage("Waddle slug is missing");
    }

    @Test
    void rolesAreRankedOwnerAdminModeratorMember() {
        assertThat(Role.OWNER.outranks(Role.ADMIN)).isTrue();
        assertThat(Role.ADMIN.outranks(Role.MODERATOR)).isTrue();
        assertThat(Role.MODERATOR.outranks(Role.MEMBER)).isTrue();
        assertThat(Role.ADMIN.outranks(Role.ADMIN)).isFalse();
        assertThat(Role.MEMBER.atLeast(Role.MODERATOR)).isFalse();
        assertThat(Role.MODERATOR.atLeast(Role.MODERATOR)).isTrue();
    }
}
