package social.waddle.atproto.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import social.waddle.atproto.AtprotoException;
import social.waddle.atproto.AtprotoException.Failure;
import social.waddle.atproto.syntax.Did;

class JidLocalpartTest {

    @ParameterizedTest
    @CsvSource({
            "did:plc:z72i7hdynmk6r22z27h6tvur, z72i7hdynmk6r22z27h6tvur",
            "did:web:blueskyweb.xyz, web.blueskyweb.xyz",
            "did:web:my-site.com, web.my-site.com",
            "did:web:my.site.com, web.my.site.com",
            "did:web:localhost, web.localhost",
            "did:web:localhost%3A2583, web.localhost_2583"})
    void mapsBothWays(String didText, String localpart) throws AtprotoException {
        Did did = Did.parse(didText);

        assertThat(JidLocalpart.toLocalpart(did)).isEqualTo(localpart);
        assertThat(JidLocalpart.toDid(localpart)).contains(did);
        assertThat(JidLocalpart.isAtprotoLocalpart(localpart)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"admin", "alice", "web", "web.", "web.com", "web.localhost_", "web.localhost_0", "web.localhost_080",
            "web.localhost_65536", "web.example.com_80", "web.localhost%3A80", "web.Example.com", "web.exa_mple.com",
            "Z72I7HDYNMK6R22Z27H6TVUR", "z72i7hdynmk6r22z27h6tvu", "z72i7hdynmk6r22z27h6tvur1", "z72i7hdynmk6r22z27h6tvu0",
            "plc.z72i7hdynmk6r22z27h6tvur", "web.1.2.3.4", ""})
    void refusesLocalpartsOfNoAtprotoAccount(String localpart) {
        assertThat(JidLocalpart.toDid(localpart)).isEmpty();
        assertThat(JidLocalpart.isAtprotoLocalpart(localpart)).isFalse();
        assertThatThrownBy(() -> JidLocalpart.requireDid(localpart)).isInstanceOf(AtprotoException.class)
                .extracting(e -> ((AtprotoException) e).failure()).isEqualTo(Failure.INVALID_SYNTAX);
    }

    @Test
    void hostsThatDifferOnlyInDotsAndHyphensStayApart() throws AtprotoException {
        List<String> localparts = List.of(JidLocalpart.toLocalpart(Did.parse("did:web:my-site.com")),
                JidLocalpart.toLocalpart(Did.parse("did:web:my.site.com")), JidLocalpart.toLocalpart(Did.parse("did:web:mysite.com")));

        assertThat(localparts).doesNotHaveDuplicates();
    }

    @Test
    void refusesNull() {
        assertThat(JidLocalpart.toDid(null)).isEmpty();
    }

    @Test
    void otherDidMethodsHaveNoLocalpart() throws AtprotoException {
        Did key = Did.parse("did:key:zQ3shZc2QzApp2oymGvQbzP8eKheVshBHbU4ZYjeXqwSKEn6N");

        assertThatThrownBy(() -> JidLocalpart.toLocalpart(key)).isInstanceOf(AtprotoException.class)
                .extracting(e -> ((AtprotoException) e).failure()).isEqualTo(Failure.UNSUPPORTED);
    }
}
