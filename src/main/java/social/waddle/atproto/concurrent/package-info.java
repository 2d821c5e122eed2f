/**
 * Concurrency helpers of the ATProto core, such as {@link social.waddle.atproto.concurrent.ResolutionCache}, the
 * TTL cache with single-flight loading used for handle and DID resolution.
 *
 * <p>May depend on the JDK and {@code social.waddle.atproto} only.
 */
package social.waddle.atproto.concurrent;
