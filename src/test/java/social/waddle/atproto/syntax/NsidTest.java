package social.waddle.atproto.syntax;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import social.waddle.atproto.AtprotoException;

class NsidTest {

    @ParameterizedTest
    @ValueSource(strings = {"com.example.fooBar", "net.users.bob.ping", "a-0.b-1.c", "a.b.c", "cn.8.lex.stuff",
            "com.atproto.server.createSession", "com.atproto.feed.postV2", "COM.Example.thing"})
    void acceptsValidNsids(String input) {
        assertThat(Nsid.isValid(input)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"com.exa💩ple.thing", "com.example", "com", "com.example.", ".com.example.x", "com..example.x",
            "com.example.3x", "com.example.foo-bar", "com.example.foo_bar", "8.cn.lex", "com.-ex.x", "com.example.*", ""})
    void refusesInvalidNsids(String input) {
        assertThat(Nsid.isValid(input)).isFalse();
    }

    @Test
    void splitsAuthorityAndName() throws AtprotoException {
        Nsid nsid = Nsid.parse("Com.Atproto.server.createSession");

        assertThat(nsid.authority()).isEqualTo("server.atproto.com");
        assertThat(nsid.name()).isEqualTo("createSession");
        assertThat(nsid).hasToString("Com.Atproto.server.createSession");
    }

    @Test
    void enforcesLengthLimits() {
        String authority = "a".repeat(63) + "." + "b".repeat(63) + "." + "c".repeat(63) + "." + "d".repeat(61);

        assertThat(Nsid.isValid(authority + "." + "x".repeat(63))).isTrue();
        assertThat(Nsid.isValid(authority + "." + "x".repeat(64))).isFalse();
        assertThat(Nsid.isValid(authority + "d." + "x")).isFalse();
    }

    @Test
    void namesTheProblem() {
        assertThatThrownBy(() -> Nsid.parse("com.example")).hasMessageContaining("at least three segments");
        assertThatThrownBy(() -> Nsid.parse("com.example.3d")).hasMessageContaining("starts with a digit");
    }
}
