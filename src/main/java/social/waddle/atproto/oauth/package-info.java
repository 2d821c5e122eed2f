/**
 * The ATProto OAuth client (https://atproto.com/specs/oauth): discovery from a handle, DID or PDS URL, pushed
 * authorization requests with PKCE S256 and DPoP, the callback checks ({@code state}, {@code iss}), the token request
 * and the identity checks on its answer ({@code sub} is the resolved DID; the issuer is that DID's PDS's authorization
 * server). A confidential client authenticates with {@code private_key_jwt} (ES256); a loopback development client
 * ({@code client_id=http://localhost?…}) authenticates with nothing.
 *
 * <p>The JOSE and OAuth messages are Nimbus's ({@code oauth2-oidc-sdk}, {@code nimbus-jose-jwt}); every byte on the
 * wire goes through {@link social.waddle.atproto.http.SafeHttpClient}, never through Nimbus's own HTTP code.
 *
 * <p>What the web pages built on this must do themselves: serve {@link social.waddle.atproto.oauth.ClientIdentity}'s
 * client metadata and JWKS at its paths; keep the {@link social.waddle.atproto.oauth.ClientKey} (a secret) across
 * restarts; set a fresh random cookie when a sign-in starts and pass a hash of it as the {@code binding} of both
 * {@code start} and {@code complete}; rate-limit {@code start} per address (each start costs the server a few outbound
 * calls); escape every message shown (error descriptions come from the authorization server); for the loopback
 * client, serve the pages on 127.0.0.1 (the redirect URI's host), not on localhost, or the cookie will not come back.
 * {@link social.waddle.atproto.oauth.AuthorizationStateStore} is in memory: a cluster needs sticky sessions.
 *
 * <p>May depend on the JDK, SLF4J, Jackson, Nimbus ({@code com.nimbusds}, not json-smart),
 * {@code social.waddle.atproto} and its {@code concurrent}, {@code http}, {@code identity} and {@code syntax} packages
 * (enforced by {@code ArchitectureTest}). Never on Openfire, Tinder, Jetty or the servlet API: the web pages that serve
 * the client metadata, the JWKS and the callback live elsewhere and call in.
 */
package social.waddle.atproto.oauth;
