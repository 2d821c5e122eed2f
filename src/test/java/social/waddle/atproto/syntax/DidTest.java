package social.waddle.atproto.syntax;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.OptionalInt;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import social.waddle.atproto.AtprotoException;
import social.waddle.atproto.AtprotoException.Failure;

class DidTest {

    @ParameterizedTest
    @ValueSource(strings = {"did:plc:z72i7hdynmk6r22z27h6tvur", "did:web:blueskyweb.xyz", "did:web:localhost",
            "did:web:localhost%3A2583", "did:web:alice.test", "did:method:val:two", "did:m:v", "did:method::::val",
            "did:method:-:_:.", "did:key:zQ3shZc2QzApp2oymGvQbzP8eKheVshBHbU4ZYjeXqwSKEn6N"})
    void acceptsValidDids(String input) {
        assertThat(Did.isValid(input)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"did:METHOD:val", "did:m123:val", "DID:method:val", "did:method:", "did:method:val/two",
            "did:method:val?two", "did:method:val#two", "did:method:val%", "did:method:val%4", "did:method:val%zz",
            "did:", "did::val", "did:method", "", "did:plc:abc def"})
    void refusesInvalidGenericSyntax(String input) {
        assertThat(Did.isValid(input)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"did:plc:7iza6de2dwap2sbkpav7c6c", "did:plc:7iza6de2dwap2sbkpav7c6c6r",
            "did:plc:7iza6de2dwap2sbkpav7c6-6", "did:plc:7iza6de2dwap2sbkpav7_6c6", "did:plc:0iza6de2dwap2sbkpav7c6c6",
            "did:plc:1iza6de2dwap2sbkpav7c6c6", "did:plc:8iza6de2dwap2sbkpav7c6c6", "did:plc:9iza6de2dwap2sbkpav7c6c6",
            "did:plc:7iza6de2dwap2sbkpav7c6c6:foo", "did:plc:7iza6de2dwap2sbkpav7c:6c6",
            "did:plc:%37iza6de2dwap2sbkpav7c6c6", "did:plc:7iza6de2dwap2sbkpav7c6c%36", "did:plc:7IZA6DE2DWAP2SBKPAV7C6C6",
            "did:web:example.com:foo", "did:web:example.com:foo:bar", "did:web:example.com:::baz", "did:web:ex%61mple.com",
            "did:web:example.com%3A80", "did:web:example.com%3A443", "did:web:localhost%3A0", "did:web:localhost%3A080",
            "did:web:localhost%3A65536", "did:web:localhost%3a80", "did:web:localhost%3A", "did:web:Example.com",
            "did:web:com", "did:web:exa_mple.com", "did:web:1.2.3.4", "did:plc:asdf123"})
    void parsesButRefusesToResolveDidsThatBreakTheirMethodsRules(String input) throws AtprotoException {
        Did did = Did.parse(input);

        assertThatThrownBy(did::checkResolvable).isInstanceOf(AtprotoException.class)
                .extracting(e -> ((AtprotoException) e).failure()).isEqualTo(Failure.INVALID_SYNTAX);
    }

    @Test
    void exposesMethodAndIdentifier() throws AtprotoException {
        Did plc = Did.parse("did:plc:z72i7hdynmk6r22z27h6tvur");
        Did web = Did.parse("did:web:localhost%3A2583");

        assertThat(plc.method()).isEqualTo("plc");
        assertThat(plc.identifier()).isEqualTo("z72i7hdynmk6r22z27h6tvur");
        assertThat(plc.isPlc()).isTrue();
        assertThat(plc.isWeb()).isFalse();
        assertThat(web.isWeb()).isTrue();
        assertThat(web.webHost()).isEqualTo("localhost");
        assertThat(web.webPort()).isEqualTo(OptionalInt.of(2583));
        assertThat(Did.parse("did:web:example.com").webPort()).isEmpty();
    }

    @Test
    void refusesUnsupportedMethodsOnlyWhenAsked() throws AtprotoException {
        Did key = Did.parse("did:key:zQ3shZc2QzApp2oymGvQbzP8eKheVshBHbU4ZYjeXqwSKEn6N");

        assertThatThrownBy(key::checkResolvable).isInstanceOf(AtprotoException.class)
                .extracting(e -> ((AtprotoException) e).failure()).isEqualTo(Failure.UNSUPPORTED);
        Did.parse("did:web:example.com").checkResolvable();
        Did.parse("did:plc:z72i7hdynmk6r22z27h6tvur").checkResolvable();
    }

    @Test
    void namesTheProblem() {
        assertThatThrownBy(() -> Did.parse("did:plc:abc").checkResolvable()).hasMessageContaining("exactly 24 characters");
        assertThatThrownBy(() -> Did.parse("did:web:example.com:u:alice").checkResolvable()).hasMessageContaining("has a path");
        assertThatThrownBy(() -> Did.parse("did:web:example.com%3A80").checkResolvable())
                .hasMessageContaining("only for a port on localhost");
        assertThatThrownBy(() -> Did.parse("did:method:val#two")).hasMessageContaining("'#'");
    }

    @Test
    void enforcesTheLengthLimit() {
        assertThat(Did.isValid("did:example:" + "a".repeat(2048 - 12))).isTrue();
        assertThat(Did.isValid("did:example:" + "a".repeat(2048 - 11))).isFalse();
    }
}
