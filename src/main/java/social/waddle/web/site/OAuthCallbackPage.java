package social.waddle.web.site;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /oauth/callback}: where the authorization server sends the browser back. Every check of the sign-in
 * ({@code state} single use and bound to this browser, {@code iss}, the token's {@code sub} and issuer) is the
 * {@link SignIn} service's; a refusal shows its reason and signs nobody in. On success the web session starts and the
 * browser goes where the sign-in page was asked to return to, or home.
 */
public final class OAuthCallbackPage extends SitePage {

    private static final long serialVersionUID = 1L;

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
        Map<String, List<String>> query = new LinkedHashMap<>();
        request.http().getParameterMap().forEach((name, values) -> query.put(name, new ArrayList<>(List.of(values))));
        try {
            Person person = request.services().require(SignIn.class).complete(query, request.browserBinding(),
                    request.address());
            request.signIn(person);
            return SiteResult.success(request.takeReturn(), request.t("site.signin.done", person.displayName()));
        } catch (SignIn.SignInRefusedException e) {
            return problem(request, 400, request.t("site.signin.error.refused", e.getMessage()));
        }
    }
}
