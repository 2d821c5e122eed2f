package social.waddle.atproto.oauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import social.waddle.atproto.oauth.OAuthException.Reason;

class CallbackParametersTest {

    @Test
    void readsTheRedirectQuery() throws Exception {
        CallbackParameters parameters = CallbackParameters.fromQuery(Map.of("state", List.of("s"),
                "iss", List.of("https://pds.example.com"), "code", List.of("c"), "error", List.of("")));

        assertThat(parameters.state()).contains("s");
        assertThat(parameters.iss()).contains("https://pds.example.com");
        assertThat(parameters.code()).contains("c");
        assertThat(parameters.error()).isEmpty();
        assertThat(parameters.toString()).doesNotContain("\"c\"").doesNotContain("=s");
    }

    @Test
    void refusesARepeatedParameter() {
        assertThatThrownBy(() -> CallbackParameters.fromQuery(Map.of("iss",
                List.of("https://pds.example.com", "https://evil.example"))))
                .isInstanceOfSatisfying(OAuthException.class, e -> assertThat(e.reason()).isEqualTo(Reason.BAD_RESPONSE));
    }
}
