package social.waddle.atproto.syntax;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import social.waddle.atproto.AtprotoException;
import social.waddle.atproto.AtprotoException.Failure;

class HandleTest {

    @ParameterizedTest
    @ValueSource(strings = {"jay.bsky.social", "8.cn", "name.t--t", "XX.LCS.MIT.EDU", "a.co", "xn--notarealidn.com",
            "xn--fiqa61au8b7zsevnm8ak20mc4a87e.xn--fiqs8s", "xn--ls8h.test", "example.t", "alice.test",
            "laptop.local", "blah.arpa"})
    void acceptsSpecExamplesOfValidSyntax(String input) {
        assertThat(Handle.isValid(input)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"jo@hn.test", "💩.test", "john..test", "xn--bcher-.tld", "john.0", "cn.8",
            "www.masełkowski.pl.com", "org", "name.org.", ".name.org", "-a.com", "a-.com", "a.com ", " a.com", "a\u0000.com",
            "1.2.3.4", "a_b.com", ""})
    void refusesSpecExamplesOfInvalidSyntax(String input) {
        assertThat(Handle.isValid(input)).isFalse();
        assertThatThrownBy(() -> Handle.parse(input)).isInstanceOf(AtprotoException.class)
                .extracting(e -> ((AtprotoException) e).failure()).isEqualTo(Failure.INVALID_SYNTAX);
    }

    @Test
    void normalisesToLowerCase() throws AtprotoException {
        Handle handle = Handle.parse("Alice.Bsky.SOCIAL");

        assertThat(handle).hasToString("alice.bsky.social").isEqualTo(Handle.parse("alice.bsky.social"));
    }

    @Test
    void enforcesLengthLimits() {
        String label63 = "a".repeat(63);
        String at253 = label63 + "." + label63 + "." + label63 + "." + "b".repeat(61);

        assertThat(at253).hasSize(253);
        assertThat(Handle.isValid(at253)).isTrue();
        assertThat(Handle.isValid(at253 + "b")).isFalse();
        assertThat(Handle.isValid("a".repeat(64) + ".com")).isFalse();
    }

    @Test
    void namesTheProblem() {
        assertThatThrownBy(() -> Handle.parse("john..test")).hasMessage("Handle 'john..test' has an empty label");
        assertThatThrownBy(() -> Handle.parse("org")).hasMessageContaining("at least two labels");
        assertThatThrownBy(() -> Handle.parse("cn.8")).hasMessageContaining("top-level domain that starts with a digit");
        assertThatThrownBy(() -> Handle.parse("jo@hn.test")).hasMessageContaining("'@'");
        assertThatThrownBy(() -> Handle.parse("a\nb.test")).hasMessageContaining("U+000A").hasMessageNotContaining("\n");
    }

    @Test
    void neverEchoesMoreThanAHundredCharactersOfInput() {
        String hostile = "x".repeat(10_000) + "@";

        assertThatThrownBy(() -> Handle.parse(hostile)).satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(200));
    }

    @ParameterizedTest
    @ValueSource(strings = {"laptop.local", "blah.arpa", "x.invalid", "x.localhost", "x.internal", "x.example", "x.alt",
            "alice.test", "2gzyxa5ihm7nsggfxnu52rck2vv4rvmdlkiu3zzui5du4xyclen53wid.onion"})
    void disallowedTopLevelDomainsParseButAreNotResolvable(String input) throws AtprotoException {
        Handle handle = Handle.parse(input);

        assertThat(handle.hasDisallowedTld()).isTrue();
        assertThatThrownBy(() -> handle.checkResolvable(Set.of())).isInstanceOf(AtprotoException.class)
                .hasMessageContaining("disallows for handles")
                .extracting(e -> ((AtprotoException) e).failure()).isEqualTo(Failure.DENIED_BY_POLICY);
    }

    @Test
    void aDevelopmentSettingAllowsTheTestTopLevelDomainAndOnlyIt() throws AtprotoException {
        Handle test = Handle.parse("alice.test");
        Handle local = Handle.parse("laptop.local");

        test.checkResolvable(Set.of("test"));
        assertThatThrownBy(() -> local.checkResolvable(Set.of("test"))).isInstanceOf(AtprotoException.class);
        Handle.parse("alice.bsky.social").checkResolvable(Set.of());
    }
}
