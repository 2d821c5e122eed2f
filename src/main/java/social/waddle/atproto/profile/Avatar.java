package social.waddle.atproto.profile;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;

/**
 * An avatar image whose bytes were checked to be {@code type}. {@code sha1} (hex) is the id both XEP-0153 (vCard
 * avatar hash in presence) and XEP-0084 (item id of the User Avatar) use for it; {@code cid} names the blob on the
 * PDS, so an unchanged avatar is not downloaded again.
 */
public record Avatar(String cid, ImageType type, byte[] bytes, String sha1, Optional<Integer> width,
                     Optional<Integer> height) {

    public Avatar {
        Objects.requireNonNull(cid);
        Objects.requireNonNull(type);
        bytes = bytes.clone();
        Objects.requireNonNull(sha1);
        Objects.requireNonNull(width);
        Objects.requireNonNull(height);
    }

    /** An avatar of these bytes, which must be an accepted image type. */
    public static Avatar of(String cid, byte[] bytes) {
        ImageType type = ImageType.of(bytes).orElseThrow(() -> new IllegalArgumentException("not an image"));
        Optional<int[]> size = type.dimensions(bytes);
        return new Avatar(cid, type, bytes, sha1Hex(bytes), size.map(d -> d[0]), size.map(d -> d[1]));
    }

    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    public int size() {
        return bytes.length;
    }

    public static String sha1Hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every JDK has SHA-1", e);
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Avatar that && cid.equals(that.cid) && sha1.equals(that.sha1);
    }

    @Override
    public int hashCode() {
        return Objects.hash(cid, sha1);
    }

    @Override
    public String toString() {
        return "Avatar[" + type.mediaType() + ", " + bytes.length + " bytes, sha1=" + sha1 + "]";
    }
}
