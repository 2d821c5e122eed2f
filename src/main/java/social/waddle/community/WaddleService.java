package social.waddle.community;

import static social.waddle.community.WaddleException.Reason.BANNED;
import static social.waddle.community.WaddleException.Reason.CONFLICT;
import static social.waddle.community.WaddleException.Reason.EXPIRED;
import static social.waddle.community.WaddleException.Reason.FORBIDDEN;
import static social.waddle.community.WaddleException.Reason.INVALID;
import static social.waddle.community.WaddleException.Reason.NOT_FOUND;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import social.waddle.atproto.AtprotoException;
import social.waddle.atproto.identity.JidLocalpart;
import social.waddle.atproto.syntax.Did;

/**
 * Everything that can be done to a Waddle, by whom. Each operation takes the acting DID, checks what that person may
 * do, keeps the invariants, writes an audit entry and, once committed, tells the {@link WaddleListener}s.
 *
 * <p>Invariants: a Waddle has exactly one owner, who is a member with role {@link Role#OWNER} and is
 * {@link Waddle#owner()}; Waddle slugs are unique, channel slugs unique within their Waddle, and neither ever changes;
 * a Waddle has at least one channel and exactly one default channel; channel positions run from 0 without gaps; a
 * banned person is not a member.
 *
 * <p>Permissions: admins and the owner manage the Waddle and its channels and give roles below their own; moderators
 * and above create invites, remove and ban people below their own rank; nobody acts on someone of equal or higher
 * rank, except the owner handing ownership to a member. The owner cannot leave without handing over ownership.
 * Public Waddles can be joined directly, the others with an invite; banned people can join in neither way until their
 * ban has expired, and an expired ban is lifted when it is next looked at or by {@link #liftExpiredBans}.
 */
public final class WaddleService {

    private static final Logger Log = LoggerFactory.getLogger(WaddleService.class);

    public static final ChannelSlug FIRST_CHANNEL_SLUG = new ChannelSlug("general");
    public static final String FIRST_CHANNEL_NAME = "General";
    public static final int MAX_NAME_LENGTH = 100;
    public static final int MAX_TEXT_LENGTH = 1000;
    public static final int MAX_CHANNELS = 100;
    public static final int MAX_INVITE_USES = 100_000;

    private final WaddleRepository repository;
    private final Clock clock;
    private final Supplier<String> inviteCodes;
    private final List<WaddleListener> listeners = new CopyOnWriteArrayList<>();

    public WaddleService(WaddleRepository repository, Clock clock) {
        this(repository, clock, InviteCodes::random);
    }

    WaddleService(WaddleRepository repository, Clock clock, Supplier<String> inviteCodes) {
        this.repository = Objects.requireNonNull(repository);
        this.clock = Objects.requireNonNull(clock);
        this.inviteCodes = Objects.requireNonNull(inviteCodes);
    }

    /** The one clock of the Waddle domain: what expiries typed in the console or in commands count from. */
    public Clock clock() {
        return clock;
    }

    public void addListener(WaddleListener listener) {
        listeners.add(Objects.requireNonNull(listener));
    }

    public void removeListener(WaddleListener listener) {
        listeners.remove(listener);
    }

    // ---- Waddles

    /** Creates a Waddle owned by {@code actor}, with one default text channel {@value #FIRST_CHANNEL_NAME}. */
    public Waddle createWaddle(Did actor, WaddleSlug slug, String name, String description, Visibility visibility)
            throws WaddleException {
        return createWaddle(Actor.of(actor), actor, slug, name, description, visibility);
    }

    /**
     * Creates a Waddle owned by {@code owner}, with one default text channel {@value #FIRST_CHANNEL_NAME}. A person
     * creates Waddles they own; a server admin creates them for anyone.
     */
    public Waddle createWaddle(Actor actor, Did owner, WaddleSlug slug, String name, String description,
                               Visibility visibility) throws WaddleException {
        requireJidMapping(owner);
        if (actor.personDid().filter(owner::equals).isEmpty() && !(actor instanceof Actor.ServerAdmin)) {
            throw new WaddleException(FORBIDDEN, "You can only create Waddles that you own yourself");
        }
        String validName = requireName("Waddle name", name);
        String validDescription = requireText("Waddle description", description);
        Objects.requireNonNull(visibility);
        return change(tx -> {
            if (tx.store.findWaddleBySlug(slug).isPresent()) {
                throw new WaddleException(CONFLICT, "The Waddle address '" + slug + "' is taken; choose another");
            }
            Waddle waddle = new Waddle(tx.store.nextId(IdSequence.WADDLE), slug, validName, validDescription, owner,
                    visibility, tx.now, tx.now);
            tx.store.insertWaddle(waddle);
            tx.store.insertMember(new Member(waddle.id(), owner, Role.OWNER, tx.now, Optional.empty()));
            tx.store.insertChannel(new Channel(tx.store.nextId(IdSequence.CHANNEL), waddle.id(), FIRST_CHANNEL_SLUG,
                    RoomNames.localpart(slug, FIRST_CHANNEL_SLUG), FIRST_CHANNEL_NAME, "", ChannelKind.TEXT, 0, true, 0,
                    Optional.empty(), tx.now));
            boolean forSomeoneElse = actor.personDid().filter(owner::equals).isEmpty();
            tx.audit(waddle, actor, AuditAction.WADDLE_CREATED, forSomeoneElse ? owner : null, null,
                    "name '" + validName + "', " + describe(visibility) + (forSomeoneElse ? ", owned by " + owner : ""));
            tx.events.add(new WaddleEvent.WaddleChanged(waddle.id()));
            tx.events.add(new WaddleEvent.ChannelsChanged(waddle.id()));
            tx.events.add(new WaddleEvent.MembershipChanged(waddle.id(), owner, Optional.empty(), Optional.of(Role.OWNER),
                    false));
            return waddle;
        });
    }

    public Waddle updateWaddle(Did actor, WaddleSlug slug, String name, String description, Visibility visibility) throws WaddleException {
        return updateWaddle(Actor.of(actor), slug, name, description, visibility);
    }

    /** Changes name, description and visibility (admins and the owner); the slug never changes. */
    public Waddle updateWaddle(Actor actor, WaddleSlug slug, String name, String description, Visibility visibility)
            throws WaddleException {
        String validName = requireName("Waddle name", name);
        String validDescription = requireText("Waddle description", description);
        Objects.requireNonNull(visibility);
        return change(tx -> {
            Waddle waddle = tx.waddle(slug);
            tx.requireRole(waddle, actor, Permission.EDIT_WADDLE.least(), "change the Waddle's settings");
            List<String> changes = new ArrayList<>();
            if (!waddle.name().equals(validName)) {
                changes.add("name '" + waddle.name() + "' → '" + validName + "'");
            }
            if (!waddle.description().equals(validDescription)) {
                changes.add("description changed");
            }
            if (waddle.visibility() != visibility) {
                changes.add(describe(waddle.visibility()) + " → " + describe(visibility));
            }
            if (changes.isEmpty()) {
                return waddle;
            }
            Waddle updated = new Waddle(waddle.id(), waddle.slug(), validName, validDescription, waddle.owner(), visibility,
                    waddle.createdAt(), tx.now);
            tx.store.updateWaddle(updated);
            tx.audit(updated, actor, AuditAction.WADDLE_UPDATED, null, null, String.join("; ", changes));
            tx.events.add(new WaddleEvent.WaddleChanged(waddle.id()));
            return updated;
        });
    }

    public void deleteWaddle(Did actor, WaddleSlug slug) throws WaddleException {
        deleteWaddle(Actor.of(actor), slug);
    }

    /** Deletes the Waddle and everything in it but its audit log (the owner only). */
    public void deleteWaddle(Actor actor, WaddleSlug slug) throws WaddleException {
        change(tx -> {
            Waddle waddle = tx.waddle(slug);
            tx.requireRole(waddle, actor, Permission.DELETE_WADDLE.least(), "delete the Waddle");
            List<Channel> channels = tx.store.channels(waddle.id());
            tx.store.deleteWaddle(waddle.id());
            tx.audit(waddle, actor, AuditAction.WADDLE_DELETED, null, null, "name '" + waddle.name() + "'");
            tx.events.add(new WaddleEvent.WaddleDeleted(waddle, channels));
            return null;
        });
    }

    // ---- Channels

    public Channel addChannel(Did actor, WaddleSlug slug, ChannelSlug channelSlug, String name, String topic, ChannelKind kind) throws WaddleException {
        return addChannel(Actor.of(actor), slug, channelSlug, name, topic, kind);
    }

    /** Adds a channel at the end of the list (admins and the owner). */
    public Channel addChannel(Actor actor, WaddleSlug slug, ChannelSlug channelSlug, String name, String topic,
                              ChannelKind kind) throws WaddleException {
        return addChannel(actor, slug, channelSlug, name, topic, kind, "");
    }

    private Channel addChannel(Actor actor, WaddleSlug slug, ChannelSlug channelSlug, String name, String topic,
                               ChannelKind kind, String how) throws WaddleException {
        String validName = requireName("Channel name", name);
        String validTopic = requireText("Channel topic", topic);
        Objects.requireNonNull(kind);
        return change(tx -> {
            Waddle waddle = tx.waddle(slug);
            tx.requireRole(waddle, actor, Permission.MANAGE_CHANNELS.least(), "add channels");
            List<Channel> channels = tx.store.channels(waddle.id());
            if (channels.stream().anyMatch(channel -> channel.slug().equals(channelSlug))) {
                throw new WaddleException(CONFLICT, "Waddle '" + slug + "' already has a channel '" + channelSlug + "'");
            }
            if (channels.size() >= MAX_CHANNELS) {
                throw new WaddleException(CONFLICT, "Waddle '" + slug + "' already has the most channels allowed ("
                        + MAX_CHANNELS + "); remove one first");
            }
            Channel channel = new Channel(tx.store.nextId(IdSequence.CHANNEL), waddle.id(), channelSlug,
                    RoomNames.localpart(slug, channelSlug), validName, validTopic, kind, channels.size(), false, 0,
                    Optional.empty(), tx.now);
            tx.store.insertChannel(channel);
            tx.audit(waddle, actor, AuditAction.CHANNEL_ADDED, null, channelSlug,
                    "name '" + validName + "', " + kind.name().toLowerCase(Locale.ROOT) + how);
            tx.events.add(new WaddleEvent.ChannelsChanged(waddle.id()));
            return channel;
        });
    }

    public Channel renameChannel(Did actor, WaddleSlug slug, ChannelSlug channelSlug, String name) throws WaddleException {
        return renameChannel(Actor.of(actor), slug, channelSlug, name);
    }

    /** Gives a channel a new display name; its slug and room stay (admins and the owner). */
    public Channel renameChannel(Actor actor, WaddleSlug slug, ChannelSlug channelSlug, String name) throws WaddleException {
        String validName = requireName("Channel name", name);
        return change(tx -> {
            Waddle waddle = tx.waddle(slug);
            tx.requireRole(waddle, actor, Permission.MANAGE_CHANNELS.least(), "rename channels");
            Channel channel = tx.channel(waddle, channelSlug);
            if (channel.name().equals(validName)) {
                return channel;
            }
            Channel renamed = new Channel(channel.id(), channel.waddleId(), channel.slug(), channel.roomLocalpart(),
                    validName, channel.topic(), channel.kind(), channel.position(), channel.isDefault(),
                    channel.messageCount(), channel.lastActivity(), channel.createdAt());
            tx.store.updateChannel(renamed);
            tx.audit(waddle, actor, AuditAction.CHANNEL_RENAMED, null, channelSlug,
                    "'" + channel.name() + "' → '" + validName + "'");
            tx.events.add(new WaddleEvent.ChannelsChanged(waddle.id()));
            return renamed;
        });
    }

    public Channel setChannelTopic(Did actor, WaddleSlug slug, ChannelSlug channelSlug, String topic) throws WaddleException {
        return setChannelTopic(Actor.of(actor), slug, channelSlug, topic);
    }

    public Channel setChannelTopic(Actor actor, WaddleSlug slug, ChannelSlug channelSlug, String topic)
            throws WaddleException {
        String validTopic = requireText("Channel topic", topic);
        return change(tx -> {
            Waddle waddle = tx.waddle(slug);
            tx.requireRole(waddle, actor, Permission.MANAGE_CHANNELS.least(), "change channel topics");
            Channel channel = tx.channel(waddle, channelSlug);
            if (channel.topic().equals(validTopic)) {
                return channel;
            }
            Channel changed = new Channel(channel.id(), channel.waddleId(), channel.slug(), channel.roomLocalpart(),
                    channel.name(), validTopic, channel.kind(), channel.position(), channel.isDefault(),
                    channel.messageCount(), channel.lastActivity(), channel.createdAt());
            tx.store.updateChannel(changed);
            tx.audit(waddle, actor, AuditAction.CHANNEL_TOPIC_CHANGED, null, channelSlug, validTopic);
            tx.events.add(new WaddleEvent.ChannelsChanged(waddle.id()));
            return changed;
        });
    }

    public List<Channel> reorderChannels(Did actor, WaddleSlug slug, List<ChannelSlug> order) throws WaddleException {
        return reorderChannels(Actor.of(actor), slug, order);
    }

    /** Puts the channels in the order given, which must name every channel exactly once (admins and the owner). */
    public List<Channel> reorderChannels(Actor actor, WaddleSlug slug, List<ChannelSlug> order) throws WaddleException {
        return change(tx -> {
            Waddle waddle = tx.waddle(slug);
            tx.requireRole(waddle, actor, Permission.MANAGE_CHANNELS.least(), "reorder channels");
            Map<ChannelSlug, Channel> channels = tx.store.channels(waddle.id()).stream()
                    .collect(Collectors.toMap(Channel::slug, Function.identity()));
            Set<ChannelSlug> named = new LinkedHashSet<>(order);
            if (named.size() != order.size() || !named.equals(channels.keySet())) {
                Set<ChannelSlug> missing = new LinkedHashSet<>(channels.keySet());
                missing.removeAll(named);
                Set<ChannelSlug> unknown = new LinkedHashSet<>(named);
                unknown.removeAll(channels.keySet());
                throw new WaddleException(INVALID, "Name every channel of Waddle '" + slug + "' exactly once"
                        + (missing.isEmpty() ? "" : "; missing: " + missing)
                        + (unknown.isEmpty() ? "" : "; no such channel: " + unknown)
                        + (named.size() != order.size() ? "; some are named twice" : ""));
            }
            List<Channel> reordered = new ArrayList<>();
            for (ChannelSlug channelSlug : order) {
                Channel channel = channels.get(channelSlug);
                Channel moved = withPosition(channel, reordered.size());
                if (moved.position() != channel.position()) {
                    tx.store.updateChannel(moved);
                }
                reordered.add(moved);
            }
            tx.audit(waddle, actor, AuditAction.CHANNELS_REORDERED, null, null,
                    order.stream().map(ChannelSlug::value).collect(Collectors.joining(", ")));
            tx.events.add(new WaddleEvent.ChannelsChanged(waddle.id()));
            return List.copyOf(reordered);
        });
    }

    public void setDefaultChannel(Did actor, WaddleSlug slug, ChannelSlug channelSlug) throws WaddleException {
        setDefaultChannel(Actor.of(actor), slug, channelSlug);
    }

    /** Makes the channel the one new members land in (admins and the owner). */
    public void setDefaultChannel(Actor actor, WaddleSlug slug, ChannelSlug channelSlug) throws WaddleException {
        change(tx -> {
            Waddle waddle = tx.waddle(slug);
            tx.requireRole(waddle, actor, Permission.MANAGE_CHANNELS.least(), "choose the default channel");
            Channel chosen = tx.channel(waddle, channelSlug);
            if (chosen.isDefault()) {
                return null;
            }
            for (Channel channel : tx.store.channels(waddle.id())) {
                if (channel.isDefault() || channel.id() == chosen.id()) {
                    tx.store.updateChannel(new Channel(channel.id(), channel.waddleId(), channel.slug(),
                            channel.roomLocalpart(), channel.name(), channel.topic(), channel.kind(), channel.position(),
                            channel.id() == chosen.id(), channel.messageCount(), channel.lastActivity(),
                            channel.createdAt()));
                }
            }
            tx.audit(waddle, actor, AuditAction.DEFAULT_CHANNEL_CHANGED, null, channelSlug, "");
            tx.events.add(new WaddleEvent.ChannelsChanged(waddle.id()));
            return null;
        });
    }

    public void removeChannel(Did actor, WaddleSlug slug, ChannelSlug channelSlug) throws WaddleException {
        removeChannel(Actor.of(actor), slug, channelSlug);
    }

    /** Removes a channel other than the default one; the others close the gap (admins and the owner). */
    public void removeChannel(Actor actor, WaddleSlug slug, ChannelSlug channelSlug) throws WaddleException {
        change(tx -> {
            Waddle waddle = tx.waddle(slug);
            tx.requireRole(waddle, actor, Permission.MANAGE_CHANNELS.least(), "remove channels");
            Channel removed = tx.channel(waddle, channelSlug);
            if (removed.isDefault()) {
                throw new WaddleException(CONFLICT, "'" + channelSlug + "' is the default channel of Waddle '" + slug
                        + "'; make another channel the default first");
            }
            tx.store.deleteChannel(removed.id());
            int position = 0;
            for (Channel channel : tx.store.channels(waddle.id())) {
                if (channel.position() != position) {
                    tx.store.updateChannel(withPosition(channel, position));
                }
                position++;
            }
            tx.audit(waddle, actor, AuditAction.CHANNEL_REMOVED, null, channelSlug, "name '" + removed.name() + "'");
            tx.events.add(new WaddleEvent.ChannelRemoved(waddle.id(), removed));
            tx.events.add(new WaddleEvent.ChannelsChanged(waddle.id()));
            return null;
        });
    }

    private static Channel withPosition(Channel channel, int position) {
        return new Channel(channel.id(), channel.waddleId(), channel.slug(), channel.roomLocalpart(), channel.name(),
                channel.topic(), channel.kind(), position, channel.isDefault(), channel.messageCount(),
                channel.lastActivity(), channel.createdAt());
    }

    // ---- Membership

    /** Joins a public Waddle as a member. */
    public Member join(Did did, WaddleSlug slug) throws WaddleException {
        requireJidMapping(did);
        return change(tx -> {
            Waddle waddle = tx.waddle(slug);
            tx.requireNotBanned(waddle, did);
            tx.requireNotMember(waddle, did);
            if (!waddle.visibility().joinableWithoutInvite()) {
                throw new WaddleException(FORBIDDEN, "Waddle '" + slug + "' can only be joined with an invite");
            }
            return tx.admit(waddle, did, "joined");
        });
    }

    /** Joins the invite's Waddle, whatever its visibility, using up one use of the invite. */
    public Member joinWithInvite(Did did, String code) throws WaddleException {
        requireJidMapping(did);
        return change(tx -> {
            Invite invite = tx.invite(code);
            Waddle waddle = tx.store.findWaddle(invite.waddleId()).orElseThrow(() -> unknownInvite());
            if (invite.expiredAt(tx.now)) {
                throw new WaddleException(EXPIRED, "This invite to Waddle '" + waddle.slug() + "' expired at "
                        + invite.expiresAt().orElseThrow() + "; ask for a new one");
            }
            if (invite.usedUp()) {
                throw usedUp(waddle);
            }
            tx.requireNotBanned(waddle, did);
            tx.requireNotMember(waddle, did);
            if (!tx.store.useInvite(invite.code())) {
                throw usedUp(waddle);
            }
            return tx.admit(waddle, did, "joined with an invite from " + invite.createdBy());
        });
    }

    private static WaddleException usedUp(Waddle waddle) {
        return new WaddleException(EXPIRED, "This invite to Waddle '" + waddle.slug() + "' has been used up; ask for a "
                + "new one");
    }

    private static WaddleException unknownInvite() {
        return new WaddleException(NOT_FOUND, "This invite code is not valid; it may have been revoked");
    }

    /** Leaves the Waddle; the owner must first hand ownership to someone else (or delete the Waddle). */
    public void leave(Did did, WaddleSlug slug) throws WaddleException {
        change(tx -> {
            Waddle waddle = tx.waddle(slug);
            Member member = tx.store.findMember(waddle.id(), did).orElseThrow(() -> new WaddleException(NOT_FOUND,
                    did + " is not a member of Waddle '" + slug + "'"));
            if (member.role() == Role.OWNER) {
                throw new WaddleException(FORBIDDEN, "The owner cannot leave Waddle '" + slug + "'; transfer ownership "
                        + "to another member first, or delete the Waddle");
            }
            tx.store.deleteMember(waddle.id(), did);
            tx.audit(waddle, did, AuditAction.MEMBER_LEFT, did, null, "was " + describe(member.role()));
            tx.events.add(new WaddleEvent.MembershipChanged(waddle.id(), did, Optional.of(member.role()), Optional.empty(),
                    false));
            return null;
        });
    }

    public void removeMember(Did actor, WaddleSlug slug, Did target) throws WaddleException {
        removeMember(Actor.of(actor), slug, target);
    }

    /** Removes a member of lower rank without banning them; they may join again (moderators and above). */
    public void removeMember(Actor actor, WaddleSlug slug, Did target) throws WaddleException {
        change(tx -> {
            Waddle waddle = tx.waddle(slug);
            Acting acting = tx.requireRole(waddle, actor, Permission.REMOVE_MEMBERS.least(), "remove members");
            Member member = tx.member(waddle, target);
            tx.requireOutranks(waddle, acting, member, "remove");
            tx.store.deleteMember(waddle.id(), target);
            tx.audit(waddle, actor, AuditAction.MEMBER_REMOVED, target, null, "was " + describe(member.role()));
            tx.events.add(new WaddleEvent.MembershipChanged(waddle.id(), target, Optional.of(member.role()),
                    Optional.empty(), false));
            return null;
        });
    }

    public Member changeRole(Did actor, WaddleSlug slug, Did target, Role newRole) throws WaddleException {
        return changeRole(Actor.of(actor), slug, target, newRole);
    }

    /**
     * Gives a member of lower rank a role below the actor's own (admins and the owner). Ownership moves only with
     * {@link #transferOwnership}.
     */
    public Member changeRole(Actor actor, WaddleSlug slug, Did target, Role newRole) throws WaddleException {
        Objects.requireNonNull(newRole);
        return change(tx -> {
            Waddle waddle = tx.waddle(slug);
            Acting acting = tx.requireRole(waddle, actor, Permission.CHANGE_ROLES.least(), "change roles");
            if (newRole == Role.OWNER) {
                throw new WaddleException(INVALID, "A Waddle has exactly one owner; use transfer of ownership to make "
                        + target + " the owner of '" + slug + "'");
            }
            Member member = tx.member(waddle, target);
            tx.requireOutranks(waddle, acting, member, "change the role of");
            if (!acting.role().outranks(newRole)) {
                throw new WaddleException(FORBIDDEN, "As " + describe(acting.role()) + " of Waddle '" + slug
                        + "' you can only give roles below your own, not " + describe(newRole));
            }
            if (member.role() == newRole) {
                return member;
            }
            tx.store.updateMemberRole(waddle.id(), target, newRole);
            tx.audit(waddle, actor, AuditAction.ROLE_CHANGED, target, null,
                    describe(member.role()) + " → " + describe(newRole));
            tx.events.add(new WaddleEvent.MembershipChanged(waddle.id(), target, Optional.of(member.role()),
                    Optional.of(newRole), false));
            return member.withRole(newRole);
        });
    }

    public Waddle transferOwnership(Did actor, WaddleSlug slug, Did newOwner) throws WaddleException {
        return transferOwnership(Actor.of(actor), slug, newOwner);
    }

    /** Makes another member the owner; the previous owner becomes an admin (the owner only). */
    public Waddle transferOwnership(Actor actor, WaddleSlug slug, Did newOwner) throws WaddleException {
        return change(tx -> {
            Waddle waddle = tx.waddle(slug);
            tx.requireRole(waddle, actor, Permission.TRANSFER_OWNERSHIP.least(), "transfer ownership");
            Did previousOwner = waddle.owner();
            if (newOwner.equals(previousOwner)) {
                throw new WaddleException(INVALID, actor.personDid().filter(previousOwner::equals).isPresent()
                        ? "You already own Waddle '" + slug + "'"
                        : newOwner + " already owns Waddle '" + slug + "'");
            }
            Member heir = tx.member(waddle, newOwner);
            tx.store.updateMemberRole(waddle.id(), newOwner, Role.OWNER);
            tx.store.updateMemberRole(waddle.id(), previousOwner, Role.ADMIN);
            Waddle transferred = new Waddle(waddle.id(), waddle.slug(), waddle.name(), waddle.description(), newOwner,
                    waddle.visibility(), waddle.createdAt(), tx.now);
            tx.store.updateWaddle(transferred);
            tx.audit(transferred, actor, AuditAction.OWNERSHIP_TRANSFERRED, newOwner, null,
                    "new owner was " + describe(heir.role()) + "; previous owner is now admin");
            tx.events.add(new WaddleEvent.MembershipChanged(waddle.id(), newOwner, Optional.of(heir.role()),
                    Optional.of(Role.OWNER), false));
            tx.events.add(new WaddleEvent.MembershipChanged(waddle.id(), previousOwner, Optional.of(Role.OWNER),
                    Optional.of(Role.ADMIN), false));
            return transferred;
        });
    }

    // ---- Bans

    public Ban ban(Did actor, WaddleSlug slug, Did target, String reason, Optional<Instant> expiresAt) throws WaddleException {
        return ban(Actor.of(actor), slug, target, reason, expiresAt);
    }

    /**
     * Bans {@code target} until {@code expiresAt} (or for good), removing them from the Waddle if they are a member.
     * Moderators and above may ban people below their own rank and people who are not members.
     */
    public Ban ban(Actor actor, WaddleSlug slug, Did target, String reason, Optional<Instant> expiresAt)
            throws WaddleException {
        String validReason = requireText("Ban reason", reason);
        Objects.requireNonNull(expiresAt);
        requireJidMapping(target);
        return change(tx -> {
            Waddle waddle = tx.waddle(slug);
            Acting acting = tx.requireRole(waddle, actor, Permission.BAN.least(), "ban people");
            if (actor.personDid().filter(target::equals).isPresent()) {
                throw new WaddleException(INVALID, "You cannot ban yourself from Waddle '" + slug + "'");
            }
            if (expiresAt.isPresent() && !expiresAt.get().isAfter(tx.now)) {
                throw new WaddleException(INVALID, "A ban must expire in the future, not at " + expiresAt.get());
            }
            Optional<Ban> existing = tx.activeBan(waddle, target);
            if (existing.isPresent()) {
                throw new WaddleException(CONFLICT, target + " is already banned from Waddle '" + slug + "'"
                        + until(existing.get()) + "; lift that ban first to change it");
            }
            Optional<Member> member = tx.store.findMember(waddle.id(), target);
            if (member.isPresent()) {
                tx.requireOutranks(waddle, acting, member.get(), "ban");
                tx.store.deleteMember(waddle.id(), target);
            }
            Ban ban = new Ban(waddle.id(), target, validReason, actor, tx.now, expiresAt);
            tx.store.insertBan(ban);
            tx.audit(waddle, actor, AuditAction.MEMBER_BANNED, target, null,
                    (expiresAt.map(at -> "until " + at).orElse("for good"))
                            + (validReason.isEmpty() ? "" : ": " + validReason));
            tx.events.add(new WaddleEvent.MembershipChanged(waddle.id(), target, member.map(Member::role),
                    Optional.empty(), true));
            return ban;
        });
    }

    public void unban(Did actor, WaddleSlug slug, Did target) throws WaddleException {
        unban(Actor.of(actor), slug, target);
    }

    /** Lifts a ban (moderators and above); the person may join again but is not made a member. */
    public void unban(Actor actor, WaddleSlug slug, Did target) throws WaddleException {
        change(tx -> {
            Waddle waddle = tx.waddle(slug);
            tx.requireRole(waddle, actor, Permission.BAN.least(), "lift bans");
            Ban ban = tx.store.findBan(waddle.id(), target).orElseThrow(() -> new WaddleException(NOT_FOUND,
                    target + " is not banned from Waddle '" + slug + "'"));
            tx.store.deleteBan(waddle.id(), target);
            tx.audit(waddle, actor, AuditAction.MEMBER_UNBANNED, target, null, "banned by " + ban.bannedBy());
            tx.events.add(new WaddleEvent.MembershipChanged(waddle.id(), target, Optional.empty(), Optional.empty(),
                    false));
            return null;
        });
    }

    /** Lifts every ban that has expired by {@code now}, in every Waddle; returns how many. For a periodic task. */
    public int liftExpiredBans(Instant now) throws WaddleException {
        return change(tx -> {
            List<Ban> expired = tx.store.bansExpiredAt(now);
            for (Ban ban : expired) {
                Optional<Waddle> waddle = tx.store.findWaddle(ban.waddleId());
                if (waddle.isPresent()) {
                    tx.liftExpired(waddle.get(), ban);
                }
            }
            return expired.size();
        });
    }

    // ---- Linked Bluesky lists

    /** A Waddle links at most this many lists. */
    public static final int MAX_LIST_LINKS = 20;

    /**
     * Links a Bluesky source to the Waddle (admins and the owner). Only lists held in the repository of the Waddle's
     * owner or of one of its admins ({@code repo}, the DID in the list's AT URI) can be linked, so nobody links
     * someone else's list to a Waddle.
     */
    public ListLink linkList(Actor actor, WaddleSlug slug, String uri, Did repo, LinkKind kind, SyncMode mode,
                             String name) throws WaddleException {
        Objects.requireNonNull(kind);
        Objects.requireNonNull(mode);
        Actor.BlueskySync sync;
        try {
            sync = new Actor.BlueskySync(uri);
        } catch (IllegalArgumentException e) {
            throw new WaddleException(INVALID, "The list's AT URI is not valid or longer than "
                    + Actor.BlueskySync.MAX_URI_LENGTH + " characters");
        }
        if (!uri.startsWith("at://" + repo + "/")) {
            throw new WaddleException(INVALID, uri + " is not held in the repository of " + repo);
        }
        return change(tx -> {
            Waddle waddle = tx.waddle(slug);
            tx.requireRole(waddle, actor, Permission.MANAGE_LISTS.least(), "link Bluesky lists");
            tx.requireListOwner(waddle, uri, repo);
            List<ListLink> links = tx.store.listLinks(waddle.id());
            if (links.stream().anyMatch(link -> link.uri().equals(uri))) {
                throw new WaddleException(CONFLICT, uri + " is already linked to Waddle '" + slug + "'");
            }
            if (links.size() >= MAX_LIST_LINKS) {
                throw new WaddleException(CONFLICT, "Waddle '" + slug + "' already links the most lists allowed ("
                        + MAX_LIST_LINKS + ")");
            }
            ListLink link = new ListLink(tx.store.nextId(IdSequence.LIST_LINK), waddle.id(), sync.listUri(), kind, mode,
                    name == null ? "" : name.replaceAll("\\p{Cntrl}", " ").strip(), actor, tx.now, Optional.empty(), 0, 0,
                    0, 0, Optional.empty(), 0, 0, Optional.empty());
            tx.store.insertListLink(link);
            tx.audit(waddle, actor, AuditAction.LIST_LINKED, null, null, uri + " (" + describe(kind, mode) + ")");
            return link;
        });
    }

    /**
     * Unlinks a list (admins and the owner). What it did stays until the next sync, which removes the members it added
     * that no other list names and lifts its bans.
     */
    public void unlinkList(Actor actor, WaddleSlug slug, String uri) throws WaddleException {
        change(tx -> {
            Waddle waddle = tx.waddle(slug);
            tx.requireRole(waddle, actor, Permission.MANAGE_LISTS.least(), "unlink Bluesky lists");
            ListLink link = tx.store.listLinks(waddle.id()).stream().filter(l -> l.uri().equals(uri)).findFirst()
                    .orElseThrow(() -> new WaddleException(NOT_FOUND, uri + " is not linked to Waddle '" + slug + "'"));
            tx.store.deleteListLink(link.id());
            tx.audit(waddle, actor, AuditAction.LIST_UNLINKED, null, null, uri);
            return null;
        });
    }

    public List<ListLink> listLinks(WaddleSlug slug) throws WaddleException {
        Waddle waddle = repository.findWaddleBySlug(slug).orElseThrow(() -> new WaddleException(NOT_FOUND,
                "There is no Waddle '" + slug + "'"));
        return repository.read(store -> store.listLinks(waddle.id()));
    }

    /** Every linked list of every Waddle, for the periodic sync. */
    public List<ListLink> allListLinks() {
        return repository.read(WaddleStore::allListLinks);
    }

    /** What a sync with these lists would change now, changing nothing (a dry run). */
    public SyncPlan planListSync(WaddleSlug slug, List<FetchedList> lists) throws WaddleException {
        return repository.inTransaction(store -> {
            Tx tx = new Tx(store, clock.instant(), new ArrayList<>());
            Waddle waddle = tx.waddle(slug);
            for (FetchedList fetched : lists) {
                tx.requireListOwner(waddle, fetched.link().uri(), repoOf(fetched.link()));
            }
            return SyncPlanner.plan(waddle, store.members(waddle.id()), store.bans(waddle.id()),
                    store.syncMembers(waddle.id()), lists, tx.now);
        });
    }

    /**
     * Plans and applies a sync of the Waddle with what its linked lists name now, all in one transaction: every change
     * or none, each audited as done by the Bluesky sync of the list it is for. The plan is made inside the
     * transaction, so it acts on the Waddle as it is, not as it was when the lists were read. A list whose owner is no
     * longer the Waddle's owner or an admin fails the whole run.
     */
    public SyncPlan applyListSync(WaddleSlug slug, List<FetchedList> lists) throws WaddleException {
        return change(tx -> {
            Waddle waddle = tx.waddle(slug);
            for (FetchedList fetched : lists) {
                tx.requireListOwner(waddle, fetched.link().uri(), repoOf(fetched.link()));
            }
            Map<Did, String> syncAdded = tx.store.syncMembers(waddle.id());
            SyncPlan plan = SyncPlanner.plan(waddle, tx.store.members(waddle.id()), tx.store.bans(waddle.id()),
                    syncAdded, lists, tx.now);
            for (SyncPlan.Change lift : plan.lifts()) {
                Actor actor = new Actor.BlueskySync(lift.listUri());
                tx.store.deleteBan(waddle.id(), lift.did());
                tx.audit(waddle, actor, AuditAction.MEMBER_UNBANNED, lift.did(), null, "no linked list names them any more");
                tx.events.add(new WaddleEvent.MembershipChanged(waddle.id(), lift.did(), Optional.empty(), Optional.empty(),
                        false));
            }
            for (SyncPlan.Change ban : plan.bans()) {
                Actor actor = new Actor.BlueskySync(ban.listUri());
                Optional<Member> member = tx.store.findMember(waddle.id(), ban.did());
                if (member.isPresent()) {
                    tx.store.deleteMember(waddle.id(), ban.did());
                }
                tx.store.deleteSyncMember(waddle.id(), ban.did());
                tx.store.insertBan(new Ban(waddle.id(), ban.did(), "on " + ban.listUri(), actor, tx.now, Optional.empty()));
                tx.audit(waddle, actor, AuditAction.MEMBER_BANNED, ban.did(), null, "for good: on " + ban.listUri());
                tx.events.add(new WaddleEvent.MembershipChanged(waddle.id(), ban.did(), member.map(Member::role),
                        Optional.empty(), true));
            }
            for (SyncPlan.Change removal : plan.removals()) {
                Actor actor = new Actor.BlueskySync(removal.listUri());
                Member member = tx.member(waddle, removal.did());
                tx.store.deleteMember(waddle.id(), removal.did());
                tx.store.deleteSyncMember(waddle.id(), removal.did());
                tx.audit(waddle, actor, AuditAction.MEMBER_REMOVED, removal.did(), null,
                        "was " + describe(member.role()) + "; no linked list names them");
                tx.events.add(new WaddleEvent.MembershipChanged(waddle.id(), removal.did(), Optional.of(member.role()),
                        Optional.empty(), false));
            }
            for (SyncPlan.Change add : plan.adds()) {
                Actor actor = new Actor.BlueskySync(add.listUri());
                tx.store.insertMember(new Member(waddle.id(), add.did(), Role.MEMBER, tx.now, Optional.empty()));
                tx.store.deleteSyncMember(waddle.id(), add.did());
                tx.store.insertSyncMember(waddle.id(), add.did(), add.listUri());
                tx.audit(waddle, actor, AuditAction.MEMBER_ADDED, add.did(), null, "on " + add.listUri());
                tx.events.add(new WaddleEvent.MembershipChanged(waddle.id(), add.did(), Optional.empty(),
                        Optional.of(Role.MEMBER), false));
            }
            // Members who left by other ways are no longer the sync's to remove.
            Set<Did> stillMembers = tx.store.members(waddle.id()).stream().map(Member::did).collect(Collectors.toSet());
            for (Did did : syncAdded.keySet()) {
                if (!stillMembers.contains(did)) {
                    tx.store.deleteSyncMember(waddle.id(), did);
                }
            }
            for (FetchedList fetched : lists) {
                SyncPlan.LinkStats stats = plan.stats().get(fetched.link().uri());
                tx.store.updateListLink(fetched.link().synced(tx.now, stats.name(), stats.people(), stats.added(),
                        stats.removed(), stats.banned(), fetched.ignored(), fetched.ignoredExamples()));
            }
            return plan;
        });
    }

    /** Records that a sync of these links failed (nothing else is changed). */
    public void recordListSyncFailure(WaddleSlug slug, List<ListLink> links, String error) throws WaddleException {
        change(tx -> {
            Waddle waddle = tx.waddle(slug);
            Map<Long, ListLink> current = tx.store.listLinks(waddle.id()).stream()
                    .collect(Collectors.toMap(ListLink::id, Function.identity()));
            for (ListLink link : links) {
                ListLink now = current.get(link.id());
                if (now != null) {
                    tx.store.updateListLink(now.failed(tx.now, error));
                }
            }
            return null;
        });
    }

    /** The DID of the repository that holds a linked list: the authority of its AT URI. */
    static Did repoOf(ListLink link) throws WaddleException {
        String rest = link.uri().substring("at://".length());
        int slash = rest.indexOf('/');
        try {
            return Did.parse(slash < 0 ? rest : rest.substring(0, slash));
        } catch (AtprotoException e) {
            throw new WaddleException(INVALID, "Linked list " + link.uri() + " does not name its repository by DID");
        }
    }

    private static String describe(LinkKind kind, SyncMode mode) {
        return switch (kind) {
            case MEMBERS -> "members, " + (mode == SyncMode.EXACT ? "exact" : "add only");
            case BANS -> "moderation list: bans";
            case BLOCKS -> "the owner's blocks: bans";
        };
    }

    // ---- Invites

    public Invite createInvite(Did actor, WaddleSlug slug, Optional<Instant> expiresAt, OptionalInt maxUses) throws WaddleException {
        return createInvite(Actor.of(actor), slug, expiresAt, maxUses);
    }

    /**
     * Creates an invite code to the Waddle (moderators and above), valid until {@code expiresAt} (or for good) and
     * for {@code maxUses} joins (or any number).
     */
    public Invite createInvite(Actor actor, WaddleSlug slug, Optional<Instant> expiresAt, OptionalInt maxUses)
            throws WaddleException {
        Objects.requireNonNull(expiresAt);
        Objects.requireNonNull(maxUses);
        if (maxUses.isPresent() && (maxUses.getAsInt() < 1 || maxUses.getAsInt() > MAX_INVITE_USES)) {
            throw new WaddleException(INVALID, "An invite can be used 1 to " + MAX_INVITE_USES + " times, not "
                    + maxUses.getAsInt());
        }
        return change(tx -> {
            Waddle waddle = tx.waddle(slug);
            tx.requireRole(waddle, actor, Permission.INVITE.least(), "create invites");
            if (expiresAt.isPresent() && !expiresAt.get().isAfter(tx.now)) {
                throw new WaddleException(INVALID, "An invite must expire in the future, not at " + expiresAt.get());
            }
            Invite invite = new Invite(inviteCodes.get(), waddle.id(), actor, tx.now, expiresAt, maxUses, 0);
            tx.store.insertInvite(invite);
            tx.audit(waddle, actor, AuditAction.INVITE_CREATED, null, null, describe(invite));
            return invite;
        });
    }

    public void revokeInvite(Did actor, String code) throws WaddleException {
        revokeInvite(Actor.of(actor), code);
    }

    /** Revokes an invite: its creator while still a member, or any admin and the owner. */
    public void revokeInvite(Actor actor, String code) throws WaddleException {
        change(tx -> {
            Invite invite = tx.invite(code);
            Waddle waddle = tx.store.findWaddle(invite.waddleId()).orElseThrow(() -> unknownInvite());
            if (!invite.createdBy().equals(actor)
                    || actor.personDid().flatMap(did -> tx.store.findMember(waddle.id(), did)).isEmpty()) {
                tx.requireRole(waddle, actor, Permission.REVOKE_ANY_INVITE.least(), "revoke invites made by others");
            }
            tx.store.deleteInvite(invite.code());
            tx.audit(waddle, actor, AuditAction.INVITE_REVOKED, null, null, describe(invite) + ", used "
                    + invite.uses() + " times");
            return null;
        });
    }

    public List<Invite> invites(Did actor, WaddleSlug slug) throws WaddleException {
        return invites(Actor.of(actor), slug);
    }

    /** The Waddle's invites, with their codes (moderators and above). */
    public List<Invite> invites(Actor actor, WaddleSlug slug) throws WaddleException {
        return repository.inTransaction(store -> {
            Tx tx = new Tx(store, clock.instant(), new ArrayList<>());
            Waddle waddle = tx.waddle(slug);
            tx.requireRole(waddle, actor, Permission.INVITE.least(), "see invites");
            return store.invites(waddle.id());
        });
    }

    /**
     * Refuses, with the words a change would use, an actor who lacks {@code permission} in the Waddle: for work the
     * service does not do itself, such as a list sync started by hand.
     */
    public void requirePermission(Actor actor, WaddleSlug slug, Permission permission, String what)
            throws WaddleException {
        repository.inTransaction(store -> {
            Tx tx = new Tx(store, clock.instant(), new ArrayList<>());
            tx.requireRole(tx.waddle(slug), actor, permission.least(), what);
            return null;
        });
    }

    /** The Waddle's bans, with reasons and expiry (moderators and above). */
    public List<Ban> bans(Actor actor, WaddleSlug slug) throws WaddleException {
        return repository.inTransaction(store -> {
            Tx tx = new Tx(store, clock.instant(), new ArrayList<>());
            Waddle waddle = tx.waddle(slug);
            tx.requireRole(waddle, actor, Permission.BAN.least(), "see bans");
            return store.bans(waddle.id());
        });
    }

    public List<AuditEntry> auditLog(Did actor, WaddleSlug slug, int offset, int limit) throws WaddleException {
        return auditLog(Actor.of(actor), slug, offset, limit);
    }

    /** The Waddle's audit log, newest first (moderators and above). */
    public List<AuditEntry> auditLog(Actor actor, WaddleSlug slug, int offset, int limit) throws WaddleException {
        return repository.inTransaction(store -> {
            Tx tx = new Tx(store, clock.instant(), new ArrayList<>());
            Waddle waddle = tx.waddle(slug);
            tx.requireRole(waddle, actor, Permission.READ_AUDIT.least(), "read the audit log");
            return store.audit(waddle.id(), offset, limit);
        });
    }

    // ---- Activity from room events (no audit: these are not changes anyone made to the Waddle)

    /**
     * Counts one message in the channel whose room is {@code roomLocalpart} and marks its sender as seen. Returns false,
     * doing nothing, when the room is not a Waddle channel.
     */
    public boolean recordMessage(String roomLocalpart, Optional<Did> sender) {
        Instant now = clock.instant();
        return repository.read(store -> {
            Optional<Channel> channel = RoomNames.parse(roomLocalpart).flatMap(room -> store.findChannelByRoom(roomLocalpart));
            channel.ifPresent(found -> {
                store.recordMessage(found.id(), now);
                sender.ifPresent(did -> store.recordSeen(found.waddleId(), did, now));
            });
            return channel.isPresent();
        });
    }

    /** Marks {@code did} as seen in the Waddle of the room (when they join it, or leave it). */
    public boolean recordSeen(String roomLocalpart, Did did) {
        Instant now = clock.instant();
        return repository.read(store -> {
            Optional<Channel> channel = RoomNames.parse(roomLocalpart).flatMap(room -> store.findChannelByRoom(roomLocalpart));
            channel.ifPresent(found -> store.recordSeen(found.waddleId(), did, now));
            return channel.isPresent();
        });
    }

    /**
     * Counts what happened in a channel's room since the last call: {@code messages} messages, the last at
     * {@code lastMessageAt}, and the members seen, each at the given time. One transaction, so a busy room costs one
     * write per flush rather than one per message. Returns false, doing nothing, when the room is not a Waddle channel.
     */
    public boolean recordActivity(String roomLocalpart, long messages, Optional<Instant> lastMessageAt,
                                  Map<Did, Instant> seen) {
        if (messages < 0 || (messages > 0 && lastMessageAt.isEmpty())) {
            throw new IllegalArgumentException(messages + " messages need the time of the last one");
        }
        return repository.read(store -> {
            Optional<Channel> channel = RoomNames.parse(roomLocalpart).flatMap(room -> store.findChannelByRoom(roomLocalpart));
            channel.ifPresent(found -> {
                if (messages > 0) {
                    store.recordMessages(found.id(), messages, lastMessageAt.orElseThrow());
                }
                seen.forEach((did, at) -> store.recordSeen(found.waddleId(), did, at));
            });
            return channel.isPresent();
        });
    }

    // ---- Room changes made in the MUC service, mirrored into the Waddle (the server acts; audited)

    /** The channel whose room is {@code roomLocalpart}, if it is one. */
    public Optional<Channel> channelOfRoom(String roomLocalpart) {
        if (RoomNames.parse(roomLocalpart).isEmpty()) {
            return Optional.empty();
        }
        return repository.read(store -> store.findChannelByRoom(roomLocalpart));
    }

    /**
     * Makes a room's new subject its channel's topic, whoever set it in the room (the MUC service already decided
     * they could). The server is the actor of the audit entry; {@code setBy} (empty when not a DID-backed account)
     * and the topic are its detail. Control characters are dropped and the topic cut to {@value #MAX_TEXT_LENGTH}
     * characters. Empty when the room is no channel; the unchanged channel when the topic was already that.
     */
    public Optional<Channel> mirrorRoomSubject(String roomLocalpart, String subject, Optional<Did> setBy)
            throws WaddleException {
        String topic = roomText(subject);
        if (RoomNames.parse(roomLocalpart).isEmpty()) {
            return Optional.empty();
        }
        return change(tx -> {
            Optional<Channel> found = tx.store.findChannelByRoom(roomLocalpart);
            if (found.isEmpty() || found.get().topic().equals(topic)) {
                return found;
            }
            Channel channel = found.get();
            Waddle waddle = tx.store.findWaddle(channel.waddleId()).orElseThrow();
            Channel changed = new Channel(channel.id(), channel.waddleId(), channel.slug(), channel.roomLocalpart(),
                    channel.name(), topic, channel.kind(), channel.position(), channel.isDefault(),
                    channel.messageCount(), channel.lastActivity(), channel.createdAt());
            tx.store.updateChannel(changed);
            tx.serverAudit(waddle, AuditAction.CHANNEL_TOPIC_CHANGED, setBy.orElse(null), channel.slug(),
                    "room subject set by " + setBy.map(Did::toString).orElse("someone without a DID") + ": " + topic);
            tx.events.add(new WaddleEvent.ChannelsChanged(waddle.id()));
            return Optional.of(changed);
        });
    }

    /**
     * Records that a channel's room was destroyed by someone other than Waddle. The channel stays; a
     * {@link WaddleEvent.ChannelsChanged} tells room provisioning, which recreates every channel's missing room.
     * Empty when the room was no channel (nothing recorded).
     */
    public Optional<Channel> reportRoomDestroyed(String roomLocalpart) throws WaddleException {
        if (RoomNames.parse(roomLocalpart).isEmpty()) {
            return Optional.empty();
        }
        return change(tx -> {
            Optional<Channel> found = tx.store.findChannelByRoom(roomLocalpart);
            if (found.isPresent()) {
                Waddle waddle = tx.store.findWaddle(found.get().waddleId()).orElseThrow();
                tx.serverAudit(waddle, AuditAction.CHANNEL_ROOM_DESTROYED, null, found.get().slug(),
                        "room " + roomLocalpart + " was destroyed outside Waddle; it will be recreated");
                tx.events.add(new WaddleEvent.ChannelsChanged(waddle.id()));
            }
            return found;
        });
    }

    /**
     * Makes a room someone created by hand in the Waddle MUC service, named as channel {@code c} of Waddle {@code w}
     * ({@link RoomNames}), that Waddle's new channel {@code c}, on behalf of its creator: only admins and the owner may
     * (as for {@link #addChannel}); the channel is named after its slug.
     */
    public Channel adoptRoom(Did creator, String roomLocalpart) throws WaddleException {
        RoomNames.ChannelRoom room = RoomNames.parse(roomLocalpart).orElseThrow(() -> new WaddleException(INVALID,
                "Room '" + roomLocalpart + "' is not named as a Waddle channel"));
        return addChannel(Actor.of(creator), room.waddle(), room.channel(), room.channel().value(), "", ChannelKind.TEXT,
                ", adopted from room " + roomLocalpart + " created in the MUC service");
    }

    private static String roomText(String text) {
        String kept = (text == null ? "" : text).codePoints()
                .filter(c -> !Character.isISOControl(c) || c == '\n' || c == '\t')
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
                .toString().strip();
        return kept.length() <= MAX_TEXT_LENGTH ? kept : kept.substring(0, MAX_TEXT_LENGTH - 1) + "…";
    }

    // ---- Reads anyone may make (for the user-facing side; the admin pages read the repository)

    public Optional<Waddle> find(WaddleSlug slug) {
        return repository.findWaddleBySlug(slug);
    }

    public Optional<Waddle> find(long waddleId) {
        return repository.findWaddle(waddleId);
    }

    public List<Channel> channels(WaddleSlug slug) throws WaddleException {
        return repository.inTransaction(store -> store.channels(new Tx(store, clock.instant(), new ArrayList<>())
                .waddle(slug).id()));
    }

    public List<Member> members(WaddleSlug slug) throws WaddleException {
        return repository.inTransaction(store -> store.members(new Tx(store, clock.instant(), new ArrayList<>())
                .waddle(slug).id()));
    }

    public List<Waddle> waddlesOf(Did did) {
        return repository.read(store -> store.waddlesOf(did));
    }

    /** Up to {@code limit} Waddles that directories show (public and invite-only, not private), by slug. */
    public List<Waddle> listedWaddles(int limit) {
        int page = Math.max(1, Math.min(limit, 200));
        List<Waddle> listed = new ArrayList<>();
        for (int offset = 0; listed.size() < limit; offset += page) {
            List<Waddle> waddles = repository.findWaddles("", offset, page);
            waddles.stream().filter(waddle -> waddle.visibility() != Visibility.PRIVATE)
                    .limit(limit - listed.size()).forEach(listed::add);
            if (waddles.size() < page) {
                break;
            }
        }
        return List.copyOf(listed);
    }

    // ---- Machinery

    @FunctionalInterface
    private interface Change<T> {
        T apply(Tx tx) throws WaddleException;
    }

    /** Runs one change in a transaction, then tells the listeners what it committed. */
    private <T> T change(Change<T> change) throws WaddleException {
        List<WaddleEvent> events = new ArrayList<>();
        T result;
        try {
            result = repository.inTransaction(store -> {
                events.clear();
                return change.apply(new Tx(store, clock.instant(), events));
            });
        } catch (WaddleStorageException e) {
            if (e.constraintViolation()) {
                Log.debug("Concurrent Waddle change refused by the database", e);
                throw new WaddleException(CONFLICT, "Someone changed this Waddle at the same time; try again");
            }
            throw e;
        }
        for (WaddleEvent event : events) {
            publish(event);
        }
        return result;
    }

    private void publish(WaddleEvent event) {
        for (WaddleListener listener : listeners) {
            try {
                listener.onEvent(event);
            } catch (RuntimeException e) {
                Log.warn("Waddle listener {} failed on {}", listener, event, e);
            }
        }
    }

    /** Who acts in a change, with the rank they act with: their role, or the owner's for a server admin. */
    private record Acting(Actor actor, Role role) {
    }

    /** One transaction's store, its time and the events it will publish once committed. */
    private static final class Tx {

        final WaddleStore store;
        final Instant now;
        final List<WaddleEvent> events;

        Tx(WaddleStore store, Instant now, List<WaddleEvent> events) {
            this.store = store;
            this.now = now;
            this.events = events;
        }

        Waddle waddle(WaddleSlug slug) throws WaddleException {
            return store.findWaddleBySlug(slug).orElseThrow(() -> new WaddleException(NOT_FOUND,
                    "There is no Waddle '" + slug + "'"));
        }

        Channel channel(Waddle waddle, ChannelSlug slug) throws WaddleException {
            return store.channels(waddle.id()).stream().filter(channel -> channel.slug().equals(slug)).findFirst()
                    .orElseThrow(() -> new WaddleException(NOT_FOUND, "Waddle '" + waddle.slug() + "' has no channel '"
                            + slug + "'"));
        }

        Member member(Waddle waddle, Did did) throws WaddleException {
            return store.findMember(waddle.id(), did).orElseThrow(() -> new WaddleException(NOT_FOUND,
                    did + " is not a member of Waddle '" + waddle.slug() + "'"));
        }

        Invite invite(String code) throws WaddleException {
            if (code == null || code.isBlank() || code.length() > 64) {
                throw unknownInvite();
            }
            return store.findInvite(code.trim()).orElseThrow(WaddleService::unknownInvite);
        }

        /** A server admin acts with the owner's powers without being a member. */
        Acting requireRole(Waddle waddle, Actor actor, Role least, String what) throws WaddleException {
            if (actor instanceof Actor.ServerAdmin) {
                return new Acting(actor, Role.OWNER);
            }
            if (actor instanceof Actor.BlueskySync) {
                if (!least.atLeast(Role.OWNER)) {
                    return new Acting(actor, Role.ADMIN);
                }
                throw new WaddleException(FORBIDDEN, "A Bluesky sync cannot " + what);
            }
            Did did = actor.personDid().orElseThrow();
            Optional<Member> acting = store.findMember(waddle.id(), did);
            if (acting.isEmpty()) {
                throw new WaddleException(FORBIDDEN, "Only members of Waddle '" + waddle.slug() + "' can " + what
                        + ", and " + did + " is not one");
            }
            if (!acting.get().role().atLeast(least)) {
                throw new WaddleException(FORBIDDEN, "Only " + whoMay(least) + " of Waddle '" + waddle.slug() + "' can "
                        + what + "; you are " + describe(acting.get().role()));
            }
            return new Acting(actor, acting.get().role());
        }

        void requireOutranks(Waddle waddle, Acting acting, Member target, String verb) throws WaddleException {
            if (acting.actor().personDid().filter(target.did()::equals).isPresent()) {
                throw new WaddleException(FORBIDDEN, "You cannot " + verb + " yourself in Waddle '" + waddle.slug() + "'");
            }
            if (!acting.role().outranks(target.role())) {
                throw new WaddleException(FORBIDDEN, "You cannot " + verb + " " + target.did() + ": they are "
                        + describe(target.role()) + " of Waddle '" + waddle.slug() + "' and you are "
                        + describe(acting.role()) + "; only someone of higher rank can");
            }
        }

        /** Only lists in the repository of the Waddle's owner or one of its admins may rule it. */
        void requireListOwner(Waddle waddle, String uri, Did repo) throws WaddleException {
            if (repo.equals(waddle.owner())) {
                return;
            }
            Optional<Member> holder = store.findMember(waddle.id(), repo);
            if (holder.isEmpty() || !holder.get().role().atLeast(Role.ADMIN)) {
                throw new WaddleException(FORBIDDEN, uri + " belongs to " + repo + ", who is neither the owner nor an "
                        + "admin of Waddle '" + waddle.slug() + "'; only their own lists can be linked to it");
            }
        }

        void requireNotMember(Waddle waddle, Did did) throws WaddleException {
            if (store.findMember(waddle.id(), did).isPresent()) {
                throw new WaddleException(CONFLICT, did + " is already a member of Waddle '" + waddle.slug() + "'");
            }
        }

        void requireNotBanned(Waddle waddle, Did did) throws WaddleException {
            Optional<Ban> ban = activeBan(waddle, did);
            if (ban.isPresent()) {
                throw new WaddleException(BANNED, did + " is banned from Waddle '" + waddle.slug() + "'"
                        + until(ban.get()) + (ban.get().reason().isEmpty() ? "" : ": " + ban.get().reason()));
            }
        }

        /** The ban that holds now; a ban found expired is lifted on the way. */
        Optional<Ban> activeBan(Waddle waddle, Did did) {
            Optional<Ban> ban = store.findBan(waddle.id(), did);
            if (ban.isPresent() && !ban.get().activeAt(now)) {
                liftExpired(waddle, ban.get());
                return Optional.empty();
            }
            return ban;
        }

        void liftExpired(Waddle waddle, Ban ban) {
            store.deleteBan(waddle.id(), ban.did());
            store.insertAudit(new AuditEntry(store.nextId(IdSequence.AUDIT), waddle.id(), waddle.slug(), Optional.empty(),
                    AuditAction.BAN_EXPIRED, Optional.of(ban.did()), Optional.empty(),
                    "banned by " + ban.bannedBy() + " until " + ban.expiresAt().orElseThrow(), now));
            events.add(new WaddleEvent.MembershipChanged(waddle.id(), ban.did(), Optional.empty(), Optional.empty(), false));
        }

        Member admit(Waddle waddle, Did did, String how) {
            Member member = new Member(waddle.id(), did, Role.MEMBER, now, Optional.empty());
            store.insertMember(member);
            audit(waddle, did, AuditAction.MEMBER_JOINED, did, null, how);
            events.add(new WaddleEvent.MembershipChanged(waddle.id(), did, Optional.empty(), Optional.of(Role.MEMBER),
                    false));
            return member;
        }

        /** An entry whose actor is the server itself. */
        void serverAudit(Waddle waddle, AuditAction action, Did target, ChannelSlug channel, String detail) {
            String bounded = detail.length() <= MAX_TEXT_LENGTH ? detail : detail.substring(0, MAX_TEXT_LENGTH - 1) + "…";
            store.insertAudit(new AuditEntry(store.nextId(IdSequence.AUDIT), waddle.id(), waddle.slug(), Optional.empty(),
                    action, Optional.ofNullable(target), Optional.ofNullable(channel), bounded, now));
        }

        void audit(Waddle waddle, Did actor, AuditAction action, Did target, ChannelSlug channel, String detail) {
            audit(waddle, Actor.of(actor), action, target, channel, detail);
        }

        void audit(Waddle waddle, Actor actor, AuditAction action, Did target, ChannelSlug channel, String detail) {
            String bounded = detail.length() <= MAX_TEXT_LENGTH ? detail : detail.substring(0, MAX_TEXT_LENGTH - 1) + "…";
            store.insertAudit(AuditEntry.by(store.nextId(IdSequence.AUDIT), waddle.id(), waddle.slug(),
                    Optional.of(actor), action, Optional.ofNullable(target), Optional.ofNullable(channel), bounded, now));
        }
    }

    // ---- Validation and wording

    /** Members' JIDs are derived from their DIDs, so only DIDs with a JID mapping can be admitted. */
    private static void requireJidMapping(Did did) throws WaddleException {
        Objects.requireNonNull(did);
        try {
            JidLocalpart.toLocalpart(did);
        } catch (AtprotoException e) {
            throw new WaddleException(INVALID, e.getMessage());
        }
    }

    static String requireName(String what, String value) throws WaddleException {
        String trimmed = value == null ? "" : value.strip();
        if (trimmed.isEmpty()) {
            throw new WaddleException(INVALID, what + " is empty");
        }
        if (trimmed.length() > MAX_NAME_LENGTH) {
            throw new WaddleException(INVALID, what + " is longer than " + MAX_NAME_LENGTH + " characters");
        }
        if (trimmed.chars().anyMatch(Character::isISOControl)) {
            throw new WaddleException(INVALID, what + " contains control characters or line breaks");
        }
        return trimmed;
    }

    static String requireText(String what, String value) throws WaddleException {
        String trimmed = value == null ? "" : value.strip();
        if (trimmed.length() > MAX_TEXT_LENGTH) {
            throw new WaddleException(INVALID, what + " is longer than " + MAX_TEXT_LENGTH + " characters");
        }
        if (trimmed.chars().anyMatch(c -> Character.isISOControl(c) && c != '\n' && c != '\t')) {
            throw new WaddleException(INVALID, what + " contains control characters");
        }
        return trimmed;
    }

    private static String until(Ban ban) {
        return ban.expiresAt().map(at -> " until " + at).orElse("");
    }

    private static String describe(Role role) {
        return switch (role) {
            case OWNER -> "the owner";
            case ADMIN -> "an admin";
            case MODERATOR -> "a moderator";
            case MEMBER -> "a member";
        };
    }

    private static String whoMay(Role least) {
        return switch (least) {
            case OWNER -> "the owner";
            case ADMIN -> "admins and the owner";
            case MODERATOR -> "moderators, admins and the owner";
            case MEMBER -> "members";
        };
    }

    private static String describe(Visibility visibility) {
        return visibility.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private static String describe(Invite invite) {
        return "code " + invite.code().substring(0, Math.min(4, invite.code().length())) + "…"
                + invite.expiresAt().map(at -> ", expires " + at).orElse("")
                + (invite.maxUses().isPresent() ? ", up to " + invite.maxUses().getAsInt() + " uses" : "");
    }
}
