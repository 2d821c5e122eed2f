package social.waddle.web.site;

/**
 * {@code /signout}: POST only (CSRF-checked). Ends this browser's web session, or with {@code everywhere=true} every
 * web session of the person, on every browser, at once.
 */
public final class SignOutPage extends SitePage {

    private static final long serialVersionUID = 1L;

    @Override
    protected boolean requiresSignIn() {
        return false;
    }

    @Override
    protected String titleKey() {
        return "site.signout.title";
    }

    @Override
    protected SiteResult get(SiteRequest request) {
        return SiteResult.to("/");
    }

    @Override
    protected SiteResult post(SiteRequest request) {
        if (request.optionalPerson().isEmpty()) {
            request.signOut();
            return SiteResult.success("/signin", request.t("site.signout.done"));
        }
        if ("true".equals(request.parameter("everywhere"))) {
            int ended = request.services().sessions().endAll(request.person().did());
            request.signOut();
            return SiteResult.success("/signin", request.t("site.signout.everywhere.done", ended));
        }
        request.signOut();
        return SiteResult.success("/signin", request.t("site.signout.done"));
    }
}
