package social.waddle.atproto.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import social.waddle.atproto.AtprotoException;
import social.waddle.atproto.syntax.Did;

class JidLocalpartPropertiesTest {

    private static final String RFC7622_FORBIDDEN = "\"&'/:<>@ ";

    @Provide
    Arbitrary<Did> plcDids() {
        return Arbitraries.strings().withChars("abcdefghijklmnopqrstuvwxyz234567").ofLength(24)
                .map(id -> parse("did:plc:" + id));
    }

    @Provide
    Arbitrary<Did> webDids() {
        Arbitrary<String> label = Arbitraries.strings().withChars("abcdefghijklmnopqrstuvwxyz0123456789-").ofMinLength(1).ofMaxLength(20)
                .filter(l -> !l.startsWith("-") && !l.endsWith("-"));
        Arbitrary<String> tld = label.filter(l -> !Character.isDigit(l.charAt(0)));
        Arbitrary<String> hosts = Combinators.combine(label.list().ofMinSize(1).ofMaxSize(4), tld)
                .as((labels, last) -> String.join(".", labels) + "." + last);
        Arbitrary<String> localhosts = Arbitraries.integers().between(1, 65535).injectNull(0.2)
                .map(port -> port == null ? "localhost" : "localhost%3A" + port);
        return Arbitraries.oneOf(hosts, hosts, localhosts).map(host -> parse("did:web:" + host));
    }

    @Provide
    Arbitrary<Did> atprotoDids() {
        return Arbitraries.oneOf(plcDids(), webDids());
    }

    @Property
    void plcDidsRoundTrip(@ForAll("plcDids") Did did) throws AtprotoException {
        assertThat(JidLocalpart.toDid(JidLocalpart.toLocalpart(did))).contains(did);
    }

    @Property
    void webDidsRoundTrip(@ForAll("webDids") Did did) throws AtprotoException {
        assertThat(JidLocalpart.toDid(JidLocalpart.toLocalpart(did))).contains(did);
    }

    @Property
    void distinctDidsNeverShareALocalpart(@ForAll("atprotoDids") Did one, @ForAll("atprotoDids") Did other) throws AtprotoException {
        if (!one.equals(other)) {
            assertThat(JidLocalpart.toLocalpart(one)).isNotEqualTo(JidLocalpart.toLocalpart(other));
        }
    }

    @Property
    void plcAndWebLocalpartsAreDisjoint(@ForAll("plcDids") Did plc, @ForAll("webDids") Did web) throws AtprotoException {
        String plcLocalpart = JidLocalpart.toLocalpart(plc);
        String webLocalpart = JidLocalpart.toLocalpart(web);

        assertThat(plcLocalpart).doesNotContain(".");
        assertThat(webLocalpart).startsWith(JidLocalpart.WEB_PREFIX);
        assertThat(JidLocalpart.toDid(webLocalpart).map(Did::isWeb)).contains(true);
        assertThat(JidLocalpart.toDid(plcLocalpart).map(Did::isPlc)).contains(true);
    }

    @Property
    void localpartsAreValidCaseFoldedXmppLocalparts(@ForAll("atprotoDids") Did did) throws AtprotoException {
        String localpart = JidLocalpart.toLocalpart(did);

        assertThat(localpart).isNotEmpty().isEqualTo(localpart.toLowerCase(Locale.ROOT));
        assertThat(localpart.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(1023);
        assertThat(localpart.chars()).noneMatch(c -> RFC7622_FORBIDDEN.indexOf(c) >= 0 || c < 0x21 || c > 0x7E);
    }

    @Property
    void arbitraryStringsMapBackOnlyWhenTheyRoundTrip(@ForAll("localpartLike") String localpart) throws AtprotoException {
        var did = JidLocalpart.toDid(localpart);

        if (did.isPresent()) {
            assertThat(JidLocalpart.toLocalpart(did.get())).isEqualTo(localpart);
        }
    }

    @Provide
    Arbitrary<String> localpartLike() {
        Arbitrary<String> noise = Arbitraries.strings().withChars("abcxyz2709._-%AZ").ofMaxLength(30);
        return Arbitraries.oneOf(noise, noise.map(s -> "web." + s), noise.map(s -> "web.localhost_" + s));
    }

    private static Did parse(String did) {
        try {
            return Did.parse(did);
        } catch (AtprotoException invalid) {
            throw new IllegalStateException("Generator produced an invalid DID: " + invalid.getMessage(), invalid);
        }
    }
}
