package social.waddle.atproto.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Inet6Address;
import java.net.InetAddress;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SpecialAddressesTest {

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource(delimiter = '|', value = {
            "127.0.0.1|loopback",
            "127.255.0.9|loopback",
            "10.0.0.5|private network",
            "172.16.0.1|private network",
            "172.31.255.255|private network",
            "192.168.1.1|private network",
            "169.254.1.1|link-local",
            "169.254.169.254|cloud metadata",
            "100.64.0.1|carrier-grade NAT",
            "100.127.255.255|carrier-grade NAT",
            "100.100.100.200|cloud metadata",
            "0.0.0.0|unspecified",
            "255.255.255.255|broadcast",
            "224.0.0.1|multicast",
            "239.255.255.250|multicast",
            "240.0.0.1|reserved",
            "::|unspecified",
            "::1|loopback",
            "fc00::1|unique-local",
            "fd12:3456::1|unique-local",
            "fd00:ec2::254|cloud metadata",
            "fe80::1|link-local",
            "febf::1|link-local",
            "ff02::1|multicast",
            "::127.0.0.1|IPv4-compatible form of 127.0.0.1, loopback",
            "2002:a9fe:a9fe::1|6to4 form of 169.254.169.254, a cloud metadata service",
            "2002:0a00:0001::|6to4 form of 10.0.0.1",
            "64:ff9b::c0a8:0101|NAT64 form of 192.168.1.1",
            "2001:0:1:2::f5ff:fffe|Teredo form of 10.0.0.1",
    })
    void refusesSpecialAddresses(String literal, String reasonFragment) throws Exception {
        InetAddress address = InetAddress.getByName(literal);

        assertThat(SpecialAddresses.forbiddenReason(address)).hasValueSatisfying(
                reason -> assertThat(reason).contains(reasonFragment));
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.0.0.1", "169.254.169.254", "127.0.0.1", "100.64.1.1"})
    void refusesIpv4MappedFormsKeptAsIpv6(String ipv4) throws Exception {
        byte[] mapped = new byte[16];
        mapped[10] = (byte) 0xff;
        mapped[11] = (byte) 0xff;
        System.arraycopy(InetAddress.getByName(ipv4).getAddress(), 0, mapped, 12, 4);
        InetAddress address = Inet6Address.getByAddress(null, mapped, -1);

        assertThat(SpecialAddresses.forbiddenReason(address)).hasValueSatisfying(
                reason -> assertThat(reason).contains("IPv4-mapped form of " + ipv4));
    }

    @ParameterizedTest
    @ValueSource(strings = {"93.184.216.34", "1.1.1.1", "8.8.8.8", "172.32.0.1", "100.128.0.1", "169.255.0.1",
            "2606:4700::1111", "2001:4860:4860::8888", "2002:0808:0808::1", "::ffff:8.8.8.8"})
    void allowsPublicAddresses(String literal) throws Exception {
        assertThat(SpecialAddresses.forbiddenReason(InetAddress.getByName(literal))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"metadata.google.internal", "METADATA.google.internal.", "metadata.goog", "instance-data"})
    void recognisesMetadataHostNames(String host) {
        assertThat(SpecialAddresses.isMetadataHostName(host)).isTrue();
    }
}
