package social.waddle.atproto.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OutboundPolicyTest {

    @Test
    void defaultsAreHttpsOnlyWithThreeRedirectsAndOurUserAgent() {
        OutboundPolicy policy = OutboundPolicy.defaults();

        assertThat(policy.plainHttpHosts()).isEmpty();
        assertThat(policy.allowedAddresses()).isEmpty();
        assertThat(policy.maxRedirects()).isEqualTo(3);
        assertThat(policy.userAgent()).startsWith("Waddle-Openfire/");
    }

    @Test
    void plainHttpHostWithPortMatchesOnlyThatPort() {
        OutboundPolicy policy = OutboundPolicy.builder().allowPlainHttp("LocalHost:2583").build();

        assertThat(policy.allowsPlainHttp("localhost", 2583)).isTrue();
        assertThat(policy.allowsPlainHttp("localhost", 80)).isFalse();
        assertThat(policy.allowsPlainHttp("example.com", 2583)).isFalse();
    }

    @Test
    void plainHttpHostWithoutPortMatchesAnyPort() {
        OutboundPolicy policy = OutboundPolicy.builder().allowPlainHttp("127.0.0.1").allowPlainHttp("[::1]:8080").build();

        assertThat(policy.allowsPlainHttp("127.0.0.1", 1234)).isTrue();
        assertThat(policy.allowsPlainHttp("[::1]", 8080)).isTrue();
        assertThat(policy.allowsPlainHttp("::1", 8081)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "http://localhost", "user@host", "host:port", "[::1"})
    void rejectsMalformedPlainHttpHosts(String entry) {
        assertThatThrownBy(() -> OutboundPolicy.builder().allowPlainHttp(entry))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void allowlistsAddressesAndCidrBlocks() throws Exception {
        OutboundPolicy policy = OutboundPolicy.builder().allowAddress("127.0.0.1").allowAddress("10.1.0.0/16")
                .allowAddress("fd00::/8").build();

        assertThat(policy.isAllowlisted(InetAddress.getByName("127.0.0.1"))).isTrue();
        assertThat(policy.isAllowlisted(InetAddress.getByName("127.0.0.2"))).isFalse();
        assertThat(policy.isAllowlisted(InetAddress.getByName("10.1.200.3"))).isTrue();
        assertThat(policy.isAllowlisted(InetAddress.getByName("10.2.0.1"))).isFalse();
        assertThat(policy.isAllowlisted(InetAddress.getByName("fd00:ec2::254"))).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"localhost", "10.0.0.0/33", "10.0.0.0/x", "::1/129", "999.1.1.1"})
    void rejectsInvalidAddressEntries(String entry) {
        assertThatThrownBy(() -> OutboundPolicy.builder().allowAddress(entry))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rejectsNonPositiveTimeoutsAndAbsurdRedirectCaps() {
        assertThatThrownBy(() -> OutboundPolicy.builder().totalTimeout(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> OutboundPolicy.builder().maxRedirects(-1))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
