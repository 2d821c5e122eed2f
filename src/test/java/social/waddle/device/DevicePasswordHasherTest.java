package social.waddle.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;

import org.junit.jupiter.api.Test;

class DevicePasswordHasherTest {

    private final DevicePasswordHasher hasher = new DevicePasswordHasher(DevicePasswordHasher.MIN_ITERATIONS, new SecureRandom());

    @Test
    void theHashIsSaltedCarriesItsCostAndMatchesOnlyTheSecret() {
        String first = hasher.hash("secret");
        String second = hasher.hash("secret");
        assertThat(first).startsWith("pbkdf2-sha256$10000$").doesNotContain("secret").isNotEqualTo(second);
        assertThat(hasher.matches("secret", first)).isTrue();
        assertThat(hasher.matches("secret", second)).isTrue();
        assertThat(hasher.matches("Secret", first)).isFalse();
        assertThat(hasher.matches("", first)).isFalse();
    }

    @Test
    void aHashMadeWithAnotherCostStillMatches() {
        String stored = new DevicePasswordHasher(20_000, new SecureRandom()).hash("secret");
        assertThat(hasher.matches("secret", stored)).isTrue();
    }

    @Test
    void aDamagedStoredValueNeverMatches() {
        String stored = hasher.hash("secret");
        String[] parts = stored.split("\\$");
        assertThat(hasher.matches("secret", null)).isFalse();
        assertThat(hasher.matches("secret", "")).isFalse();
        assertThat(hasher.matches("secret", "md5$" + parts[1] + "$" + parts[2] + "$" + parts[3])).isFalse();
        assertThat(hasher.matches("secret", parts[0] + "$1$" + parts[2] + "$" + parts[3])).isFalse();
        assertThat(hasher.matches("secret", parts[0] + "$x$" + parts[2] + "$" + parts[3])).isFalse();
        assertThat(hasher.matches("secret", parts[0] + "$" + parts[1] + "$!!$" + parts[3])).isFalse();
        assertThat(hasher.matches("secret", parts[0] + "$" + parts[1] + "$" + parts[2] + "$AAAA")).isFalse();
    }

    @Test
    void aCostOutsideTheBoundsIsRefused() {
        assertThatThrownBy(() -> new DevicePasswordHasher(999, new SecureRandom()))
                .hasMessageContaining("between 10000 and 10000000");
    }
}
