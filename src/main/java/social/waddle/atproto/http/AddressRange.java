package social.waddle.atproto.http;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;

/**
 * An IP address or CIDR block ({@code 127.0.0.1}, {@code 10.0.0.0/8}, {@code fd00::/8}). IPv4-mapped IPv6
 * addresses ({@code ::ffff:a.b.c.d}) match the IPv4 ranges they embed.
 */
public final class AddressRange {

    private final byte[] network;
    private final int prefixLength;
    private final String text;

    private AddressRange(byte[] network, int prefixLength, String text) {
        this.network = network;
        this.prefixLength = prefixLength;
        this.text = text;
    }

    /**
     * Parses an address or CIDR written with IP literals only (no host names are looked up).
     *
     * @throws IllegalArgumentException if the text is not an IP literal with an optional prefix length
     */
    public static AddressRange parse(String text) {
        String trimmed = Objects.requireNonNull(text).trim();
        int slash = trimmed.indexOf('/');
        String addressPart = slash < 0 ? trimmed : trimmed.substring(0, slash);
        byte[] address = literalBytes(addressPart, text);
        int maxPrefix = address.length * 8;
        int prefix = maxPrefix;
        if (slash >= 0) {
            try {
                prefix = Integer.parseInt(trimmed.substring(slash + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + text + "' has no valid prefix length after '/'.");
            }
            if (prefix < 0 || prefix > maxPrefix) {
                throw new IllegalArgumentException("'" + text + "' has a prefix length outside 0.." + maxPrefix + ".");
            }
        }
        return new AddressRange(mask(address, prefix), prefix, trimmed.toLowerCase(Locale.ROOT));
    }

    public boolean contains(InetAddress address) {
        byte[] candidate = normalized(address.getAddress());
        if (candidate.length != network.length) {
            return false;
        }
        return Arrays.equals(mask(candidate, prefixLength), network);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof AddressRange range
                && prefixLength == range.prefixLength && Arrays.equals(network, range.network);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(network) + prefixLength;
    }

    @Override
    public String toString() {
        return text;
    }

    private static byte[] literalBytes(String literal, String original) {
        String bare = literal.startsWith("[") && literal.endsWith("]") ? literal.substring(1, literal.length() - 1) : literal;
        boolean looksLikeIpv4 = bare.matches("\\d{1,3}(\\.\\d{1,3}){3}");
        boolean looksLikeIpv6 = bare.contains(":") && bare.matches("[0-9A-Fa-f:.]+");
        if (!looksLikeIpv4 && !looksLikeIpv6) {
            throw new IllegalArgumentException("'" + original + "' is not an IP address or CIDR block (host names are not accepted here).");
        }
        if (looksLikeIpv4) {
            for (String octet : bare.split("\\.")) {
                if (Integer.parseInt(octet) > 255) {
                    throw new IllegalArgumentException("'" + original + "' is not a valid IPv4 address.");
                }
            }
        }
        try {
            return normalized(InetAddress.getByName(bare).getAddress());
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("'" + original + "' is not a valid IP address.", e);
        }
    }

    /** IPv4-mapped IPv6 addresses become their IPv4 form so that one rule covers both spellings. */
    static byte[] normalized(byte[] address) {
        if (address.length == 16 && isIpv4Mapped(address)) {
            return Arrays.copyOfRange(address, 12, 16);
        }
        return address;
    }

    static boolean isIpv4Mapped(byte[] address) {
        for (int i = 0; i < 10; i++) {
            if (address[i] != 0) {
                return false;
            }
        }
        return address[10] == (byte) 0xff && address[11] == (byte) 0xff;
    }

    private static byte[] mask(byte[] address, int prefix) {
        byte[] masked = address.clone();
        for (int bit = prefix; bit < masked.length * 8; bit++) {
            masked[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
        }
        return masked;
    }
}
