package social.waddle.community;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A channel of a Waddle, backed by one persistent room whose localpart is {@link #roomLocalpart()} (see
 * {@link RoomNames}). {@code slug} never changes; {@code position} orders channels from 0; exactly one channel of a
 * Waddle is the default. {@code messageCount} and {@code lastActivity} are counted from room events; no message text
 * is kept.
 */
public record Channel(
        long id,
        long waddleId,
        ChannelSlug slug,
        String roomLocalpart,
        String name,
        String topic,
        ChannelKind kind,
        int position,
        boolean isDefault,
        long messageCount,
        Optional<Instant> lastActivity,
        Instant createdAt) {

    public Channel {
        Objects.requireNonNull(slug);
        Objects.requireNonNull(roomLocalpart);
        Objects.requireNonNull(name);
        Objects.requireNonNull(topic);
        Objects.requireNonNull(kind);
        Objects.requireNonNull(lastActivity);
        Objects.requireNonNull(createdAt);
    }

    /** The bare JID of the channel's room on the MUC service {@code mucDomain}, e.g. {@code conference.example.com}. */
    public String roomJid(String mucDomain) {
        return roomLocalpart + "@" + mucDomain;
    }
}
