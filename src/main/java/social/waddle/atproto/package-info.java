/**
 * The pure ATProto core: identifiers, identity resolution, keys, HTTP/XRPC and tokens, as used by login and
 * Waddles.
 *
 * <p>Must never import Openfire ({@code org.jivesoftware.*}) or Tinder ({@code org.xmpp.*}); may depend on the
 * JDK, SLF4J, Jackson, BouncyCastle (as a JCA provider), nimbus-jose-jwt and dnsjava.
 */
package social.waddle.atproto;
