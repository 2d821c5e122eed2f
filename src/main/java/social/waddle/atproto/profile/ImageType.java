package social.waddle.atproto.profile;

import java.util.Arrays;
import java.util.Optional;

/**
 * The image types an avatar may have, recognised by their leading bytes (never by what a server claims), with the
 * dimensions their headers state where that is cheap to read. Bluesky avatars are JPEG or PNG; GIF and WebP are
 * accepted as XMPP clients show them too.
 */
public enum ImageType {
    PNG("image/png"),
    JPEG("image/jpeg"),
    GIF("image/gif"),
    WEBP("image/webp");

    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

    private final String mediaType;

    ImageType(String mediaType) {
        this.mediaType = mediaType;
    }

    public String mediaType() {
        return mediaType;
    }

    /** The type the bytes are, if they start like one of the accepted image formats. */
    public static Optional<ImageType> of(byte[] bytes) {
        if (startsWith(bytes, PNG_SIGNATURE)) {
            return Optional.of(PNG);
        }
        if (bytes.length >= 3 && (bytes[0] & 0xFF) == 0xFF && (bytes[1] & 0xFF) == 0xD8 && (bytes[2] & 0xFF) == 0xFF) {
            return Optional.of(JPEG);
        }
        if (startsWith(bytes, "GIF87a".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                || startsWith(bytes, "GIF89a".getBytes(java.nio.charset.StandardCharsets.US_ASCII))) {
            return Optional.of(GIF);
        }
        if (bytes.length >= 12 && startsWith(bytes, "RIFF".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                && Arrays.equals(Arrays.copyOfRange(bytes, 8, 12),
                "WEBP".getBytes(java.nio.charset.StandardCharsets.US_ASCII))) {
            return Optional.of(WEBP);
        }
        return Optional.empty();
    }

    /** The type a declared media type names, if it is one of ours ({@code image/jpeg; charset=…} included). */
    public static Optional<ImageType> ofMediaType(String mediaType) {
        if (mediaType == null) {
            return Optional.empty();
        }
        String base = mediaType.split(";", 2)[0].trim().toLowerCase(java.util.Locale.ROOT);
        if (base.equals("image/jpg")) {
            return Optional.of(JPEG);
        }
        for (ImageType type : values()) {
            if (type.mediaType.equals(base)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }

    /** Width and height from the image's header (PNG IHDR, GIF screen descriptor, JPEG SOF); empty when not found. */
    public Optional<int[]> dimensions(byte[] bytes) {
        return switch (this) {
            case PNG -> bytes.length >= 24 ? Optional.of(new int[] {int32(bytes, 16), int32(bytes, 20)}) : Optional.empty();
            case GIF -> bytes.length >= 10
                    ? Optional.of(new int[] {(bytes[6] & 0xFF) | (bytes[7] & 0xFF) << 8, (bytes[8] & 0xFF) | (bytes[9] & 0xFF) << 8})
                    : Optional.empty();
            case JPEG -> jpegDimensions(bytes);
            case WEBP -> Optional.empty();
        };
    }

    /** Walks the JPEG segments (ITU T.81 §B.1.1) up to the first start-of-frame marker. */
    private static Optional<int[]> jpegDimensions(byte[] bytes) {
        int at = 2;
        while (at + 9 < bytes.length) {
            if ((bytes[at] & 0xFF) != 0xFF) {
                return Optional.empty();
            }
            int marker = bytes[at + 1] & 0xFF;
            if (marker == 0xFF) {
                at++;
                continue;
            }
            int length = (bytes[at + 2] & 0xFF) << 8 | (bytes[at + 3] & 0xFF);
            boolean startOfFrame = marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
            if (startOfFrame) {
                int height = (bytes[at + 5] & 0xFF) << 8 | (bytes[at + 6] & 0xFF);
                int width = (bytes[at + 7] & 0xFF) << 8 | (bytes[at + 8] & 0xFF);
                return Optional.of(new int[] {width, height});
            }
            if (length < 2) {
                return Optional.empty();
            }
            at += 2 + length;
        }
        return Optional.empty();
    }

    private static int int32(byte[] bytes, int at) {
        return (bytes[at] & 0xFF) << 24 | (bytes[at + 1] & 0xFF) << 16 | (bytes[at + 2] & 0xFF) << 8 | (bytes[at + 3] & 0xFF);
    }

    private static boolean startsWith(byte[] bytes, byte[] prefix) {
        return bytes.length >= prefix.length && Arrays.equals(Arrays.copyOf(bytes, prefix.length), prefix);
    }
}
