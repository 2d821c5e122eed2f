package social.waddle.atproto.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;

import social.waddle.atproto.AtprotoException;

class MulticodecTest {

    @Test
    void encodesTheAtprotoKeyCodesAsTheSpecSays() {
        assertThat(Multicodec.write(0xE7, new byte[] {9})).containsExactly(0xE7, 0x01, 9);
        assertThat(Multicodec.write(0x1200, new byte[] {9})).containsExactly(0x80, 0x24, 9);
    }

    @Property
    void roundTrips(@ForAll @LongRange(min = 0, max = (1L << 62)) long code) throws AtprotoException {
        Multicodec.Prefixed read = Multicodec.read(Multicodec.write(code, new byte[] {1, 2}));

        assertThat(read.code()).isEqualTo(code);
        assertThat(read.payload()).containsExactly(1, 2);
    }

    @Test
    void refusesTruncatedAndNonMinimalPrefixes() {
        assertThatThrownBy(() -> Multicodec.read(new byte[] {(byte) 0xE7})).hasMessageContaining("truncated");
        assertThatThrownBy(() -> Multicodec.read(new byte[0])).hasMessageContaining("empty");
        assertThatThrownBy(() -> Multicodec.read(new byte[] {(byte) 0xE7, (byte) 0x81, 0x00})).hasMessageContaining("minimally");
    }
}
