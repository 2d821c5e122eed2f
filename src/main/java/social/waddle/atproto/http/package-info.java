/**
 * Outbound HTTP for the ATProto core: {@link social.waddle.atproto.http.SafeHttpClient} and its
 * {@link social.waddle.atproto.http.OutboundPolicy} keep every call to the internet on HTTPS, away from private,
 * loopback and metadata addresses (SSRF), bounded in time and size, with redirects followed and re-checked here.
 * Every DID document, handle, PDS and XRPC call goes through it.
 *
 * <p>May depend on the JDK ({@code java.net.http}, {@code javax.net.ssl}), SLF4J and {@code social.waddle.atproto}; never on Openfire.
 */
package social.waddle.atproto.http;
