package social.waddle.atproto.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import social.waddle.atproto.AtprotoException;

class GraphRefTest {

    @Test
    void readsAnAtUri() throws Exception {
        GraphRef ref = GraphRef.parse(" at://did:plc:abcdefghijklmnopqrstuvwx/app.bsky.graph.list/3kabc ");
        assertThat(ref.repo()).isEqualTo("did:plc:abcdefghijklmnopqrstuvwx");
        assertThat(ref.rkey()).isEqualTo("3kabc");
        assertThat(ref.repoIsDid()).isTrue();
    }

    @Test
    void readsABskyAppAddressWithAHandleOrADid() throws Exception {
        GraphRef byHandle = GraphRef.parse("https://bsky.app/profile/Alice.Test/lists/3kabc");
        assertThat(byHandle.repo()).isEqualTo("alice.test");
        assertThat(byHandle.repoIsDid()).isFalse();
        assertThat(byHandle.atUri()).isEqualTo("at://alice.test/app.bsky.graph.list/3kabc");
        GraphRef byDid = GraphRef.parse("https://bsky.app/profile/did:plc:abcdefghijklmnopqrstuvwx/lists/3kabc/");
        assertThat(byDid.repo()).isEqualTo("did:plc:abcdefghijklmnopqrstuvwx");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "alice.test", "at://alice.test", "at://alice.test/app.bsky.graph.block/3k",
            "at://alice.test/app.bsky.graph.list", "https://evil.example/profile/alice.test/lists/3k",
            "http://bsky.app/profile/alice.test/lists/3k", "https://bsky.app:8443/profile/alice.test/lists/3k",
            "https://user@bsky.app/profile/alice.test/lists/3k", "https://bsky.app/profile/alice.test/feed/3k",
            "https://bsky.app/profile/alice.test/lists/", "https://bsky.app/profile/alice.test/lists/a/b",
            "https://bsky.app/profile/not_a_handle/lists/3k", "https://bsky.app/profile/alice.test/lists/bad key",
            "ftp://bsky.app/profile/alice.test/lists/3k"})
    void refusesWhatIsNotAList(String input) {
        assertThatThrownBy(() -> GraphRef.parse(input)).isInstanceOf(AtprotoException.class)
                .hasMessageNotContaining("Exception");
    }

    @Test
    void refusesNullAndHugeInput() {
        assertThatThrownBy(() -> GraphRef.parse(null)).hasMessageContaining("No list given");
        assertThatThrownBy(() -> GraphRef.parse("at://" + "a".repeat(5000))).hasMessageContaining("longer than");
    }
}
