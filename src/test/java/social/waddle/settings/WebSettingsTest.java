package social.waddle.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code waddle.web.baseUrl}: empty (derived), or an absolute http(s) URL with a path and nothing after it. */
class WebSettingsTest {

    @ParameterizedTest
    @CsvSource({
            "https://chat.example.com/waddle, https://chat.example.com/waddle",
            "https://chat.example.com/waddle/, https://chat.example.com/waddle",
            "http://127.0.0.1:7070/waddle, http://127.0.0.1:7070/waddle",
            "https://example.com:8443/chat/waddle, https://example.com:8443/chat/waddle"})
    void acceptsAbsoluteHttpUrlsWithAPath(String raw, String stored) throws InvalidSettingException {
        assertThat(WaddleSettings.WEB_BASE_URL.parse(raw)).isEqualTo(stored);
    }

    @ParameterizedTest
    @ValueSource(strings = {"chat.example.com/waddle", "/waddle", "ftp://example.com/waddle",
            "https://example.com/waddle?x=1", "https://example.com/waddle#top", "https://user@example.com/waddle",
            "https://example.com", "javascript:alert(1)", "https:///waddle"})
    void refusesEverythingElseWithAClearMessage(String raw) {
        assertThatThrownBy(() -> WaddleSettings.WEB_BASE_URL.parse(raw)).isInstanceOf(InvalidSettingException.class)
                .hasMessageMatching("(Expected an http\\(s\\) URL|The base URL must end in|Not a URL).*");
    }

    @org.junit.jupiter.api.Test
    void emptyMeansDerivedFromTheServer() throws InvalidSettingException {
        assertThat(WaddleSettings.WEB_BASE_URL.parse("")).isEmpty();
        assertThat(WaddleSettings.WEB_BASE_URL.defaultValue()).isEmpty();
    }
}
