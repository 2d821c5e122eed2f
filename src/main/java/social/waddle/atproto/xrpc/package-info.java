/**
 * A small XRPC client for the calls the plugin makes ({@code createSession}, {@code getRecord},
 * {@code listRecords}, {@code resolveHandle}), with typed errors ({@link
 * social.waddle.atproto.xrpc.XrpcException}) and local back-off after rate limits.
 *
 * <p><b>Decision: our own client on {@code java.net.http} + Jackson.</b> We did not use
 * {@code work.socialhub.kbsky:core-jvm} (0.3.0, the newest on Maven Central; checked with
 * {@code mvn dependency:tree}): it is Kotlin and brings {@code kotlin-stdlib} 2.1, kotlinx-coroutines,
 * kotlinx-serialization, kotlinx-datetime, the Ktor 3 client with OkHttp 4 / Okio, and SLF4J 2.0.16 — a Kotlin runtime
 * we would have to bundle into the plugin's {@code lib/}, where Openfire's parent-first plugin class loader mixes it
 * with Openfire's own copies (SLF4J among them) — and it performs HTTP with
 * its own stack, which cannot be pointed at {@link social.waddle.atproto.http.SafeHttpClient}, so its calls would
 * bypass our SSRF, size and timeout rules. bsky4j is published on JitPack only, which this build cannot reach.
 * What we need is a handful of endpoints, so a few hundred lines over the safe client cost less than either.
 *
 * <p>May depend on the JDK, SLF4J, Jackson, {@code social.waddle.atproto},
 * {@code social.waddle.atproto.syntax} and {@code social.waddle.atproto.http}; never on Openfire.
 */
package social.waddle.atproto.xrpc;
