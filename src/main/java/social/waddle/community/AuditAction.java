package social.waddle.community;

/** What an {@link AuditEntry} records. Stored by name: never rename a constant. */
public enum AuditAction {
    WADDLE_CREATED,
    WADDLE_UPDATED,
    WADDLE_DELETED,
    CHANNEL_ADDED,
    CHANNEL_RENAMED,
    CHANNEL_TOPIC_CHANGED,
    CHANNELS_REORDERED,
    DEFAULT_CHANNEL_CHANGED,
    CHANNEL_REMOVED,
    MEMBER_JOINED,
    MEMBER_LEFT,
    MEMBER_REMOVED,
    ROLE_CHANGED,
    OWNERSHIP_TRANSFERRED,
    MEMBER_BANNED,
    MEMBER_UNBANNED,
    BAN_EXPIRED,
    INVITE_CREATED,
    INVITE_REVOKED
}
