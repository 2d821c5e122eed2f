package social.waddle.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DeviceNameTest {

    @Test
    void aNameIsTrimmedAndKeptAsTypedMarkupIncluded() {
        assertThat(DeviceName.validate("  Phone – Conversations ")).isEqualTo("Phone – Conversations");
        assertThat(DeviceName.validate("<script>alert(1)</script>")).isEqualTo("<script>alert(1)</script>");
        assertThat(DeviceName.validate("Téléphone 📱")).isEqualTo("Téléphone 📱");
    }

    @Test
    void emptyLongAndInvisibleNamesAreRefusedWithAReason() {
        assertThatThrownBy(() -> DeviceName.validate("   ")).isInstanceOf(InvalidDeviceRequest.class)
                .hasMessageContaining("name");
        assertThatThrownBy(() -> DeviceName.validate(null)).isInstanceOf(InvalidDeviceRequest.class);
        assertThat(DeviceName.validate("x".repeat(DeviceName.MAX_LENGTH))).hasSize(DeviceName.MAX_LENGTH);
        assertThatThrownBy(() -> DeviceName.validate("x".repeat(DeviceName.MAX_LENGTH + 1)))
                .hasMessageContaining("at most 64");
        assertThat(DeviceName.validate("📱".repeat(DeviceName.MAX_LENGTH))).isNotEmpty();
        for (String bad : new String[] {"a\nb", "a\tb", "a\u0000b", "a\u202Eb", "a\u200Bb", "a\u2028b", "a\uD800b"}) {
            assertThatThrownBy(() -> DeviceName.validate(bad)).as(bad).isInstanceOf(InvalidDeviceRequest.class)
                    .hasMessageContaining("control");
        }
    }
}
