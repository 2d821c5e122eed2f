package social.waddle.web.site;

/** Every path under the base URL that no page is mapped to: a 404 in the site's own layout. */
public final class NotFoundPage extends SitePage {

    private static final long serialVersionUID = 1L;

    @Override
    protected boolean requiresSignIn() {
        return false;
    }

    @Override
    protected String titleKey() {
        return "site.error.notFound.title";
    }

    @Override
    protected SiteResult get(SiteRequest request) {
        return problem(request, 404, request.t("site.error.notFound"));
    }

    @Override
    protected SiteResult post(SiteRequest request) {
        return get(request);
    }
}
