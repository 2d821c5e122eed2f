/**
 * ATProto identifier value types: {@link social.waddle.atproto.syntax.Handle}, {@link social.waddle.atproto.syntax.Did},
 * {@link social.waddle.atproto.syntax.RecordKey},
 * {@link social.waddle.atproto.syntax.Nsid} and {@link social.waddle.atproto.syntax.AtUri}. Each has a static
 * {@code parse} that throws {@link social.waddle.atproto.AtprotoException} with
 * {@link social.waddle.atproto.AtprotoException.Failure#INVALID_SYNTAX} and a message naming what is wrong, and a
 * static {@code isValid}. Nothing here touches the network.
 *
 * <p>May depend on the JDK and {@code social.waddle.atproto} only.
 */
package social.waddle.atproto.syntax;
