/**
 * Time as people type it, one grammar for the whole plugin: {@link social.waddle.time.Durations} (settings such as
 * {@code 30s} or {@code PT10M}) and {@link social.waddle.time.Expiry} (when a ban or invite ends, typed in the console
 * or in an XMPP command alike, with the same bounds). "Now" always comes from a {@link java.time.Clock} handed in.
 *
 * <p>May depend on the JDK only.
 */
package social.waddle.time;
