package social.waddle.atproto.crypto;

import java.util.Arrays;

import social.waddle.atproto.AtprotoException;
import social.waddle.atproto.AtprotoException.Failure;

/**
 * The multicodec prefix: an unsigned LEB128 varint code in front of the payload, minimally encoded, at most 9 bytes.
 *
 * @see <a href="https://github.com/multiformats/unsigned-varint">unsigned-varint</a>
 * @see <a href="https://github.com/multiformats/multicodec/blob/master/table.csv">multicodec table</a>
 */
public final class Multicodec {

    private static final int MAX_VARINT_BYTES = 9;

    /** A code and the bytes that follow it. */
    public static final class Prefixed {
        private final long code;
        private final byte[] payload;

        Prefixed(long code, byte[] payload) {
            this.code = code;
            this.payload = payload;
        }

        public long code() {
            return code;
        }

        public byte[] payload() {
            return payload.clone();
        }
    }

    private Multicodec() {
    }

    public static Prefixed read(byte[] bytes) throws AtprotoException {
        long code = 0;
        for (int i = 0; i < bytes.length && i < MAX_VARINT_BYTES; i++) {
            int b = bytes[i] & 0xFF;
            code |= (long) (b & 0x7F) << (7 * i);
            if ((b & 0x80) == 0) {
                if (b == 0 && i > 0) {
                    throw new AtprotoException(Failure.INVALID_SYNTAX, "Multicodec prefix is not minimally encoded");
                }
                return new Prefixed(code, Arrays.copyOfRange(bytes, i + 1, bytes.length));
            }
        }
        throw new AtprotoException(Failure.INVALID_SYNTAX, bytes.length == 0 ? "Multicodec value is empty"
                : "Multicodec prefix is truncated or longer than " + MAX_VARINT_BYTES + " bytes");
    }

    /** {@code code} as an unsigned varint followed by {@code payload}. */
    public static byte[] write(long code, byte[] payload) {
        byte[] varint = new byte[MAX_VARINT_BYTES];
        int length = 0;
        long rest = code;
        do {
            int b = (int) (rest & 0x7F);
            rest >>>= 7;
            varint[length++] = (byte) (rest != 0 ? b | 0x80 : b);
        } while (rest != 0);
        byte[] prefixed = Arrays.copyOf(varint, length + payload.length);
        System.arraycopy(payload, 0, prefixed, length, payload.length);
        return prefixed;
    }
}
