package social.waddle.atproto.crypto;

import java.security.interfaces.ECPublicKey;
import java.util.Arrays;
import java.util.Objects;

/**
 * A validated ATProto public key: its curve, the JCA key (built by {@link CryptoProvider#bouncyCastle()}) and its
 * compressed point, which defines equality and the {@code did:key} form.
 */
public final class AtprotoPublicKey {

    private static final String DID_KEY_PREFIX = "did:key:";

    private final KeyType type;
    private final ECPublicKey publicKey;
    private final byte[] compressedPoint;

    AtprotoPublicKey(KeyType type, ECPublicKey publicKey, byte[] compressedPoint) {
        this.type = Objects.requireNonNull(type);
        this.publicKey = Objects.requireNonNull(publicKey);
        this.compressedPoint = compressedPoint.clone();
    }

    public KeyType type() {
        return type;
    }

    /** The JCA key; verify with a {@code Signature} from {@link CryptoProvider#bouncyCastle()}. */
    public ECPublicKey publicKey() {
        return publicKey;
    }

    /** The 33-byte SEC 1 compressed point. */
    public byte[] compressedPoint() {
        return compressedPoint.clone();
    }

    /** The {@code Multikey} / {@code did:key} multibase form: {@code z} + base58btc(multicodec ‖ compressed point). */
    public String multikey() {
        return Multibase.encodeBase58btc(Multicodec.write(type.multicodec(), compressedPoint));
    }

    public String didKey() {
        return DID_KEY_PREFIX + multikey();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof AtprotoPublicKey && ((AtprotoPublicKey) other).type == type
                && Arrays.equals(((AtprotoPublicKey) other).compressedPoint, compressedPoint);
    }

    @Override
    public int hashCode() {
        return 31 * type.hashCode() + Arrays.hashCode(compressedPoint);
    }

    @Override
    public String toString() {
        return didKey();
    }
}
