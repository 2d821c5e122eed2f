package social.waddle.web.site;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

import social.waddle.atproto.AtprotoException;
import social.waddle.atproto.syntax.Did;
import social.waddle.community.Member;
import social.waddle.community.WaddleException;

/**
 * {@code /invite/<code>}: an invite link. Anyone may open it and see the Waddle's name and who invited; signing in with
 * Bluesky comes back here; joining is a POST (CSRF-checked) through the same service call as the join-with-invite
 * command; a member sees how to start chatting. Every lookup counts against the address's limit.
 */
public final class InvitePage extends SitePage {

    private static final long serialVersionUID = 1L;

    /** What the landing page shows; {@code joined} when the signed-in person belongs to the Waddle. */
    public record View(InviteLinks.Preview preview, Optional<Person> person, Optional<InviteLinks.Joined> joined,
                       Optional<SiteAccount.Connection> connection, String signInHref, String inviteHref) {

        public boolean usable() {
            return preview.state() == InviteLinks.State.VALID;
        }
    }

    @Override
    protected String titleKey() {
        return "site.invite.title";
    }

    @Override
    protected boolean requiresSignIn() {
        return false;
    }

    @Override
    protected SiteResult get(SiteRequest request) throws WaddleException {
        InviteLinks links = request.services().require(InviteLinks.class);
        String code = code(request);
        if (!links.allowLookup(request.address())) {
            return problem(request, 429, request.t("site.invite.tooMany"));
        }
        Optional<InviteLinks.Preview> preview = links.preview(code);
        if (preview.isEmpty()) {
            return problem(request, 404, request.t("site.invite.unknown"));
        }
        Optional<Person> person = request.optionalPerson();
        Optional<InviteLinks.Joined> joined = Optional.empty();
        Optional<SiteAccount.Connection> connection = Optional.empty();
        if (person.isPresent()) {
            Optional<Member> member = links.membership(did(person.get()), preview.get().waddle());
            if (member.isPresent()) {
                joined = Optional.of(links.joined(preview.get().waddle()));
                connection = request.services().find(SiteAccount.class).map(account -> account.connection(person.get()));
            } else {
                links.opened(did(person.get()), preview.get());
            }
        }
        String inviteHref = request.services().basePath() + "/invite/" + code;
        String signIn = "/signin?return=" + URLEncoder.encode(inviteHref, StandardCharsets.UTF_8);
        int status = joined.isEmpty() && preview.get().state() != InviteLinks.State.VALID ? 410 : 200;
        return new SiteResult.View("site/invite.jte", new View(preview.get(), person, joined, connection, signIn,
                "/invite/" + code), status);
    }

    @Override
    protected SiteResult post(SiteRequest request) {
        InviteLinks links = request.services().require(InviteLinks.class);
        String code = code(request);
        if (request.optionalPerson().isEmpty()) {
            return problem(request, 403, request.t("site.error.signedOut"));
        }
        if (!links.allowLookup(request.address())) {
            return problem(request, 429, request.t("site.invite.tooMany"));
        }
        if (!InviteLinks.wellFormed(code)) {
            return problem(request, 404, request.t("site.invite.unknown"));
        }
        String back = "/invite/" + code;
        try {
            InviteLinks.Joined joined = links.join(did(request.person()), code);
            return SiteResult.success(back, request.t("site.invite.joined", joined.waddle().name()));
        } catch (WaddleException e) {
            String message = links.people().humanize(e.getMessage());
            return switch (e.reason()) {
                case CONFLICT -> SiteResult.to(back);
                case NOT_FOUND -> problem(request, 404, request.t("site.invite.unknown"));
                case EXPIRED -> problem(request, 410, message);
                case BANNED -> problem(request, 403, request.t("site.invite.banned", message));
                default -> problem(request, 400, message);
            };
        }
    }

    private static String code(SiteRequest request) {
        String info = request.pathInfo();
        return info.startsWith("/") ? info.substring(1) : info;
    }

    static Did did(Person person) {
        try {
            return Did.parse(person.did());
        } catch (AtprotoException e) {
            throw new IllegalStateException("A web session holds a DID that does not parse: " + person.did(), e);
        }
    }
}
