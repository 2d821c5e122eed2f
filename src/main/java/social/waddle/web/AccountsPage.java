package social.waddle.web;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import social.waddle.account.AccountRepository;
import social.waddle.account.AtprotoAccount;
import social.waddle.account.CredentialType;
import social.waddle.device.DevicePassword;
import social.waddle.device.DevicePasswords;
import social.waddle.account.StoredProfile;
import social.waddle.atproto.AtprotoException;
import social.waddle.atproto.identity.VerifiedIdentity;
import social.waddle.atproto.syntax.Did;
import social.waddle.atproto.syntax.Handle;

/**
 * ATProto accounts known to this server: a list searched and paged by the database (handle, DID, display name or
 * username; {@code *} is a wildcard), and one account's details with its actions: re-resolve its identity now,
 * block or unblock its logins, forget its remembered app-password checks.
 */
public final class AccountsPage extends AdminPage {

    private static final long serialVersionUID = 1L;

    public static final String PAGE_ID = "waddle-accounts";

    @Override
    protected String pageId() {
        return PAGE_ID;
    }

    @Override
    protected String titleKey() {
        return "admin.accounts.title";
    }

    public record Row(String did, String handle, boolean handleVerified, String displayName, String pds,
                      String lastSeen, boolean blocked, String detailHref) {
    }

    /** @param allAccounts accounts known at all (tells "none yet" from "none matching") */
    public record ListView(String query, List<Row> rows, Paging paging, int allAccounts, List<PageLink> pages,
                           String previousHref, String nextHref) {

        public boolean empty() {
            return rows.isEmpty();
        }
    }

    public record PageLink(int number, String href, boolean current, boolean gapBefore) {
    }

    /** @param memberships empty when no one told us about Waddles
     *  @param profile     empty when profiles are not running */
    public record DetailView(AtprotoAccount account, String username, String handle, String firstSeen, String lastSeen,
                             String resolvedAt, List<String> credentialTypes,
                             Optional<List<AccountMemberships.Membership>> memberships, String backHref,
                             Optional<ProfileView> profile, Optional<List<DeviceView>> devices) {
    }

    /** A device password of the account (never its text or hash): name, id hint, created, last use. */
    public record DeviceView(String id, String name, String hint, String createdAt, String lastUsedAt, String lastAddress) {
    }

    /**
     * The Bluesky profile as last published: display name, avatar (type, size, SHA-1, and the URL of its image, see
     * {@link AvatarImage}), when it was last read, and the last failure with the next try, if any. Empty strings where
     * there is nothing.
     */
    public record ProfileView(boolean fetched, String displayName, String avatar, String avatarHref, String fetchedAt,
                              String attemptedAt, String problem, int failures, String nextAttempt) {
    }

    @Override
    protected PageResult get(PageRequest request) {
        AccountRepository accounts = request.services().require(AccountAdministration.class).accounts();
        Optional<String> did = request.optionalParameter("did");
        if (did.isPresent()) {
            Optional<AtprotoAccount> account = accounts.findByDid(did.get());
            if (account.isEmpty()) {
                return PageResult.error(PAGE_ID, request.t("admin.accounts.notFound", did.get()));
            }
            return PageResult.view("account.jte", detail(request, account.get()));
        }
        String query = request.parameter("q");
        int total = accounts.countMatching(query);
        Paging paging = Paging.from(request.http(), total);
        List<Row> rows = new ArrayList<>();
        for (AtprotoAccount account : accounts.search(query, paging.start(), paging.range())) {
            rows.add(new Row(account.did(), account.handle().orElse(""), account.handleVerified(),
                    account.displayName().orElse(""), account.pdsUrl().orElse(""), Dates.format(account.lastSeen()),
                    account.loginBlocked(), detailHref(account.did())));
        }
        Map<String, String> keep = new LinkedHashMap<>();
        keep.put("q", query);
        List<PageLink> pages = paging.links().stream()
                .map(link -> new PageLink(link.number(), PAGE_ID + "?" + paging.query(link.start(), keep), link.current(), link.gapBefore()))
                .toList();
        String previous = paging.currentPage() > 1 ? PAGE_ID + "?" + paging.query(paging.start() - paging.range(), keep) : "";
        String next = paging.currentPage() < paging.pageCount() ? PAGE_ID + "?" + paging.query(paging.start() + paging.range(), keep) : "";
        int all = query.isEmpty() ? total : accounts.count();
        return PageResult.view("accounts.jte", new ListView(query, rows, paging, all, pages, previous, next));
    }

    @Override
    protected PageResult post(PageRequest request) {
        AccountAdministration administration = request.services().require(AccountAdministration.class);
        String did = request.parameter("did");
        Optional<AtprotoAccount> found = administration.accounts().findByDid(did);
        if (found.isEmpty()) {
            return PageResult.error(PAGE_ID, request.t("admin.accounts.notFound", did));
        }
        AtprotoAccount account = found.get();
        String back = detailHref(did);
        switch (request.parameter("action")) {
            case "block":
                return setBlocked(request, administration, account, true);
            case "unblock":
                return setBlocked(request, administration, account, false);
            case "forget":
                administration.forgetCredentials(did);
                request.audit("Forgot the remembered app-password checks of an ATProto account", did);
                return PageResult.success(back, request.t("admin.accounts.forgotten", name(account)));
            case "reresolve":
                return reresolve(request, administration, account);
            case "refreshProfile":
                return refreshProfile(request, account);
            case "revokeDevice":
                return revokeDevice(request, account);
            default:
                return PageResult.error(back, request.t("admin.error.unknownAction"));
        }
    }

    private static PageResult setBlocked(PageRequest request, AccountAdministration administration, AtprotoAccount account,
                                         boolean blocked) {
        String back = detailHref(account.did());
        if (account.loginBlocked() == blocked) {
            return PageResult.success(back, request.t(blocked ? "admin.accounts.alreadyBlocked" : "admin.accounts.alreadyUnblocked", name(account)));
        }
        administration.accounts().save(new AtprotoAccount(account.username(), account.did(), account.handle(),
                account.handleVerified(), account.displayName(), account.pdsUrl(), account.credentialTypes(), blocked,
                account.firstSeen(), account.lastSeen(), account.resolvedAt()));
        if (blocked) {
            administration.forgetCredentials(account.did());
        }
        request.audit(blocked ? "Blocked the logins of an ATProto account" : "Unblocked the logins of an ATProto account",
                account.did() + account.handle().map(handle -> " (" + handle + ")").orElse(""));
        return PageResult.success(back, request.t(blocked ? "admin.accounts.blocked" : "admin.accounts.unblocked", name(account)));
    }

    /** An admin cuts a lost device off: the password is removed and the sessions that logged in with it end. */
    private static PageResult revokeDevice(PageRequest request, AtprotoAccount account) {
        String back = detailHref(account.did());
        Optional<DevicePasswords> devices = request.services().find(DevicePasswords.class);
        if (devices.isEmpty()) {
            return PageResult.error(back, request.t("admin.accounts.devices.unavailable"));
        }
        String id = request.parameter("device");
        Optional<DevicePassword> device = devices.get().list(account.did()).stream()
                .filter(row -> row.id().equals(id)).findFirst();
        if (device.isEmpty() || !devices.get().revoke(account.did(), id)) {
            return PageResult.error(back, request.t("admin.accounts.devices.notFound"));
        }
        request.audit("Revoked a device password of an ATProto account", account.did() + ": \"" + device.get().name()
                + "\" (" + device.get().hint() + ")");
        return PageResult.success(back, request.t("admin.accounts.devices.revoked", device.get().name(), name(account)));
    }

    private static PageResult refreshProfile(PageRequest request, AtprotoAccount account) {
        String back = detailHref(account.did());
        Optional<AccountProfiles> profiles = request.services().find(AccountProfiles.class);
        if (profiles.isEmpty()) {
            return PageResult.error(back, request.t("admin.accounts.profile.unavailable"));
        }
        boolean queued = profiles.get().refresh(account.did());
        request.audit("Asked for a refresh of the Bluesky profile of an ATProto account", account.did());
        return PageResult.success(back, request.t(queued ? "admin.accounts.profile.refreshQueued"
                : "admin.accounts.profile.refreshAlreadyQueued", name(account)));
    }

    private static PageResult reresolve(PageRequest request, AccountAdministration administration, AtprotoAccount account) {
        String back = detailHref(account.did());
        VerifiedIdentity identity;
        try {
            identity = administration.reresolve(Did.parse(account.did()));
        } catch (AtprotoException e) {
            return PageResult.error(back, request.t(e.isTemporary() ? "admin.accounts.reresolveTemporary" : "admin.accounts.reresolveFailed",
                    account.did(), e.getMessage()));
        }
        // The stored row may have changed while we resolved (a login, a block): merge into what is stored now.
        AtprotoAccount current = administration.accounts().findByDid(account.did()).orElse(account);
        Optional<String> handle = identity.handle().or(identity::claimedHandle).map(Handle::toString);
        AtprotoAccount updated = new AtprotoAccount(current.username(), current.did(), handle, identity.handle().isPresent(),
                current.displayName(), Optional.of(identity.pds().toString()), current.credentialTypes(),
                current.loginBlocked(), current.firstSeen(), current.lastSeen(), identity.resolvedAt());
        administration.accounts().save(updated);
        request.audit("Re-resolved the identity of an ATProto account", account.did() + ": handle "
                + account.handle().orElse("none") + " → " + handle.orElse("none") + (identity.handle().isPresent() ? " (verified)" : " (not verified)")
                + ", PDS " + account.pdsUrl().orElse("none") + " → " + identity.pds());
        String key = identity.handle().isPresent() ? "admin.accounts.reresolved" : "admin.accounts.reresolvedUnverified";
        return PageResult.success(back, request.t(key, handle.orElse(account.did()), identity.pds()));
    }

    private static DetailView detail(PageRequest request, AtprotoAccount account) {
        List<String> types = account.credentialTypes().stream()
                .map(CredentialType::name)
                .map(type -> request.t("admin.accounts.credential." + type.toLowerCase(Locale.ROOT)))
                .toList();
        Optional<List<AccountMemberships.Membership>> memberships = request.services().find(AccountMemberships.class)
                .map(lookup -> lookup.of(account.did()));
        Optional<ProfileView> profile = request.services().find(AccountProfiles.class)
                .map(profiles -> profileView(profiles.profile(account.did())));
        Optional<List<DeviceView>> devices = request.services().find(DevicePasswords.class)
                .map(passwords -> passwords.list(account.did()).stream()
                        .map(row -> new DeviceView(row.id(), row.name(), row.hint(), Dates.format(row.createdAt()),
                                row.lastUsedAt().map(Dates::format).orElse(""), row.lastAddress().orElse("")))
                        .toList());
        return new DetailView(account, account.username(), account.handle().orElse(""), Dates.format(account.firstSeen()),
                Dates.format(account.lastSeen()), Dates.format(account.resolvedAt()), types, memberships, PAGE_ID, profile,
                devices);
    }

    private static ProfileView profileView(Optional<StoredProfile> stored) {
        if (stored.isEmpty()) {
            return new ProfileView(false, "", "", "", "", "", "", 0, "");
        }
        StoredProfile profile = stored.get();
        String avatar = profile.avatarSha1().map(sha1 -> profile.avatarType().orElse("?") + ", "
                + profile.avatarSize() + " bytes, SHA-1 " + sha1).orElse("");
        String avatarHref = profile.avatarSha1().map(sha1 -> AvatarImage.href(profile.did(), sha1)).orElse("");
        return new ProfileView(profile.fetchedAt().isPresent(), profile.displayName().orElse(""), avatar, avatarHref,
                profile.fetchedAt().map(Dates::format).orElse(""), profile.attemptedAt().map(Dates::format).orElse(""),
                profile.lastError().orElse(""), profile.failures(), profile.nextAttempt().map(Dates::format).orElse(""));
    }

    private static String name(AtprotoAccount account) {
        return account.handle().orElse(account.did());
    }

    static String detailHref(String did) {
        return Urls.withParameter(PAGE_ID, "did", did);
    }
}
