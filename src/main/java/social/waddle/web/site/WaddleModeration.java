package social.waddle.web.site;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

import social.waddle.atproto.syntax.Did;
import social.waddle.community.Actor;
import social.waddle.community.Ban;
import social.waddle.community.Channel;
import social.waddle.community.ChannelKind;
import social.waddle.community.ChannelSlug;
import social.waddle.community.Invite;
import social.waddle.community.ListLink;
import social.waddle.community.ListSync;
import social.waddle.community.Member;
import social.waddle.community.Permission;
import social.waddle.community.Role;
import social.waddle.community.SyncMode;
import social.waddle.community.Waddle;
import social.waddle.community.WaddleException;
import social.waddle.community.WaddleRepository;
import social.waddle.community.WaddleService;

/**
 * What the moderator pages do, for a signed-in person acting as {@link Actor#of} their DID: every change goes through
 * {@link WaddleService} (its rules, its refusals, its audit log), exactly as the ad-hoc commands do. What the pages
 * show or hide follows {@link Permission}, the same table the service checks. A Waddle is only "manageable" by its
 * moderators, admins and owner; to anyone else it does not exist here.
 */
public final class WaddleModeration {

    /** The Waddle as one of its moderators, admins or its owner sees it, with what their role lets them do. */
    public record Access(Waddle waddle, Role role) {

        public boolean may(Permission permission) {
            return permission.allows(role);
        }

        /** Whether the actor's rank is above a member's (needed to remove, ban or re-role them). */
        public boolean outranks(Role other) {
            return role.outranks(other);
        }

        /** The roles the actor may give: below their own, never owner (ownership moves by transfer). */
        public List<Role> grantable() {
            if (!may(Permission.CHANGE_ROLES)) {
                return List.of();
            }
            List<Role> roles = new ArrayList<>();
            for (Role candidate : Role.values()) {
                if (candidate != Role.OWNER && role.outranks(candidate)) {
                    roles.add(candidate);
                }
            }
            return roles;
        }

        public String roleKey() {
            return role.name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** A member as the members section lists them. */
    public record MemberRow(SitePeople.Name name, Role role, Instant joinedAt, boolean removable, List<Role> grantable) {
        public String roleKey() {
            return role.name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public record BanRow(SitePeople.Name name, String reason, String bannedBy, Instant bannedAt,
                         Optional<Instant> expiresAt) {
    }

    public record InviteRow(String code, String link, String createdBy, Instant createdAt, Optional<Instant> expiresAt,
                            OptionalInt maxUses, int uses, boolean revocable) {
    }

    /** Which members to show: those matching {@code text} (all when blank), page {@code page} (from 1). */
    public record MemberQuery(String text, int page) {
        public static final int PAGE_SIZE = 50;
        /** Accounts a search looks through; a search naming more people than this should be narrower. */
        static final int SEARCH_LIMIT = 1000;

        public MemberQuery {
            text = text == null ? "" : text.strip();
            page = Math.max(1, page);
        }

        public static MemberQuery first() {
            return new MemberQuery("", 1);
        }
    }

    /**
     * One page of the member list: staff first (owner, admins, moderators), then the newest members first, only the
     * shown ones named (a list-synced Waddle has thousands of members).
     */
    public record MemberPage(List<MemberRow> rows, String query, int page, int pages, int matching, int total) {
        public int first() {
            return matching == 0 ? 0 : (page - 1) * MemberQuery.PAGE_SIZE + 1;
        }

        public int last() {
            return first() == 0 ? 0 : first() + rows.size() - 1;
        }
    }

    /** Everything one moderator page shows; sections the role does not allow are empty and hidden. */
    public record Overview(Access access, List<Channel> channels, MemberPage members, List<BanRow> bans,
                           List<InviteRow> invites, List<ListLink> lists, boolean listsAvailable) {
    }

    private final WaddleService service;
    private final WaddleRepository repository;
    private final Optional<ListSync> lists;
    private final SitePeople people;

    public WaddleModeration(WaddleService service, WaddleRepository repository, Optional<ListSync> lists,
                            SitePeople people) {
        this.service = service;
        this.repository = repository;
        this.lists = lists;
        this.people = people;
    }

    public SitePeople people() {
        return people;
    }

    /** The Waddle if {@code actor} moderates it (moderator, admin or owner); empty otherwise, whether it exists or not. */
    public Optional<Access> access(Did actor, long waddleId) {
        Optional<Waddle> waddle = service.find(waddleId);
        if (waddle.isEmpty()) {
            return Optional.empty();
        }
        return repository.read(store -> store.findMember(waddle.get().id(), actor))
                .filter(member -> member.role().atLeast(Role.MODERATOR))
                .map(member -> new Access(waddle.get(), member.role()));
    }

    /** The Waddles {@code actor} moderates, by name. */
    public List<Access> managed(Did actor) {
        List<Access> managed = new ArrayList<>();
        for (Waddle waddle : service.waddlesOf(actor)) {
            access(actor, waddle.id()).ifPresent(managed::add);
        }
        managed.sort(Comparator.comparing(access -> access.waddle().name().toLowerCase(java.util.Locale.ROOT)));
        return managed;
    }

    /** What the page shows to this actor: only the sections their role allows. */
    public Overview overview(Did actor, Access access, String inviteBase) throws WaddleException {
        return overview(actor, access, inviteBase, MemberQuery.first());
    }

    /** What the page shows to this actor, with the members {@code query} asks for. */
    public Overview overview(Did actor, Access access, String inviteBase, MemberQuery query) throws WaddleException {
        Actor acting = Actor.of(actor);
        Waddle waddle = access.waddle();
        List<Channel> channels = service.channels(waddle.slug());
        MemberPage members = members(actor, access, query);
        List<BanRow> bans = new ArrayList<>();
        if (access.may(Permission.BAN)) {
            for (Ban ban : service.bans(acting, waddle.slug())) {
                bans.add(new BanRow(people.name(ban.did()), ban.reason(), actorName(ban.bannedBy()), ban.bannedAt(),
                        ban.expiresAt()));
            }
        }
        List<InviteRow> invites = new ArrayList<>();
        if (access.may(Permission.INVITE)) {
            for (Invite invite : service.invites(acting, waddle.slug())) {
                boolean own = invite.createdBy().equals(acting);
                invites.add(new InviteRow(invite.code(), inviteBase + invite.code(), actorName(invite.createdBy()),
                        invite.createdAt(), invite.expiresAt(), invite.maxUses(), invite.uses(),
                        own || access.may(Permission.REVOKE_ANY_INVITE)));
            }
            invites.sort(Comparator.comparing(InviteRow::createdAt).reversed());
        }
        List<ListLink> links = lists.isPresent() && access.may(Permission.MANAGE_LISTS)
                ? service.listLinks(waddle.slug()) : List.of();
        return new Overview(access, channels, members, bans, invites, links, lists.isPresent());
    }

    private MemberPage members(Did actor, Access access, MemberQuery query) throws WaddleException {
        List<Member> all = service.members(access.waddle().slug());
        List<Member> matching = all;
        if (!query.text().isEmpty()) {
            Set<String> named = people.didsMatching(query.text(), MemberQuery.SEARCH_LIMIT);
            String lower = query.text().toLowerCase(java.util.Locale.ROOT);
            matching = all.stream().filter(member -> named.contains(member.did().toString())
                    || member.did().toString().toLowerCase(java.util.Locale.ROOT).contains(lower)).toList();
        }
        List<Member> ordered = new ArrayList<>(matching);
        ordered.sort(Comparator.comparing((Member member) -> -member.role().rank())
                .thenComparing(Member::joinedAt, Comparator.reverseOrder())
                .thenComparing(member -> member.did().toString()));
        int pages = Math.max(1, (ordered.size() + MemberQuery.PAGE_SIZE - 1) / MemberQuery.PAGE_SIZE);
        int page = Math.min(query.page(), pages);
        List<MemberRow> rows = new ArrayList<>();
        int from = (page - 1) * MemberQuery.PAGE_SIZE;
        for (Member member : ordered.subList(from, Math.min(ordered.size(), from + MemberQuery.PAGE_SIZE))) {
            boolean above = access.outranks(member.role()) && !member.did().equals(actor);
            rows.add(new MemberRow(people.name(member.did()), member.role(), member.joinedAt(),
                    above && access.may(Permission.REMOVE_MEMBERS), above ? access.grantable() : List.of()));
        }
        return new MemberPage(rows, query.text(), page, pages, ordered.size(), all.size());
    }

    private String actorName(Actor actor) {
        if (actor instanceof Actor.Person person) {
            return people.name(person.did()).label();
        }
        return actor.toString();
    }

    // ---- Changes: each one the service's own call, as the ad-hoc commands make it

    public Channel addChannel(Did actor, Access access, String slug, String name, String topic) throws WaddleException {
        return service.addChannel(Actor.of(actor), access.waddle().slug(), ChannelSlug.parse(slug), name, topic,
                ChannelKind.TEXT);
    }

    public Channel renameChannel(Did actor, Access access, String slug, String name) throws WaddleException {
        return service.renameChannel(Actor.of(actor), access.waddle().slug(), ChannelSlug.parse(slug), name);
    }

    public Channel setTopic(Did actor, Access access, String slug, String topic) throws WaddleException {
        return service.setChannelTopic(Actor.of(actor), access.waddle().slug(), ChannelSlug.parse(slug), topic);
    }

    public void removeChannel(Did actor, Access access, String slug) throws WaddleException {
        service.removeChannel(Actor.of(actor), access.waddle().slug(), ChannelSlug.parse(slug));
    }

    public void removeMember(Did actor, Access access, Did target) throws WaddleException {
        service.removeMember(Actor.of(actor), access.waddle().slug(), target);
    }

    public Member changeRole(Did actor, Access access, Did target, Role role) throws WaddleException {
        return service.changeRole(Actor.of(actor), access.waddle().slug(), target, role);
    }

    public Ban ban(Did actor, Access access, Did target, String reason, Optional<Instant> expiresAt)
            throws WaddleException {
        return service.ban(Actor.of(actor), access.waddle().slug(), target, reason, expiresAt);
    }

    public void unban(Did actor, Access access, Did target) throws WaddleException {
        service.unban(Actor.of(actor), access.waddle().slug(), target);
    }

    public Invite createInvite(Did actor, Access access, Optional<Instant> expiresAt, OptionalInt maxUses)
            throws WaddleException {
        return service.createInvite(Actor.of(actor), access.waddle().slug(), expiresAt, maxUses);
    }

    /** Revokes an invite of this Waddle only (a code of another Waddle is "not found" here). */
    public void revokeInvite(Did actor, Access access, String code) throws WaddleException {
        boolean ours = service.invites(Actor.of(actor), access.waddle().slug()).stream()
                .anyMatch(invite -> invite.code().equals(code));
        if (!ours) {
            throw new WaddleException(WaddleException.Reason.NOT_FOUND, "This invite code is not valid; it may have "
                    + "been revoked");
        }
        service.revokeInvite(Actor.of(actor), code);
    }

    public ListSync.Outcome linkList(Did actor, Access access, String input, SyncMode mode) throws WaddleException {
        return requireLists().link(Actor.of(actor), access.waddle().slug(), input, mode);
    }

    public void unlinkList(Did actor, Access access, String uri) throws WaddleException {
        service.unlinkList(Actor.of(actor), access.waddle().slug(), uri);
    }

    /** Syncs now or (dry run) says what a sync would change; admins and the owner, as linking. */
    public ListSync.Outcome syncLists(Did actor, Access access, boolean dryRun) throws WaddleException {
        service.requirePermission(Actor.of(actor), access.waddle().slug(), Permission.MANAGE_LISTS,
                "sync its Bluesky lists");
        return requireLists().sync(access.waddle().slug(), dryRun);
    }

    private ListSync requireLists() throws WaddleException {
        return lists.orElseThrow(() -> new WaddleException(WaddleException.Reason.INVALID,
                "Bluesky lists are not available on this server"));
    }
}
