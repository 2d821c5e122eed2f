package social.waddle.community;

import java.util.Optional;

/**
 * The localpart of a channel's room: {@code <channel slug>~<waddle slug>}, e.g. {@code general~penguin-club}.
 *
 * <p>Reversible and unambiguous because {@code ~} never occurs in a slug, so the one {@code ~} splits the name in
 * exactly one way. It is a valid room localpart (XEP-0045 §7.1.1, RFC 7622 §3.3): at most 65 characters of
 * {@code [a-z0-9~-]}, none of which RFC 7622 forbids or case folding changes. Room names of the MUC service that are
 * not of this shape (a room made by hand) are not Waddle rooms.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc7622#section-3.3">RFC 7622, localpart</a>
 */
public final class RoomNames {

    public static final char SEPARATOR = '~';

    /** A Waddle room, named by its Waddle and channel. */
    public record ChannelRoom(WaddleSlug waddle, ChannelSlug channel) {
    }

    private RoomNames() {
    }

    public static String localpart(WaddleSlug waddle, ChannelSlug channel) {
        return channel.value() + SEPARATOR + waddle.value();
    }

    /** The Waddle and channel a room localpart names; empty when it is not a Waddle room's localpart. */
    public static Optional<ChannelRoom> parse(String localpart) {
        if (localpart == null) {
            return Optional.empty();
        }
        int separator = localpart.indexOf(SEPARATOR);
        if (separator < 0 || separator != localpart.lastIndexOf(SEPARATOR)) {
            return Optional.empty();
        }
        String channel = localpart.substring(0, separator);
        String waddle = localpart.substring(separator + 1);
        if (!ChannelSlug.isValid(channel) || !WaddleSlug.isValid(waddle)) {
            return Optional.empty();
        }
        return Optional.of(new ChannelRoom(new WaddleSlug(waddle), new ChannelSlug(channel)));
    }
}
