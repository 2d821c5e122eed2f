package social.waddle.login;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LoginOptionsTest {

    @ParameterizedTest
    @CsvSource({
            "bsky.social, true",
            "alice.bsky.social, true",
            "ALICE.BSKY.SOCIAL, true",
            "evilbsky.social, false",
            "bsky.social.evil.example, false",
            "example.com, true",
            "social, false",
    })
    void matchesADomainAndWhatIsBelowIt(String host, boolean under) {
        assertThat(LoginOptions.under(host, List.of("bsky.social", "example.com"))).isEqualTo(under);
    }

    @Test
    void nothingIsUnderAnEmptyList() {
        assertThat(LoginOptions.under("bsky.social", List.of())).isFalse();
    }

    @Test
    void permissiveAllowsEverythingAtproto() {
        LoginOptions options = LoginOptions.permissive();

        assertThat(options.appPasswords()).isTrue();
        assertThat(options.serviceAuth()).isTrue();
        assertThat(options.autoProvision()).isTrue();
        assertThat(options.didMethods()).containsExactlyInAnyOrder("plc", "web");
        assertThat(options.allowedHandleDomains()).isEmpty();
        assertThat(options.deniedHandleDomains()).isEmpty();
        assertThat(options.allowedPdsHosts()).isEmpty();
        assertThat(options.deniedPdsHosts()).isEmpty();
    }

    @Test
    void keepsItsOwnCopiesOfTheLists() {
        Set<String> methods = new HashSet<>(Set.of("plc"));
        List<String> denied = new ArrayList<>(List.of("evil.example"));
        LoginOptions options = new LoginOptions(true, true, true, methods, List.of(), denied, List.of(), List.of());

        methods.add("web");
        denied.clear();

        assertThat(options.didMethods()).containsExactly("plc");
        assertThat(options.deniedHandleDomains()).containsExactly("evil.example");
        assertThatThrownBy(() -> options.deniedHandleDomains().add("x")).isInstanceOf(UnsupportedOperationException.class);
    }
}
