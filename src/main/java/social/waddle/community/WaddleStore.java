package social.waddle.community;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import social.waddle.atproto.syntax.Did;

/**
 * The Waddle tables as seen from inside one transaction (see {@link WaddleRepository#inTransaction}). It stores what it
 * is given; the rules live in {@link WaddleService}. Lists come in a stable order: Waddles by slug, channels by
 * position, members by join time then DID, bans by DID, invites by creation time, audit entries newest first.
 * Failures are {@link WaddleStorageException}s.
 */
public interface WaddleStore {

    /**
     * A new id for {@code sequence}, different from every id of a committed row. The allocation is part of this
     * transaction: if it rolls back, the id may be handed out again, which is harmless since nothing that used it was
     * kept. Concurrent transactions wait for each other here until commit.
     */
    long nextId(IdSequence sequence);

    void insertWaddle(Waddle waddle);

    /** Updates name, description, owner, visibility and updated-at of the Waddle with this id. */
    void updateWaddle(Waddle waddle);

    /** Deletes the Waddle with its channels, members, bans and invites; its audit entries stay. */
    void deleteWaddle(long waddleId);

    Optional<Waddle> findWaddle(long waddleId);

    Optional<Waddle> findWaddleBySlug(WaddleSlug slug);

    /**
     * Waddles whose slug, name, description or owner DID matches {@code query} case-insensitively, ordered by slug;
     * {@code *} is a wildcard, a query without one matches as a substring, and an empty query matches every Waddle.
     */
    List<Waddle> findWaddles(String query, int offset, int limit);

    int countWaddles(String query);

    /** The Waddles {@code did} is a member of. */
    List<Waddle> waddlesOf(Did did);

    void insertChannel(Channel channel);

    /** Updates name, topic, kind, position and default flag of the channel with this id. */
    void updateChannel(Channel channel);

    void deleteChannel(long channelId);

    List<Channel> channels(long waddleId);

    Optional<Channel> findChannelByRoom(String roomLocalpart);

    /** Counts one message in the channel; last activity only ever moves forward. */
    default void recordMessage(long channelId, Instant at) {
        recordMessages(channelId, 1, at);
    }

    /** Counts {@code count} messages in the channel, the last at {@code at}; last activity only ever moves forward. */
    void recordMessages(long channelId, long count, Instant at);

    void insertMember(Member member);

    void updateMemberRole(long waddleId, Did did, Role role);

    void deleteMember(long waddleId, Did did);

    Optional<Member> findMember(long waddleId, Did did);

    List<Member> members(long waddleId);

    int countMembers(long waddleId);

    /** Moves the member's last-seen forward to {@code at}; does nothing for non-members. */
    void recordSeen(long waddleId, Did did, Instant at);

    void insertBan(Ban ban);

    void deleteBan(long waddleId, Did did);

    Optional<Ban> findBan(long waddleId, Did did);

    List<Ban> bans(long waddleId);

    /** Bans of every Waddle whose expiry is at or before {@code now}. */
    List<Ban> bansExpiredAt(Instant now);

    void insertInvite(Invite invite);

    Optional<Invite> findInvite(String code);

    List<Invite> invites(long waddleId);

    /** Counts one use of the invite unless it is used up; false when it was (or does not exist). */
    boolean useInvite(String code);

    void deleteInvite(String code);

    void insertAudit(AuditEntry entry);

    /** The Waddle's audit entries, newest first. */
    List<AuditEntry> audit(long waddleId, int offset, int limit);

    int countAudit(long waddleId);

    /** Audit entries of every Waddle that match {@code query}, newest first. */
    List<AuditEntry> findAudit(AuditQuery query, int offset, int limit);

    int countAudit(AuditQuery query);

    void insertListLink(ListLink link);

    /** Updates name and last-sync state of the link with this id. */
    void updateListLink(ListLink link);

    void deleteListLink(long linkId);

    /** The Waddle's linked lists, by id. */
    List<ListLink> listLinks(long waddleId);

    /** Every linked list of every Waddle, by Waddle then id. */
    List<ListLink> allListLinks();

    /** Members a Bluesky sync added, with the list it added them for. */
    Map<Did, String> syncMembers(long waddleId);

    void insertSyncMember(long waddleId, Did did, String listUri);

    void deleteSyncMember(long waddleId, Did did);
}
