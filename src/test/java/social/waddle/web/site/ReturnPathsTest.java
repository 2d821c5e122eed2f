package social.waddle.web.site;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** No {@code return}-style parameter becomes an open redirect: only paths under the base path come back. */
class ReturnPathsTest {

    @ParameterizedTest
    @CsvSource({
            "/waddle, /",
            "/waddle/, /",
            "/waddle/devices, /devices",
            "/waddle/invite/AbC-123_x, /invite/AbC-123_x",
            "/waddle/manage/42?tab=bans, /manage/42?tab=bans"})
    void pathsUnderTheBasePathComeBackRelativeToIt(String candidate, String relative) {
        assertThat(ReturnPaths.relative(candidate, "/waddle")).contains(relative);
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://evil.example/", "//evil.example", "///evil.example", "/\\evil.example",
            "\\\\evil.example", "/waddle//evil.example", "/waddle/\\evil.example", "javascript:alert(1)",
            "/waddlex", "/other", "/waddle/../admin", "/waddle/./x", "/waddle/%2e%2e/admin", "/waddle/%2F%2Fevil",
            "/waddle/a%5cb", "/waddle/\tx", "/waddle/ x", "/waddle/\u00e9", "/waddle/x#frag", "", " ",
            "http:/waddle", "/waddle/%00"})
    void everythingElseIsRefused(String candidate) {
        assertThat(ReturnPaths.relative(candidate, "/waddle")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/waddle/x"})
    void overlongPathsAreRefused(String start) {
        assertThat(ReturnPaths.relative(start + "a".repeat(600), "/waddle")).isEmpty();
    }
}
