package social.waddle.community;

/** What a channel is for; decides whether its room is moderated. */
public enum ChannelKind {
    /** Everyone in the Waddle may talk. */
    TEXT,
    /** Only moderators and above may post; the room is moderated (XEP-0045 §8.5). */
    ANNOUNCEMENT
}
