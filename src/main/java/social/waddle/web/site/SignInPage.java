package social.waddle.web.site;

import java.net.URI;

/**
 * {@code /signin}: the person types a handle, DID or PDS URL; the plugin starts an ATProto OAuth sign-in and sends
 * the browser to the person's own authorization server. Attempts are limited per client address. A {@code return}
 * parameter (a path under the base URL only, see {@link ReturnPaths}) says where to go once signed in.
 */
public final class SignInPage extends SitePage {

    private static final long serialVersionUID = 1L;

    public record Form(String identifier, String returnPath, String error) {
    }

    @Override
    protected boolean requiresSignIn() {
        return false;
    }

    @Override
    protected String titleKey() {
        return "site.signin.title";
    }

    @Override
    protected SiteResult get(SiteRequest request) {
        String back = ReturnPaths.relative(request.parameter("return"), request.services().basePath())
                .map(relative -> request.services().basePath() + relative).orElse("");
        return SiteResult.view("site/signin.jte", new Form("", back, ""));
    }

    @Override
    protected SiteResult post(SiteRequest request) {
        String identifier = request.parameter("identifier");
        String back = ReturnPaths.relative(request.parameter("return"), request.services().basePath()).orElse("/");
        String returnField = back.equals("/") ? "" : request.services().basePath() + back;
        if (identifier.isEmpty() || identifier.length() > 512) {
            return new SiteResult.View("site/signin.jte", new Form(identifier.length() > 512 ? "" : identifier,
                    returnField, request.t("site.signin.error.empty")), 400);
        }
        SignInLimiter limiter = request.services().require(SignInLimiter.class);
        if (!limiter.tryAcquire(request.address())) {
            return problem(request, 429, request.t("site.signin.error.rateLimited",
                    SignInLimiter.WINDOW.toMinutes()));
        }
        try {
            URI authorization = request.services().require(SignIn.class).start(identifier, request.browserBinding());
            request.rememberReturn(back);
            return new SiteResult.External(authorization);
        } catch (SignIn.SignInRefusedException e) {
            return new SiteResult.View("site/signin.jte", new Form(identifier, returnField,
                    request.t("site.signin.error.start", e.getMessage())), 400);
        }
    }
}
