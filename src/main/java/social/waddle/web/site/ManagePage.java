package social.waddle.web.site;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;

import social.waddle.atproto.syntax.Did;
import social.waddle.community.Invite;
import social.waddle.community.ListSync;
import social.waddle.community.Role;
import social.waddle.community.SyncMode;
import social.waddle.community.SyncPlan;
import social.waddle.community.WaddleException;
import social.waddle.community.WaddleService;
import social.waddle.time.Expiry;
import social.waddle.web.Dates;

/**
 * {@code /manage} (the Waddles the signed-in person moderates) and {@code /manage/<waddleId>} (one of them: channels,
 * members and roles, bans, invites, linked Bluesky lists). Each form posts an {@code action}; {@link WaddleModeration}
 * hands it to {@link WaddleService} as the person, whose refusal becomes the flash message. A Waddle the person does
 * not moderate answers 404 to GET and POST alike, so its existence is not revealed either.
 */
public final class ManagePage extends SitePage {

    private static final long serialVersionUID = 1L;

    public record Index(List<WaddleModeration.Access> waddles) {
    }

    public record View(WaddleModeration.Overview overview, String path, String inviteBase) {
        /** This page showing page {@code page} of the members the current search matches. */
        public String memberPageHref(int page) {
            String query = overview.members().query();
            return path + "?" + (query.isEmpty() ? "" : "q=" + URLEncoder.encode(query, StandardCharsets.UTF_8) + "&")
                    + "page=" + page + "#members";
        }
    }

    @Override
    protected String titleKey() {
        return "site.manage.title";
    }

    @Override
    protected SiteResult get(SiteRequest request) throws WaddleException {
        WaddleModeration moderation = request.services().require(WaddleModeration.class);
        Did actor = InvitePage.did(request.person());
        Optional<Long> id = waddleId(request);
        if (id.isEmpty()) {
            if (!request.pathInfo().isEmpty() && !request.pathInfo().equals("/")) {
                return notManaged(request);
            }
            return SiteResult.view("site/manage-index.jte", new Index(moderation.managed(actor)));
        }
        Optional<WaddleModeration.Access> access = moderation.access(actor, id.get());
        if (access.isEmpty()) {
            return notManaged(request);
        }
        String inviteBase = request.services().baseUrl() + "/invite/";
        WaddleModeration.MemberQuery members = new WaddleModeration.MemberQuery(request.parameter("q"),
                pageNumber(request.parameter("page")));
        return SiteResult.view("site/manage.jte", new View(moderation.overview(actor, access.get(), inviteBase, members),
                "/manage/" + id.get(), inviteBase));
    }

    /** A page number as typed in the address bar; anything that is not one is page 1. */
    private static int pageNumber(String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    @Override
    protected SiteResult post(SiteRequest request) {
        WaddleModeration moderation = request.services().require(WaddleModeration.class);
        Did actor = InvitePage.did(request.person());
        Optional<WaddleModeration.Access> access = waddleId(request).flatMap(id -> moderation.access(actor, id));
        if (access.isEmpty()) {
            return notManaged(request);
        }
        String back = "/manage/" + access.get().waddle().id();
        try {
            return SiteResult.success(back, act(request, moderation, actor, access.get()));
        } catch (InputException e) {
            return SiteResult.error(back, e.getMessage());
        } catch (WaddleException e) {
            return SiteResult.error(back, moderation.people().humanize(e.getMessage()));
        }
    }

    private String act(SiteRequest request, WaddleModeration moderation, Did actor, WaddleModeration.Access access)
            throws WaddleException, InputException {
        String action = request.parameter("action");
        switch (action) {
            case "add-channel" -> {
                var channel = moderation.addChannel(actor, access, request.parameter("slug").toLowerCase(Locale.ROOT),
                        request.parameter("name"), request.parameter("topic"));
                return request.t("site.manage.channelAdded", channel.name());
            }
            case "rename-channel" -> {
                var channel = moderation.renameChannel(actor, access, request.parameter("channel"),
                        request.parameter("name"));
                return request.t("site.manage.channelRenamed", channel.name());
            }
            case "set-topic" -> {
                var channel = moderation.setTopic(actor, access, request.parameter("channel"), request.parameter("topic"));
                return request.t("site.manage.topicSet", channel.name());
            }
            case "remove-channel" -> {
                moderation.removeChannel(actor, access, request.parameter("channel"));
                return request.t("site.manage.channelRemoved", request.parameter("channel"));
            }
            case "remove-member" -> {
                Did target = person(request, moderation);
                moderation.removeMember(actor, access, target);
                return request.t("site.manage.memberRemoved", moderation.people().name(target).label());
            }
            case "change-role" -> {
                Did target = person(request, moderation);
                Role role = role(request);
                moderation.changeRole(actor, access, target, role);
                return request.t("site.manage.roleChanged", moderation.people().name(target).label(),
                        request.t("site.role." + role.name().toLowerCase(Locale.ROOT)));
            }
            case "ban" -> {
                Did target = person(request, moderation);
                Optional<Instant> until = expiry(request, "expires");
                var ban = moderation.ban(actor, access, target, request.parameter("reason"), until);
                String who = moderation.people().name(target).label();
                return ban.expiresAt().map(at -> request.t("site.manage.bannedUntil", who, Dates.format(at)))
                        .orElse(request.t("site.manage.banned", who));
            }
            case "unban" -> {
                Did target = person(request, moderation);
                moderation.unban(actor, access, target);
                return request.t("site.manage.unbanned", moderation.people().name(target).label());
            }
            case "create-invite" -> {
                Optional<Instant> until = expiry(request, "expires");
                OptionalInt uses = uses(request);
                Invite invite = moderation.createInvite(actor, access, until, uses);
                return request.t("site.manage.inviteCreated", request.services().baseUrl() + "/invite/" + invite.code());
            }
            case "revoke-invite" -> {
                moderation.revokeInvite(actor, access, request.parameter("code"));
                return request.t("site.manage.inviteRevoked");
            }
            case "link-list" -> {
                SyncMode mode = "exact".equals(request.parameter("mode")) ? SyncMode.EXACT : SyncMode.ADD_ONLY;
                String list = request.parameter("list");
                if (list.isEmpty()) {
                    throw new InputException(request.t("site.manage.listMissing"));
                }
                return outcome(request, moderation.linkList(actor, access, list, mode), "site.manage.listLinked");
            }
            case "unlink-list" -> {
                moderation.unlinkList(actor, access, request.parameter("uri"));
                return request.t("site.manage.listUnlinked");
            }
            case "sync-lists" -> {
                return outcome(request, moderation.syncLists(actor, access, false), "site.manage.listsSynced");
            }
            case "dry-run" -> {
                return outcome(request, moderation.syncLists(actor, access, true), "site.manage.listsDryRun");
            }
            default -> throw new InputException(request.t("site.manage.unknownAction"));
        }
    }

    /** A sync that stopped is reported as a refusal: nothing was changed. */
    private static String outcome(SiteRequest request, ListSync.Outcome outcome, String doneKey) throws InputException {
        if (outcome.error().isPresent()) {
            throw new InputException(request.t("site.manage.syncStopped", outcome.error().get()));
        }
        SyncPlan plan = outcome.plan().orElseThrow();
        return request.t(doneKey, plan.adds().size(), plan.removals().size(), plan.bans().size(), plan.lifts().size());
    }

    private static Did person(SiteRequest request, WaddleModeration moderation) throws InputException {
        String typed = request.parameter("person");
        if (typed.isEmpty()) {
            throw new InputException(request.t("site.manage.personMissing"));
        }
        return moderation.people().find(typed).orElseThrow(() -> new InputException(
                request.t("site.manage.personUnknown", typed)));
    }

    private static Role role(SiteRequest request) throws InputException {
        try {
            return Role.valueOf(request.parameter("role").toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InputException(request.t("site.manage.roleUnknown"));
        }
    }

    private static Optional<Instant> expiry(SiteRequest request, String name) throws InputException {
        try {
            return Expiry.parse(request.parameter(name), Instant.now());
        } catch (IllegalArgumentException e) {
            throw new InputException(request.t("site.manage.expiryInvalid", e.getMessage()));
        }
    }

    private static OptionalInt uses(SiteRequest request) throws InputException {
        String typed = request.parameter("uses");
        if (typed.isEmpty()) {
            return OptionalInt.empty();
        }
        try {
            return OptionalInt.of(Integer.parseInt(typed));
        } catch (NumberFormatException e) {
            throw new InputException(request.t("site.manage.usesInvalid", WaddleService.MAX_INVITE_USES));
        }
    }

    private static Optional<Long> waddleId(SiteRequest request) {
        String info = request.pathInfo();
        if (!info.matches("/[0-9]{1,18}/?")) {
            return Optional.empty();
        }
        return Optional.of(Long.parseLong(info.replace("/", "")));
    }

    private static SiteResult notManaged(SiteRequest request) {
        return problem(request, 404, request.t("site.manage.notManaged"));
    }

    /** Input the page itself refuses before asking the service (nothing was changed). */
    private static final class InputException extends Exception {
        private static final long serialVersionUID = 1L;

        InputException(String message) {
            super(message);
        }
    }
}
