/**
 * Concurrency helpers of the core: {@link social.waddle.atproto.concurrent.SingleFlight} (concurrent callers with
 * equal keys share one computation; the plugin's only implementation of that idea) and
 * {@link social.waddle.atproto.concurrent.ResolutionCache}, the TTL cache that loads through it for handle and DID
 * resolution.
 *
 * <p>May depend on the JDK and {@code social.waddle.atproto} only.
 */
package social.waddle.atproto.concurrent;
