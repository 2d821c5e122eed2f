package social.waddle.atproto.syntax;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The examples of the ATProto specs (atproto.com/specs: handle, did, nsid, record-key, at-uri-scheme) and of the
 * syntax interop tests the specs point to, as data: each parser accepts what the spec calls valid and refuses what
 * it calls invalid. Syntax only: disallowed TLDs and did:plc's 24 characters are checked later, by
 * {@link Handle#checkResolvable} and {@link Did#checkResolvable}.
 */
class SpecExamplesTest {

    @ParameterizedTest
    @ValueSource(strings = {"jay.bsky.social", "8.cn", "name.t--t", "XX.LCS.MIT.EDU", "a.co", "xn--notarealidn.com",
            "xn--fiqa61au8b7zsevnm8ak20mc4a87e.xn--fiqs8s", "xn--ls8h.test", "example.t", "john.test", "jo.hn",
            "j0.h0", "jay.mome-johnber123456.test", "SRI-NIC.ARPA", "laptop.local", "blah.arpa",
            "expyuzz4wqqyqhjn.onion", "short.ooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooo.test"})
    void validHandles(String handle) {
        assertThat(Handle.isValid(handle)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"jo@hn.test", "💩.test", "john..test", "xn--bcher-.tld", "john.0", "cn.2",
            "www.masełkowski.pl.com", "org", "name.org.", "did:thing.test", "john-.test", "-john.test", ".john.test",
            "jo_hn.test", "john.test.", " john.test", "john.test ", "thing.0aa", "127.0.0.1", "fe80::7325:8a97:c100:94b",
            "short.oooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooo.test"})
    void invalidHandles(String handle) {
        assertThat(Handle.isValid(handle)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"did:method:val", "did:method:VAL", "did:method:val123", "did:method:123",
            "did:method:val-two", "did:method:val_two", "did:method:val.two", "did:method:val:two", "did:method:val%BB",
            "did:m:v", "did:method::::val", "did:method:-", "did:method:.", "did:method:_", "did:method::.",
            "did:onion:2gzyxa5ihm7nsggfxnu52rck2vv4rvmdlkiu3zzui5du4xyclen53wid", "did:example:123456789abcdefghi",
            "did:plc:7iza6de2dwap2sbkpav7c6c6", "did:web:example.com", "did:web:localhost%3A1234",
            "did:key:zQ3shZc2QzApp2oymGvQbzP8eKheVshBHbU4ZYjeXqwSKEn6N", "did:ethr:0xb9c5714089478a327f09197987f16f9e5d936e8a",
            "did:plc:asdf123"})
    void validDids(String did) {
        assertThat(Did.isValid(did)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"did", "didmethodval", "method:did:val", "did:method:", "didmethod:val", "did:methodval)",
            ":did:method:val", "did.method.val", "did:method:val:", "did:method:val%", "DID:method:val", "did:METHOD:val",
            "did:m123:val", "did:method:val/two", "did:method:val?two", "did:method:val#two"})
    void invalidDids(String did) {
        assertThat(Did.isValid(did)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"com.example.fooBar", "com.example.fooBarV2", "net.users.bob.ping", "a.b.c",
            "m.xn--masekowski-d0b.pl", "one.two.three", "one.two.three.four-and.FiVe", "one.2.three", "a-0.b-1.c",
            "a0.b1.cc", "cn.8.lex.stuff", "test.12345.record", "a01.thing.record", "a.0.c", "com.example.f00",
            "xn--fiqs8s.xn--fiqa61au8b7zsevnm8ak20mc4a87e.record.two", "onion.expyuzz4wqqyqhjn.spec.getThing",
            "org.4chan.lex.getThing", "com.ooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooo.foo",
            "com.example.ooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooo"})
    void validNsids(String nsid) {
        assertThat(Nsid.isValid(nsid)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"com.example.foo.*", "com.example.foo.blah*", "com.example.foo.*blah", "com.exa💩ple.thing",
            "a-0.b-1.c-3", "a-0.b-1.c-o", "1.0.0.127.record", "0two.example.foo", "example.com", "com.example", "a.",
            ".one.two.three", "one.two.three ", "one.two..three", "one .two.three", " one.two.three",
            "com.atproto.feed.p@st", "com.atproto.feed.p_st", "com.atproto.feed.p*st", "com.atproto.feed.po#t",
            "com.atproto.feed.p!ot", "com.example-.foo", "com.example.fooBar.2",
            "com.oooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooo.foo",
            "com.example.oooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooo"})
    void invalidNsids(String nsid) {
        assertThat(Nsid.isValid(nsid)).isFalse();
    }

    /**
     * The spec text's limits: a domain authority of at most 253 characters, a name of at most 63, 317 in all. (The
     * interop file's 40 x "middle" example has a 283-character authority; the spec text, which we follow, refuses it.)
     */
    @org.junit.jupiter.api.Test
    void nsidLengthsFollowTheSpecText() {
        String authority253 = "com." + "o".repeat(63) + "." + "o".repeat(63) + "." + "o".repeat(63) + "." + "o".repeat(57);
        String name63 = "n".repeat(63);

        assertThat(authority253).hasSize(253);
        assertThat(Nsid.isValid(authority253 + "." + name63)).isTrue();
        assertThat((authority253 + "." + name63)).hasSize(Nsid.MAX_LENGTH).hasSize(317);
        assertThat(Nsid.isValid(authority253 + "o." + name63.substring(1))).isFalse();
        assertThat(Nsid.isValid(authority253 + "." + name63 + "n")).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"self", "example.com", "~1.2-3_", "dHJ1ZQ", "3jzfcijpj2z2a", "a", "_", ":"})
    void validRecordKeys(String key) {
        assertThat(RecordKey.isValid(key)).isTrue();
        assertThat(RecordKey.isValid("o".repeat(512))).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"alpha/beta", ".", "..", "#extra", "@handle", "any space", "any+space", "number[3]",
            "number(3)", "\"quote\"", "dHJ1ZQ==", ""})
    void invalidRecordKeys(String key) {
        assertThat(RecordKey.isValid(key)).isFalse();
        assertThat(RecordKey.isValid("o".repeat(513))).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"at://did:plc:asdf123", "at://user.bsky.social", "at://did:plc:asdf123/com.atproto.feed.post",
            "at://did:plc:asdf123/com.atproto.feed.post/record", "at://did:plc:asdf123/com.atproto.feed.post/asdf-123",
            "at://did:web:example.com", "at://did:web:example.com/io.nsid.someFunc/record-key",
            "at://did:web:example.com/io.nsid.someFunc/self.", "at://did:web:example.com/io.nsid.someFunc/lang:",
            "at://did:web:example.com/io.nsid.someFunc/~", "at://did:web:example.com/io.nsid.someFunc/...",
            "at://did:plc:asdf123/com.atproto.feed.postV2"})
    void validAtUris(String uri) {
        assertThat(AtUri.isValid(uri)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"a://did:plc:asdf123", "at//did:plc:asdf123", "at:/did:plc:asdf123", "AT://did:plc:asdf123",
            "http://did:plc:asdf123", "at:///did:plc:asdf123", "at://did:plc:asdf123 ", " at://did:plc:asdf123",
            "at://did:plc:asdf123/com.atproto.feed.post#", "at://name", "at://name.0", "at://diD:plc:asdf123",
            "at://did:plc:asdf123/com.atproto.feed.p@st", "at://did:plc:asdf123/com.atproto.feed_post",
            "at://did:plc:asdf@123/com.atproto.feed.post", "at://DID:plc:asdf123", "at://user.bsky.123", "at://bsky",
            "at://did:plc:", "at://user.bsky.social//", "at://did:plc:asdf123/short/stuff", "at://did:plc:asdf123/12345",
            "at://did:plc:asdf123/", "at://did:plc:asdf123/com.atproto.feed.post/record/",
            "at://did:plc:asdf123/com.atproto.feed.post/asdf123/asdf", "at://did:plc:asdf123#",
            "at://did:plc:asdf123/com.atproto.feed.post/%23", "at://did:plc:asdf123/com.atproto.feed.post/$",
            "at://did:plc:asdf123/com.atproto.feed.post/.", "at://did:plc:asdf123/com.atproto.feed.post/.."})
    void invalidAtUris(String uri) {
        assertThat(AtUri.isValid(uri)).isFalse();
    }
}
