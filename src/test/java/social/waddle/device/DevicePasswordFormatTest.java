package social.waddle.device;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

class DevicePasswordFormatTest {

    private final SecureRandom random = new SecureRandom();

    @Test
    void aGeneratedPasswordHasThePrefixTheIdAndASecretOfAtLeast100Bits() {
        String text = DevicePasswordFormat.generate(random);
        assertThat(text).matches("wdl-([a-km-np-z2-9]{4}-){7}[a-km-np-z2-9]{4}");
        DevicePasswordFormat.Parts parts = DevicePasswordFormat.parse(text).orElseThrow();
        assertThat(parts.id()).hasSize(8);
        assertThat(parts.secret()).hasSize(24);
        assertThat(DevicePasswordFormat.SECRET_BITS).isGreaterThanOrEqualTo(100);
        assertThat(DevicePasswordFormat.ALPHABET).hasSize(32).doesNotContain("0", "1", "l", "o");
    }

    @Test
    void generatedPasswordsDoNotRepeat() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 2000; i++) {
            assertThat(seen.add(DevicePasswordFormat.generate(random))).isTrue();
        }
    }

    @Test
    void typingIsForgivingAboutCaseAndSurroundingSpaces() {
        String text = DevicePasswordFormat.generate(random);
        String typed = "  W" + text.substring(1).toUpperCase() + " ";
        DevicePasswordFormat.Parts parts = DevicePasswordFormat.parse(typed).orElseThrow();
        assertThat(DevicePasswordFormat.PREFIX + parts.id().substring(0, 4)).isEqualTo(text.substring(0, 8));
    }

    @Test
    void appPasswordsTokensAndNearMissesAreNotDevicePasswords() {
        assertThat(DevicePasswordFormat.looksLikeDevicePassword("abcd-efgh-ijkm-npqr")).isFalse();
        assertThat(DevicePasswordFormat.looksLikeDevicePassword("eyJhbGciOiJFUzI1NksifQ.eyJpc3MiOiJ4In0.c2ln")).isFalse();
        assertThat(DevicePasswordFormat.looksLikeDevicePassword(null)).isFalse();
        assertThat(DevicePasswordFormat.looksLikeDevicePassword("")).isFalse();
        String text = DevicePasswordFormat.generate(random);
        assertThat(DevicePasswordFormat.looksLikeDevicePassword(text)).isTrue();
        assertThat(DevicePasswordFormat.looksLikeDevicePassword(text.substring(0, text.length() - 1))).isFalse();
        assertThat(DevicePasswordFormat.looksLikeDevicePassword(text + "a")).isFalse();
        assertThat(DevicePasswordFormat.looksLikeDevicePassword(text.replace('-', ' '))).isFalse();
        assertThat(DevicePasswordFormat.looksLikeDevicePassword(text.substring(0, 9) + "0" + text.substring(10))).isFalse();
        assertThat(DevicePasswordFormat.looksLikeDevicePassword("xdl" + text.substring(3))).isFalse();
    }
}
