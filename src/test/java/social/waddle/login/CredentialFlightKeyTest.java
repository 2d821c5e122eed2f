package social.waddle.login;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CredentialFlightKeyTest {

    @Test
    void credentialFlightKeysDifferByPassword() {
        assertThat(CredentialFlightKey.of("did:plc:alice", "right"))
                .isEqualTo(CredentialFlightKey.of("did:plc:alice", "right"))
                .isNotEqualTo(CredentialFlightKey.of("did:plc:alice", "wrong"))
                .doesNotContain("right");
    }
}
