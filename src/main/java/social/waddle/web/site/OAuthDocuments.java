package social.waddle.web.site;

/**
 * {@code /oauth/client-metadata.json} and {@code /oauth/jwks.json}: the documents authorization servers fetch to know
 * this confidential client (its {@code client_id} is the metadata URL). 404 for a loopback client, which has none.
 */
public final class OAuthDocuments extends SitePage {

    private static final long serialVersionUID = 1L;

    private final boolean jwks;

    private OAuthDocuments(boolean jwks) {
        this.jwks = jwks;
    }

    public static OAuthDocuments clientMetadata() {
        return new OAuthDocuments(false);
    }

    public static OAuthDocuments jwks() {
        return new OAuthDocuments(true);
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
        SignIn signIn = request.services().require(SignIn.class);
        String body = jwks ? signIn.jwksJson() : signIn.clientMetadataJson();
        if (body.isEmpty()) {
            return new SiteResult.Document("application/json", "{\"error\":\"not_found\"}", 404);
        }
        return new SiteResult.Document("application/json", body, 200);
    }
}
