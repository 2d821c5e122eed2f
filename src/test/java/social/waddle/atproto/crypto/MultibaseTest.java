package social.waddle.atproto.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;

import social.waddle.atproto.AtprotoException;
import social.waddle.atproto.AtprotoException.Failure;

class MultibaseTest {

    @Test
    void decodesTheBase58DraftExamples() throws AtprotoException {
        // draft-msporny-base58-03, section 5: "Hello World!" and the leading-zero example.
        assertThat(new String(Multibase.decodeBase58btc("z2NEpo7TZRRrLZSi2U"), StandardCharsets.US_ASCII))
                .isEqualTo("Hello World!");
        assertThat(Multibase.decodeBase58btc("z11233QC4")).containsExactly(0, 0, 0x28, 0x7f, 0xb4, 0xcd);
    }

    @Test
    void encodesTheBase58DraftExamples() {
        assertThat(Multibase.encodeBase58btc("Hello World!".getBytes(StandardCharsets.US_ASCII))).isEqualTo("z2NEpo7TZRRrLZSi2U");
        assertThat(Multibase.encodeBase58btc(new byte[] {0, 0, 0x28, 0x7f, (byte) 0xb4, (byte) 0xcd})).isEqualTo("z11233QC4");
        assertThat(Multibase.encodeBase58btc(new byte[0])).isEqualTo("z");
    }

    @Property
    void roundTrips(@ForAll @Size(max = 120) byte[] bytes) throws AtprotoException {
        String encoded = Multibase.encodeBase58btc(bytes);

        assertThat(bytes.length == 0 || Multibase.decodeBase58btc(encoded).length == bytes.length).isTrue();
        if (bytes.length > 0) {
            assertThat(Multibase.decodeBase58btc(encoded)).isEqualTo(bytes);
        }
    }

    @Test
    void refusesCharactersOutsideTheAlphabet() {
        for (String bad : new String[] {"z0abc", "zOabc", "zIabc", "zlabc", "zab+c", "zab c", "zabç"}) {
            assertThatThrownBy(() -> Multibase.decodeBase58btc(bad)).isInstanceOf(AtprotoException.class)
                    .hasMessageContaining("not a base58btc character")
                    .extracting(e -> ((AtprotoException) e).failure()).isEqualTo(Failure.INVALID_SYNTAX);
        }
    }

    @Test
    void refusesOtherMultibasesAndAMissingPrefix() {
        assertThatThrownBy(() -> Multibase.decodeBase58btc("Q3shqwJEJyMBsBXCWyCBpUBMqxcon9oHB7mCvx4sSpMdLJwc"))
                .hasMessageContaining("does not start with 'z'");
        assertThatThrownBy(() -> Multibase.decodeBase58btc("mAQID")).isInstanceOf(AtprotoException.class)
                .extracting(e -> ((AtprotoException) e).failure()).isEqualTo(Failure.UNSUPPORTED);
        assertThatThrownBy(() -> Multibase.decodeBase58btc("")).hasMessageContaining("missing");
        assertThatThrownBy(() -> Multibase.decodeBase58btc("z")).hasMessageContaining("empty");
    }

    @Test
    void refusesOverlongInputBeforeDecoding() {
        assertThatThrownBy(() -> Multibase.decodeBase58btc("z" + "2".repeat(100_000))).hasMessageContaining("longer than");
    }
}
