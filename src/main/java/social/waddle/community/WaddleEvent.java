package social.waddle.community;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import social.waddle.atproto.syntax.Did;

/**
 * A committed change that the Waddle's rooms may have to follow. Provisioning recomputes the room state from the
 * repository, so an event says what changed, not the whole new state.
 */
public sealed interface WaddleEvent {

    long waddleId();

    /** A Waddle was created, or its name, description or visibility changed: every room's configuration may differ. */
    record WaddleChanged(long waddleId) implements WaddleEvent {
    }

    /**
     * Channels were added, removed, renamed, reordered or retitled, or the default channel moved, or a channel's room
     * was found destroyed (provisioning recreates missing rooms).
     */
    record ChannelsChanged(long waddleId) implements WaddleEvent {
    }

    /**
     * {@code did}'s role went from {@code oldRole} to {@code newRole} (empty: not a member), and {@code banned} says
     * whether a ban now holds; every room's affiliation of that JID follows.
     */
    record MembershipChanged(long waddleId, Did did, Optional<Role> oldRole, Optional<Role> newRole, boolean banned)
            implements WaddleEvent {

        public MembershipChanged {
            Objects.requireNonNull(did);
            Objects.requireNonNull(oldRole);
            Objects.requireNonNull(newRole);
        }
    }

    /** The channel is gone; its room should be destroyed. The Waddle's other channels are told by {@link ChannelsChanged}. */
    record ChannelRemoved(long waddleId, Channel channel) implements WaddleEvent {

        public ChannelRemoved {
            Objects.requireNonNull(channel);
        }
    }

    /** The Waddle is gone, with these channels; their rooms should be destroyed. */
    record WaddleDeleted(Waddle waddle, List<Channel> channels) implements WaddleEvent {

        public WaddleDeleted {
            Objects.requireNonNull(waddle);
            channels = List.copyOf(channels);
        }

        @Override
        public long waddleId() {
            return waddle.id();
        }
    }
}
