/**
 * ATProto identity, the network-free part: the facts a verifier takes from a DID document
 * ({@link social.waddle.atproto.identity.DidDocument}, parsed defensively by
 * {@link social.waddle.atproto.identity.DidDocumentParser}) and the reversible mapping between DIDs and XMPP JID
 * localparts ({@link social.waddle.atproto.identity.JidLocalpart}).
 *
 * <p>May depend on the JDK, Jackson (tree model only), {@code social.waddle.atproto},
 * {@code social.waddle.atproto.syntax} and {@code social.waddle.atproto.crypto}. Never on Openfire or Tinder.
 */
package social.waddle.atproto.identity;
