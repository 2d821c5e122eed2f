/**
 * ATProto identity: the {@link social.waddle.atproto.identity.IdentityResolver} (handle to DID to document and back,
 * cached, one lookup in flight per key), the facts a verifier takes from a DID document
 * ({@link social.waddle.atproto.identity.DidDocument}, parsed defensively by
 * {@link social.waddle.atproto.identity.DidDocumentParser}) and the reversible mapping between DIDs and XMPP JID
 * localparts ({@link social.waddle.atproto.identity.JidLocalpart}).
 *
 * <p>May depend on the JDK, SLF4J, Jackson (tree model only) and the other {@code social.waddle.atproto} packages.
 * Never on Openfire or Tinder.
 */
package social.waddle.atproto.identity;
