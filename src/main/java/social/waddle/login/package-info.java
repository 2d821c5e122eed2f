/**
 * The credential-checking core of "log in with a Bluesky identity": offline verification of ATProto
 * service-auth tokens, a short-lived cache of successful app-password checks, rate limits on failed logins
 * and on calls to the account's PDS, and single-flight sharing of concurrent checks.
 *
 * <p>Pure: must never import Openfire ({@code org.jivesoftware.*}) or Tinder ({@code org.xmpp.*}); may depend
 * on the JDK (JCA included), SLF4J, nimbus-jose-jwt, BouncyCastle (through
 * {@link social.waddle.atproto.crypto.CryptoProvider}, never registered globally; only API present in both bcprov 1.53
 * and 1.84), Jackson's tree model (profile records), {@code social.waddle.atproto}, {@code social.waddle.account}
 * (where accounts are kept) and {@code social.waddle.device} (device passwords). DID documents,
 * keys and XRPC calls come in through small interfaces such as {@link social.waddle.login.SigningKeyLookup}.
 */
package social.waddle.login;
