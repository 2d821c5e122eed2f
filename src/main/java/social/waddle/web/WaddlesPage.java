package social.waddle.web;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

import social.waddle.atproto.syntax.Did;
import social.waddle.community.Actor;
import social.waddle.community.Ban;
import social.waddle.community.LinkKind;
import social.waddle.community.ListSync;
import social.waddle.community.SyncMode;
import social.waddle.community.SyncPlan;
import social.waddle.community.Channel;
import social.waddle.community.ChannelKind;
import social.waddle.community.ChannelSlug;
import social.waddle.community.Invite;
import social.waddle.community.Member;
import social.waddle.community.ReconcileReport;
import social.waddle.community.Role;
import social.waddle.community.Visibility;
import social.waddle.community.Waddle;
import social.waddle.community.WaddleException;
import social.waddle.community.WaddleService;
import social.waddle.community.WaddleSlug;
import social.waddle.time.Expiry;

/**
 * Waddles on this server: a list searched and paged by the database, a form to create one for an owner, and one
 * Waddle's page with everything an admin can change: its settings, channels, members, bans and invites, room
 * reconciliation, and deletion after a confirmation. The admin acts as {@link Actor#serverAdmin} with the owner's
 * powers; the Waddle service checks its rules and writes the Waddle audit log, naming the admin, and the page writes
 * Openfire's security audit log. A refused change shows the service's own words in an error box.
 */
public final class WaddlesPage extends AdminPage {

    private static final long serialVersionUID = 1L;

    public static final String PAGE_ID = "waddle-waddles";
    private static final String RECONCILE = "waddles.reconcile";
    private static final List<Role> GIVEN_ROLES = List.of(Role.MEMBER, Role.MODERATOR, Role.ADMIN);

    @Override
    protected String pageId() {
        return PAGE_ID;
    }

    @Override
    protected String titleKey() {
        return "admin.waddles.title";
    }

    public record PageLink(int number, String href, boolean current, boolean gapBefore) {
    }

    public record Row(String slug, String name, String owner, int members, int channels, String lastActivity,
                      String detailHref) {
    }

    /** What the create form shows again after a refusal. */
    public record CreateForm(String slug, String name, String description, String owner, List<Option> visibilities,
                             String error) {
    }

    /** @param allWaddles Waddles there are at all (tells "none yet" from "none matching") */
    public record ListView(String query, List<Row> rows, Paging paging, int allWaddles, List<PageLink> pages,
                           String previousHref, String nextHref, CreateForm create) {

        public boolean empty() {
            return rows.isEmpty();
        }
    }

    public record ChannelRow(String slug, String name, String topic, String kind, boolean isDefault, boolean first,
                             boolean last, String room, long messages, String lastActivity) {
    }

    public record MemberRow(String did, String name, String role, boolean owner, List<Option> roles, String joinedAt,
                            String lastSeen) {
    }

    public record BanRow(String did, String name, String reason, String bannedBy, String bannedAt, String expires) {
    }

    public record InviteRow(String code, String createdBy, String createdAt, String expires, String uses,
                            boolean usable) {
    }

    public record ReconcileRow(String room, String channel, String outcome, String outcomeClass, String detail) {
    }

    public record ReconcileView(String summary, boolean allInOrder, List<ReconcileRow> rooms, List<String> problems) {
    }

    /** A linked Bluesky list and what its last sync found and did. */
    /** @param skipped how many people the last run did not take, and why ({@code skipNote}: a few reasons) */
    public record ListRow(String uri, String name, String purpose, String lastSync, int people, int added, int removed,
                          int banned, int skipped, String skipNote, String error) {
    }

    public record DetailView(String slug, String name, String description, String owner, String ownerDid,
                             String visibility, List<Option> visibilities, String createdAt, String updatedAt,
                             List<ChannelRow> channels, List<Option> kinds, List<MemberRow> members, Paging memberPaging,
                             List<PageLink> memberPages, List<BanRow> bans, List<InviteRow> invites,
                             Optional<ReconcileView> reconcile, String backHref, String deleteHref, String auditHref,
                             String selfHref, List<ListRow> lists, boolean listSync) {
    }

    public record DeleteView(String slug, String name, int members, int channels, String backHref) {
    }

    @Override
    protected PageResult get(PageRequest request) {
        WaddleAdministration waddles = request.services().require(WaddleAdministration.class);
        Optional<String> slug = request.optionalParameter("waddle");
        if (slug.isEmpty()) {
            return list(request, waddles, emptyForm(request));
        }
        Optional<Waddle> waddle = WaddleSlug.isValid(slug.get()) ? waddles.repository().findWaddleBySlug(new WaddleSlug(slug.get()))
                : Optional.empty();
        if (waddle.isEmpty()) {
            return PageResult.error(PAGE_ID, request.t("admin.waddles.notFound", slug.get()));
        }
        if (request.optionalParameter("delete").isPresent()) {
            return PageResult.view("waddle-delete.jte", deleteView(waddles, waddle.get()));
        }
        return PageResult.view("waddle.jte", detail(request, waddles, waddle.get()));
    }

    @Override
    protected PageResult post(PageRequest request) {
        WaddleAdministration waddles = request.services().require(WaddleAdministration.class);
        String action = request.parameter("action");
        if ("create".equals(action)) {
            return create(request, waddles);
        }
        String slug = request.parameter("waddle");
        String back = detailHref(slug);
        Actor admin = Actor.serverAdmin(request.admin());
        WaddleService service = waddles.service();
        try {
            WaddleSlug waddle = WaddleSlug.parse(slug);
            switch (action) {
                case "update":
                    return update(request, service, admin, waddle);
                case "addChannel":
                    return addChannel(request, service, admin, waddle);
                case "renameChannel": {
                    Channel renamed = service.renameChannel(admin, waddle, channel(request), request.parameter("name"));
                    return done(request, back, "Renamed a channel of a Waddle", waddle + "/" + renamed.slug() + " → " + renamed.name(),
                            "admin.waddles.channel.renamed", renamed.slug(), renamed.name());
                }
                case "setTopic": {
                    Channel changed = service.setChannelTopic(admin, waddle, channel(request), request.parameter("topic"));
                    return done(request, back, "Changed a channel topic of a Waddle", waddle + "/" + changed.slug(),
                            "admin.waddles.channel.topicSet", changed.slug());
                }
                case "moveUp":
                case "moveDown":
                    return move(request, service, admin, waddle, "moveUp".equals(action));
                case "makeDefault": {
                    ChannelSlug channel = channel(request);
                    service.setDefaultChannel(admin, waddle, channel);
                    return done(request, back, "Chose the default channel of a Waddle", waddle + "/" + channel,
                            "admin.waddles.channel.madeDefault", channel);
                }
                case "removeChannel": {
                    ChannelSlug channel = channel(request);
                    service.removeChannel(admin, waddle, channel);
                    return done(request, back, "Removed a channel of a Waddle", waddle + "/" + channel,
                            "admin.waddles.channel.removed", channel);
                }
                case "changeRole":
                    return changeRole(request, service, admin, waddle);
                case "removeMember": {
                    Did member = did(request, "member");
                    service.removeMember(admin, waddle, member);
                    return done(request, back, "Removed a member from a Waddle", waddle + ": " + member,
                            "admin.waddles.member.removed", People.of(request).name(member));
                }
                case "ban":
                    return ban(request, service, admin, waddle);
                case "unban": {
                    Did banned = did(request, "member");
                    service.unban(admin, waddle, banned);
                    return done(request, back, "Lifted a ban from a Waddle", waddle + ": " + banned,
                            "admin.waddles.ban.lifted", People.of(request).name(banned));
                }
                case "createInvite":
                    return createInvite(request, service, admin, waddle);
                case "revokeInvite": {
                    String code = request.parameter("code");
                    service.revokeInvite(admin, code);
                    return done(request, back, "Revoked an invite to a Waddle", waddle + ": code "
                            + code.substring(0, Math.min(4, code.length())) + "…", "admin.waddles.invite.revoked");
                }
                case "reconcile":
                    return reconcile(request, waddles, waddle);
                case "linkList":
                case "unlinkList":
                case "syncLists":
                case "dryRunLists":
                    return lists(request, service, admin, waddle, action);
                case "delete":
                    return delete(request, service, admin, waddle);
                default:
                    return PageResult.error(back, request.t("admin.error.unknownAction"));
            }
        } catch (WaddleException e) {
            return PageResult.error(back, e.getMessage());
        } catch (InputException e) {
            return PageResult.error(back, e.getMessage());
        }
    }

    // ---- The list and the create form

    private static CreateForm emptyForm(PageRequest request) {
        return new CreateForm("", "", "", "", visibilities(request, Visibility.PUBLIC), "");
    }

    private static PageResult list(PageRequest request, WaddleAdministration waddles, CreateForm create) {
        String query = request.parameter("q");
        int total = waddles.repository().countWaddles(query);
        Paging paging = Paging.from(request.http(), total);
        People people = People.of(request);
        List<Row> rows = new ArrayList<>();
        for (Waddle waddle : waddles.repository().findWaddles(query, paging.start(), paging.range())) {
            List<Channel> channels = waddles.repository().read(store -> store.channels(waddle.id()));
            int members = waddles.repository().read(store -> store.countMembers(waddle.id()));
            Optional<Instant> last = channels.stream().map(Channel::lastActivity).flatMap(Optional::stream)
                    .max(Instant::compareTo);
            rows.add(new Row(waddle.slug().value(), waddle.name(), people.name(waddle.owner()), members, channels.size(),
                    last.map(Dates::format).orElse(""), detailHref(waddle.slug().value())));
        }
        Map<String, String> keep = new LinkedHashMap<>();
        keep.put("q", query);
        List<PageLink> pages = pageLinks(paging, PAGE_ID + "?", keep);
        String previous = paging.currentPage() > 1 ? PAGE_ID + "?" + paging.query(paging.start() - paging.range(), keep) : "";
        String next = paging.currentPage() < paging.pageCount() ? PAGE_ID + "?" + paging.query(paging.start() + paging.range(), keep) : "";
        int all = query.isEmpty() ? total : waddles.repository().countWaddles("");
        ListView view = new ListView(query, rows, paging, all, pages, previous, next, create);
        return create.error().isEmpty() ? PageResult.view("waddles.jte", view) : new PageResult.View("waddles.jte", view, 400);
    }

    private static List<PageLink> pageLinks(Paging paging, String prefix, Map<String, String> keep) {
        return paging.links().stream()
                .map(link -> new PageLink(link.number(), prefix + paging.query(link.start(), keep), link.current(), link.gapBefore()))
                .toList();
    }

    private static PageResult create(PageRequest request, WaddleAdministration waddles) {
        String slug = request.parameter("slug");
        String name = request.parameter("name");
        String description = request.parameter("description");
        String owner = request.parameter("owner");
        Optional<Visibility> visibility = visibility(request.parameter("visibility"));
        List<Option> options = visibilities(request, visibility.orElse(Visibility.PUBLIC));
        try {
            Optional<Did> ownerDid = People.of(request).find(owner);
            if (ownerDid.isEmpty()) {
                throw new InputException(request.t(owner.isEmpty() ? "admin.waddles.create.noOwner" : "admin.waddles.unknownPerson", owner));
            }
            Waddle waddle = waddles.service().createWaddle(Actor.serverAdmin(request.admin()), ownerDid.get(),
                    WaddleSlug.parse(slug), name, description,
                    visibility.orElseThrow(() -> new InputException(request.t("admin.error.unknownAction"))));
            request.audit("Created a Waddle", waddle.slug() + " ('" + waddle.name() + "'), owned by " + waddle.owner());
            return PageResult.success(detailHref(waddle.slug().value()), request.t("admin.waddles.created", waddle.name()));
        } catch (WaddleException | InputException e) {
            return list(request, waddles, new CreateForm(slug, name, description, owner, options, e.getMessage()));
        }
    }

    // ---- One Waddle

    private static DetailView detail(PageRequest request, WaddleAdministration waddles, Waddle waddle) {
        People people = People.of(request);
        List<Channel> channels = waddles.repository().read(store -> store.channels(waddle.id()));
        List<Member> members = waddles.repository().read(store -> store.members(waddle.id()));
        List<Ban> bans = waddles.repository().read(store -> store.bans(waddle.id()));
        List<Invite> invites = waddles.repository().read(store -> store.invites(waddle.id()));
        Instant now = waddles.service().clock().instant();

        List<ChannelRow> channelRows = new ArrayList<>();
        for (int i = 0; i < channels.size(); i++) {
            Channel channel = channels.get(i);
            channelRows.add(new ChannelRow(channel.slug().value(), channel.name(), channel.topic(),
                    request.t("admin.waddles.kind." + channel.kind().name().toLowerCase(Locale.ROOT)), channel.isDefault(),
                    i == 0, i == channels.size() - 1, channel.roomLocalpart(), channel.messageCount(),
                    channel.lastActivity().map(Dates::format).orElse("")));
        }
        Paging memberPaging = Paging.from(request.http(), members.size());
        List<MemberRow> memberRows = new ArrayList<>();
        for (Member member : members.subList(memberPaging.start(), memberPaging.lastShown())) {
            memberRows.add(new MemberRow(member.did().toString(), people.name(member.did()), roleLabel(request, member.role()),
                    member.role() == Role.OWNER, roles(request, member.role()), Dates.format(member.joinedAt()),
                    member.lastSeen().map(Dates::format).orElse("")));
        }
        Map<String, String> keep = new LinkedHashMap<>();
        keep.put("waddle", waddle.slug().value());
        List<BanRow> banRows = bans.stream()
                .map(ban -> new BanRow(ban.did().toString(), people.name(ban.did()), ban.reason(), actorName(request, people, ban.bannedBy()),
                        Dates.format(ban.bannedAt()), ban.expiresAt().map(Dates::format).orElse(request.t("admin.waddles.never"))))
                .toList();
        List<InviteRow> inviteRows = invites.stream()
                .map(invite -> new InviteRow(invite.code(), actorName(request, people, invite.createdBy()),
                        Dates.format(invite.createdAt()), invite.expiresAt().map(Dates::format).orElse(request.t("admin.waddles.never")),
                        invite.maxUses().isPresent() ? invite.uses() + " / " + invite.maxUses().getAsInt() : String.valueOf(invite.uses()),
                        !invite.expiredAt(now) && !invite.usedUp()))
                .toList();
        List<Option> kinds = List.of(ChannelKind.values()).stream()
                .map(kind -> new Option(kind.name(), request.t("admin.waddles.kind." + kind.name().toLowerCase(Locale.ROOT)),
                        kind == ChannelKind.TEXT))
                .toList();
        String slug = waddle.slug().value();
        Optional<ReconcileView> reconcile = request.kept(RECONCILE + "." + slug, ReconcileView.class);
        return new DetailView(slug, waddle.name(), waddle.description(), people.name(waddle.owner()), waddle.owner().toString(),
                visibilityLabel(request, waddle.visibility()), visibilities(request, waddle.visibility()),
                Dates.format(waddle.createdAt()), Dates.format(waddle.updatedAt()), channelRows, kinds, memberRows,
                memberPaging, pageLinks(memberPaging, PAGE_ID + "?", keep), banRows, inviteRows, reconcile, PAGE_ID,
                Urls.withParameter(PAGE_ID, "waddle", slug) + "&delete=confirm",
                Urls.withParameter(AuditPage.PAGE_ID, "waddle", slug), detailHref(slug),
                listRows(request, waddles, waddle), request.services().find(ListSync.class).isPresent());
    }

    private static List<ListRow> listRows(PageRequest request, WaddleAdministration waddles, Waddle waddle) {
        return waddles.repository().read(store -> store.listLinks(waddle.id())).stream()
                .map(link -> new ListRow(link.uri(), link.name(), request.t("admin.waddles.lists.kind."
                        + link.kind().name().toLowerCase(Locale.ROOT)) + (link.kind() == LinkKind.MEMBERS
                        ? " (" + request.t("admin.waddles.lists.mode." + link.mode().name().toLowerCase(Locale.ROOT)) + ")"
                        : ""), link.lastSyncAt().map(Dates::format).orElse(request.t("admin.waddles.never")), link.people(),
                        link.added(), link.removed(), link.banned(), link.skipped(), link.skipNote().orElse(""),
                        link.lastError().orElse("")))
                .toList();
    }

    /** Link, unlink, sync now or dry-run the Waddle's Bluesky lists. */
    private static PageResult lists(PageRequest request, WaddleService service, Actor admin, WaddleSlug waddle,
                                    String action) throws WaddleException {
        String back = detailHref(waddle.value()) + "#lists";
        Optional<ListSync> running = request.services().find(ListSync.class);
        if (running.isEmpty()) {
            return PageResult.error(back, request.t("admin.waddles.lists.unavailable"));
        }
        ListSync sync = running.get();
        ListSync.Outcome outcome;
        switch (action) {
            case "unlinkList" -> {
                String uri = request.parameter("uri");
                service.unlinkList(admin, waddle, uri);
                return done(request, back, "Unlinked a Bluesky list from a Waddle", waddle + ": " + uri,
                        "admin.waddles.lists.unlinked", uri);
            }
            case "linkList" -> {
                SyncMode mode = "EXACT".equals(request.optionalParameter("mode").orElse("")) ? SyncMode.EXACT
                        : SyncMode.ADD_ONLY;
                String input = request.optionalParameter("list").orElse("");
                outcome = sync.link(admin, waddle, input, mode);
                request.audit("Linked a Bluesky list to a Waddle", waddle + ": " + input);
            }
            case "syncLists" -> {
                outcome = sync.sync(waddle, false);
                request.audit("Synced the Bluesky lists of a Waddle", waddle.value());
            }
            default -> outcome = sync.sync(waddle, true);
        }
        if (outcome.error().isPresent()) {
            return PageResult.error(back, request.t("admin.waddles.lists.failed", outcome.error().get()));
        }
        SyncPlan plan = outcome.plan().orElseThrow();
        String summary = request.t(outcome.dryRun() ? "admin.waddles.lists.dryRun" : "admin.waddles.lists.synced",
                plan.adds().size(), plan.removals().size(), plan.bans().size(), plan.lifts().size(), outcome.xrpcCalls());
        if (outcome.dryRun()) {
            summary += describeChanges(plan);
        }
        return PageResult.success(back, summary);
    }

    private static String describeChanges(SyncPlan plan) {
        List<String> parts = new ArrayList<>();
        plan.adds().stream().limit(20).forEach(change -> parts.add("+ " + change.did()));
        plan.removals().stream().limit(20).forEach(change -> parts.add("- " + change.did()));
        plan.bans().stream().limit(20).forEach(change -> parts.add("ban " + change.did()));
        plan.lifts().stream().limit(20).forEach(change -> parts.add("lift " + change.did()));
        plan.notes().stream().limit(5).forEach(parts::add);
        return parts.isEmpty() ? "" : " " + String.join("; ", parts);
    }

    private static DeleteView deleteView(WaddleAdministration waddles, Waddle waddle) {
        int members = waddles.repository().read(store -> store.countMembers(waddle.id()));
        int channels = waddles.repository().read(store -> store.channels(waddle.id()).size());
        return new DeleteView(waddle.slug().value(), waddle.name(), members, channels, detailHref(waddle.slug().value()));
    }

    private static PageResult update(PageRequest request, WaddleService service, Actor admin, WaddleSlug waddle)
            throws WaddleException, InputException {
        Visibility visibility = visibility(request.parameter("visibility"))
                .orElseThrow(() -> new InputException(request.t("admin.error.unknownAction")));
        Waddle before = service.find(waddle).orElseThrow(() -> new WaddleException(WaddleException.Reason.NOT_FOUND,
                "There is no Waddle '" + waddle + "'"));
        Waddle after = service.updateWaddle(admin, waddle, request.parameter("name"), request.parameter("description"), visibility);
        if (after.equals(before)) {
            return PageResult.success(detailHref(waddle.value()), request.t("admin.waddles.unchanged"));
        }
        return done(request, detailHref(waddle.value()), "Changed the settings of a Waddle", waddle + ": name '" + after.name()
                + "', " + after.visibility(), "admin.waddles.updated", after.name());
    }

    private static PageResult addChannel(PageRequest request, WaddleService service, Actor admin, WaddleSlug waddle)
            throws WaddleException, InputException {
        ChannelKind kind;
        try {
            kind = ChannelKind.valueOf(request.parameter("kind"));
        } catch (IllegalArgumentException e) {
            throw new InputException(request.t("admin.error.unknownAction"));
        }
        Channel channel = service.addChannel(admin, waddle, ChannelSlug.parse(request.parameter("slug")),
                request.parameter("name"), request.parameter("topic"), kind);
        return done(request, detailHref(waddle.value()), "Added a channel to a Waddle", waddle + "/" + channel.slug()
                + " ('" + channel.name() + "')", "admin.waddles.channel.added", channel.name());
    }

    private static PageResult move(PageRequest request, WaddleService service, Actor admin, WaddleSlug waddle, boolean up)
            throws WaddleException {
        ChannelSlug moving = channel(request);
        List<ChannelSlug> order = new ArrayList<>(service.channels(waddle).stream().map(Channel::slug).toList());
        int from = order.indexOf(moving);
        int to = up ? from - 1 : from + 1;
        if (from < 0) {
            throw new WaddleException(WaddleException.Reason.NOT_FOUND, "Waddle '" + waddle + "' has no channel '" + moving + "'");
        }
        if (to < 0 || to >= order.size()) {
            return PageResult.success(detailHref(waddle.value()), request.t("admin.waddles.channel.notMoved", moving));
        }
        order.set(from, order.get(to));
        order.set(to, moving);
        service.reorderChannels(admin, waddle, order);
        return done(request, detailHref(waddle.value()), "Reordered the channels of a Waddle", waddle + ": " + order,
                up ? "admin.waddles.channel.movedUp" : "admin.waddles.channel.movedDown", moving);
    }

    private static PageResult changeRole(PageRequest request, WaddleService service, Actor admin, WaddleSlug waddle)
            throws WaddleException, InputException {
        Did member = did(request, "member");
        Role role;
        try {
            role = Role.valueOf(request.parameter("role"));
        } catch (IllegalArgumentException e) {
            throw new InputException(request.t("admin.error.unknownAction"));
        }
        service.changeRole(admin, waddle, member, role);
        return done(request, detailHref(waddle.value()), "Changed the role of a Waddle member", waddle + ": " + member + " → " + role,
                "admin.waddles.member.roleChanged", People.of(request).name(member), roleLabel(request, role));
    }

    private static PageResult ban(PageRequest request, WaddleService service, Actor admin, WaddleSlug waddle)
            throws WaddleException, InputException {
        String who = request.parameter("who");
        Did target = People.of(request).find(who).orElseThrow(() -> new InputException(
                request.t(who.isEmpty() ? "admin.waddles.ban.noOne" : "admin.waddles.unknownPerson", who)));
        Optional<Instant> expires = expiry(request, service, request.parameter("expiresIn"));
        Ban ban = service.ban(admin, waddle, target, request.parameter("reason"), expires);
        return done(request, detailHref(waddle.value()), "Banned someone from a Waddle", waddle + ": " + target
                        + ban.expiresAt().map(at -> " until " + at).orElse(" for good"),
                "admin.waddles.ban.added", People.of(request).name(target),
                ban.expiresAt().map(Dates::format).orElse(request.t("admin.waddles.never")));
    }

    private static PageResult createInvite(PageRequest request, WaddleService service, Actor admin, WaddleSlug waddle)
            throws WaddleException, InputException {
        Optional<Instant> expires = expiry(request, service, request.parameter("expiresIn"));
        String uses = request.parameter("maxUses");
        OptionalInt maxUses;
        try {
            maxUses = uses.isEmpty() ? OptionalInt.empty() : OptionalInt.of(Integer.parseInt(uses));
        } catch (NumberFormatException e) {
            throw new InputException(request.t("admin.waddles.invite.badUses", uses));
        }
        Invite invite = service.createInvite(admin, waddle, expires, maxUses);
        return done(request, detailHref(waddle.value()), "Created an invite to a Waddle", waddle + ": code "
                + invite.code().substring(0, Math.min(4, invite.code().length())) + "…", "admin.waddles.invite.created",
                invite.code());
    }

    private static PageResult reconcile(PageRequest request, WaddleAdministration waddles, WaddleSlug waddle) {
        ReconcileReport report = waddles.reconcile();
        List<ReconcileRow> rows = new ArrayList<>();
        for (ReconcileReport.RoomReport room : report.rooms()) {
            if (waddle.equals(room.waddle())) {
                String outcome = room.outcome().name().toLowerCase(Locale.ROOT);
                rows.add(new ReconcileRow(room.room(), room.channel() == null ? "" : room.channel().value(),
                        request.t("admin.waddles.reconcile.outcome." + outcome), "waddle-reconcile-" + outcome,
                        room.error().orElse(String.join("; ", room.changes()))));
            }
        }
        List<String> problems = new ArrayList<>(report.errors());
        report.unmanagedRooms().forEach(room -> problems.add(request.t("admin.waddles.reconcile.unmanaged", room)));
        String summary = request.t("admin.waddles.reconcile.summary", report.rooms().size(), report.waddles(),
                report.duration().toMillis(), Dates.format(report.startedAt()), report.count(ReconcileReport.Outcome.CREATED),
                report.count(ReconcileReport.Outcome.REPAIRED), report.count(ReconcileReport.Outcome.OK),
                report.count(ReconcileReport.Outcome.FAILED), report.unmanagedRooms().size());
        request.keep(RECONCILE + "." + waddle.value(), new ReconcileView(summary, report.allInOrder(), rows, problems));
        request.audit("Reconciled the rooms of the Waddles", report.summary());
        String back = detailHref(waddle.value());
        long failed = report.count(ReconcileReport.Outcome.FAILED);
        if (failed > 0 || !report.errors().isEmpty()) {
            return PageResult.error(back, request.t("admin.waddles.reconcile.failed", failed, report.errors().size()));
        }
        return PageResult.success(back, request.t("admin.waddles.reconcile.done", report.rooms().size(),
                report.count(ReconcileReport.Outcome.CREATED), report.count(ReconcileReport.Outcome.REPAIRED)));
    }

    private static PageResult delete(PageRequest request, WaddleService service, Actor admin, WaddleSlug waddle)
            throws WaddleException {
        if (!waddle.value().equals(request.parameter("confirm"))) {
            return PageResult.error(Urls.withParameter(PAGE_ID, "waddle", waddle.value()) + "&delete=confirm",
                    request.t("admin.waddles.delete.notConfirmed", waddle));
        }
        Waddle deleted = service.find(waddle).orElseThrow(() -> new WaddleException(WaddleException.Reason.NOT_FOUND,
                "There is no Waddle '" + waddle + "'"));
        service.deleteWaddle(admin, waddle);
        request.audit("Deleted a Waddle", waddle + " ('" + deleted.name() + "')");
        return PageResult.success(PAGE_ID, request.t("admin.waddles.deleted", deleted.name()));
    }

    private static PageResult done(PageRequest request, String back, String summary, String details, String key,
                                   Object... arguments) {
        request.audit(summary, details);
        return PageResult.success(back, request.t(key, arguments));
    }

    // ---- Input

    /** Input the page refuses before asking the Waddle service; the message is for the admin. */
    private static final class InputException extends Exception {
        private static final long serialVersionUID = 1L;

        InputException(String message) {
            super(message);
        }
    }

    private static ChannelSlug channel(PageRequest request) throws WaddleException {
        return ChannelSlug.parse(request.parameter("channel"));
    }

    private static Did did(PageRequest request, String parameter) throws InputException {
        String value = request.parameter(parameter);
        return People.of(request).find(value.startsWith("did:") ? value : "")
                .orElseThrow(() -> new InputException(request.t("admin.waddles.unknownPerson", value)));
    }

    private static Optional<Visibility> visibility(String value) {
        try {
            return Optional.of(Visibility.valueOf(value));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** When a ban or invite ends, in the plugin's one grammar ({@link Expiry}), from the domain's clock. */
    private static Optional<Instant> expiry(PageRequest request, WaddleService service, String input) throws InputException {
        try {
            return Expiry.parse(input, service.clock().instant());
        } catch (IllegalArgumentException e) {
            throw new InputException(request.t("admin.waddles.badExpiry", input));
        }
    }

    // ---- Wording

    static String detailHref(String slug) {
        return Urls.withParameter(PAGE_ID, "waddle", slug);
    }

    private static List<Option> visibilities(PageRequest request, Visibility selected) {
        return List.of(Visibility.values()).stream()
                .map(visibility -> new Option(visibility.name(), visibilityLabel(request, visibility), visibility == selected))
                .toList();
    }

    private static String visibilityLabel(PageRequest request, Visibility visibility) {
        return request.t("admin.waddles.visibility." + visibility.name().toLowerCase(Locale.ROOT));
    }

    static String roleLabel(PageRequest request, Role role) {
        return request.t("admin.waddles.role." + role.name().toLowerCase(Locale.ROOT));
    }

    private static List<Option> roles(PageRequest request, Role current) {
        return GIVEN_ROLES.stream().map(role -> new Option(role.name(), roleLabel(request, role), role == current)).toList();
    }

    static String actorName(PageRequest request, People people, Actor actor) {
        if (actor instanceof Actor.ServerAdmin admin) {
            return request.t("admin.waddles.serverAdmin", admin.username());
        }
        if (actor instanceof Actor.BlueskySync sync) {
            return request.t("admin.waddles.blueskySync", sync.listUri());
        }
        return people.name(actor.personDid().orElseThrow());
    }
}
