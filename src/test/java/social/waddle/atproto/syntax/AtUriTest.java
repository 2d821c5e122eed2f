package social.waddle.atproto.syntax;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import social.waddle.atproto.AtprotoException;

class AtUriTest {

    @ParameterizedTest
    @ValueSource(strings = {"at://user.bsky.social", "at://did:plc:44ybard66vv44zksje25o7dz/app.bsky.feed.post/3jwdwj2ctlk26",
            "at://bnewbold.bsky.team/app.bsky.feed.post/3jwdwj2ctlk26", "at://foo.com/com.example.foo/123",
            "at://did:web:example.com", "at://did:web:example.com/io.nsid.someFunc/record-key",
            "at://did:web:example.com/io.nsid.someFunc/self.", "at://did:web:example.com/io.nsid.someFunc/lang:",
            "at://did:web:example.com/io.nsid.someFunc/:", "at://did:web:example.com/io.nsid.someFunc/-",
            "at://did:web:example.com/io.nsid.someFunc/_", "at://did:web:example.com/io.nsid.someFunc/~",
            "at://did:web:example.com/io.nsid.someFunc/...", "at://alice.test", "at://did:plc:asdf123"})
    void acceptsValidAtUris(String input) {
        assertThat(AtUri.isValid(input)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"at://foo.com/", "at://user:pass@foo.com", "at://@handle.example.com", "at://computer",
            "at://example.com:3000", "at://foo.com/example/123", "at://foo.com/com.example.foo/123/extra",
            "at://foo.com/com.example.foo/", "at://foo.com//com.example.foo", "at://foo.com?x=1", "at://foo.com#frag",
            "https://foo.com", "at://", "at://foo.com/com.example.foo/..", "at://foo.com/com.example.foo/a b"})
    void refusesInvalidAtUris(String input) {
        assertThat(AtUri.isValid(input)).isFalse();
    }

    @Test
    void exposesItsParts() throws AtprotoException {
        AtUri uri = AtUri.parse("at://Alice.Test/app.bsky.actor.profile/self");

        assertThat(uri.handle()).hasValueSatisfying(handle -> assertThat(handle).hasToString("alice.test"));
        assertThat(uri.did()).isEmpty();
        assertThat(uri.collection()).hasValueSatisfying(nsid -> assertThat(nsid.name()).isEqualTo("profile"));
        assertThat(uri.recordKey().map(RecordKey::toString)).contains("self");
        assertThat(uri.isAuthorityOnly()).isFalse();
        assertThat(uri).hasToString("at://alice.test/app.bsky.actor.profile/self");
    }

    @Test
    void namesTheProblem() {
        assertThatThrownBy(() -> AtUri.parse("at://foo.com/")).hasMessageContaining("trailing slash");
        assertThatThrownBy(() -> AtUri.parse("at://user:pass@foo.com")).hasMessageContaining("userinfo");
        assertThatThrownBy(() -> AtUri.parse("at://computer")).hasMessageContaining("at least two labels");
    }

    @Test
    void recordKeyMayBe512CharactersLong() {
        String prefix = "at://did:web:example.com/com.atproto.feed.post/";

        assertThat(AtUri.isValid(prefix + "o".repeat(512))).isTrue();
        assertThat(AtUri.isValid(prefix + "o".repeat(513))).isFalse();
    }
}
