package social.waddle.atproto.http;

import java.net.InetAddress;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Addresses and host names that outbound calls must never reach unless an admin allowlists them: loopback,
 * private, link-local, carrier-grade NAT, multicast, unspecified, broadcast, reserved ranges, cloud metadata
 * services, and the IPv6 forms that embed such an IPv4 address (IPv4-mapped, IPv4-compatible, 6to4, NAT64,
 * Teredo).
 *
 * @see <a href="https://www.iana.org/assignments/iana-ipv4-special-registry/">IANA IPv4 special-purpose registry</a>
 * @see <a href="https://www.iana.org/assignments/iana-ipv6-special-registry/">IANA IPv6 special-purpose registry</a>
 */
public final class SpecialAddresses {

    private record Rule(AddressRange range, String reason) {
    }

    /** Most specific first: the first match names the reason. */
    private static final List<Rule> IPV4_RULES = List.of(
            rule("169.254.169.254/32", "a cloud metadata service"),
            rule("100.100.100.200/32", "a cloud metadata service"),
            rule("255.255.255.255/32", "the broadcast address"),
            rule("0.0.0.0/8", "unspecified ('this network')"),
            rule("10.0.0.0/8", "a private network (RFC 1918)"),
            rule("100.64.0.0/10", "carrier-grade NAT space (RFC 6598)"),
            rule("127.0.0.0/8", "loopback"),
            rule("169.254.0.0/16", "link-local"),
            rule("172.16.0.0/12", "a private network (RFC 1918)"),
            rule("192.0.0.0/24", "IETF protocol assignments (RFC 6890)"),
            rule("192.168.0.0/16", "a private network (RFC 1918)"),
            rule("198.18.0.0/15", "benchmarking space (RFC 2544)"),
            rule("224.0.0.0/4", "multicast"),
            rule("240.0.0.0/4", "reserved (RFC 1112)"));

    private static final List<Rule> IPV6_RULES = List.of(
            rule("fd00:ec2::254/128", "a cloud metadata service"),
            rule("::/128", "unspecified"),
            rule("::1/128", "loopback"),
            rule("fc00::/7", "a unique-local (private) IPv6 network"),
            rule("fe80::/10", "link-local"),
            rule("fec0::/10", "site-local (deprecated)"),
            rule("ff00::/8", "multicast"));

    private static final Set<String> METADATA_HOST_NAMES = Set.of(
            "metadata.google.internal", "metadata.goog", "metadata", "instance-data", "instance-data.ec2.internal");

    private SpecialAddresses() {
    }

    /** Why this address must not be contacted, or empty if it is an ordinary public address. */
    public static Optional<String> forbiddenReason(InetAddress address) {
        byte[] bytes = address.getAddress();
        if (bytes.length == 4) {
            return ipv4Reason(bytes);
        }
        if (AddressRange.isIpv4Mapped(bytes)) {
            return embedded("IPv4-mapped", Arrays.copyOfRange(bytes, 12, 16));
        }
        for (Rule rule : IPV6_RULES) {
            if (rule.range().contains(address)) {
                return Optional.of(rule.reason());
            }
        }
        if (allZero(bytes, 0, 12)) {
            return embedded("IPv4-compatible", Arrays.copyOfRange(bytes, 12, 16));
        }
        if (bytes[0] == 0x20 && bytes[1] == 0x02) {
            return embedded("6to4", Arrays.copyOfRange(bytes, 2, 6));
        }
        if (bytes[0] == 0x00 && bytes[1] == 0x64 && bytes[2] == (byte) 0xff && bytes[3] == (byte) 0x9b
                && allZero(bytes, 4, 12)) {
            return embedded("NAT64", Arrays.copyOfRange(bytes, 12, 16));
        }
        if (bytes[0] == 0x20 && bytes[1] == 0x01 && bytes[2] == 0 && bytes[3] == 0) {
            byte[] client = Arrays.copyOfRange(bytes, 12, 16);
            for (int i = 0; i < client.length; i++) {
                client[i] = (byte) ~client[i];
            }
            return embedded("Teredo", client);
        }
        return Optional.empty();
    }

    /** Whether the host name itself names a cloud metadata service, whatever it resolves to. */
    public static boolean isMetadataHostName(String host) {
        String normalized = host.toLowerCase(Locale.ROOT);
        if (normalized.endsWith(".")) {
            normalized = normalized.substring(0, normalized.length() - 1);
        }
        return METADATA_HOST_NAMES.contains(normalized);
    }

    private static Optional<String> ipv4Reason(byte[] bytes) {
        InetAddress address = ipv4(bytes);
        for (Rule rule : IPV4_RULES) {
            if (rule.range().contains(address)) {
                return Optional.of(rule.reason());
            }
        }
        return Optional.empty();
    }

    private static Optional<String> embedded(String form, byte[] ipv4) {
        return ipv4Reason(ipv4).map(reason -> "the " + form + " form of " + ipv4(ipv4).getHostAddress() + ", " + reason);
    }

    private static InetAddress ipv4(byte[] bytes) {
        try {
            return InetAddress.getByAddress(bytes);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException("four bytes are always an IPv4 address", e);
        }
    }

    private static boolean allZero(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static Rule rule(String cidr, String reason) {
        return new Rule(AddressRange.parse(cidr), reason);
    }
}
