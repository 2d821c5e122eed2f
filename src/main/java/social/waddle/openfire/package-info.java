/**
 * Thin adapters between Openfire and the pure core: the {@link social.waddle.openfire.WaddlePlugin} that
 * wires and unwires everything, providers, listeners, the component, property storage.
 *
 * <p>Only API present in both Openfire 4.2.0 (what we compile against) and 5.1.1 (what admins run) may be
 * used here; {@code CompatibilityGuardTest} checks every reference. Rooms are driven by XEP-0045 stanzas,
 * never through {@code MUCRoom} objects.
 */
package social.waddle.openfire;
