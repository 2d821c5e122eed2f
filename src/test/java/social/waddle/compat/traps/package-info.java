/**
 * Deliberately incompatible sample classes, compiled only for the tests: each is valid Java against Openfire
 * 4.2.0 and walks into one known Openfire 5.x trap, so {@code CompatibilityGuardTest} can show the guard reports
 * it ({@link social.waddle.compat.traps.JettyNineUtilities} walks into Jetty 12, which only the distribution world
 * sees). {@link social.waddle.compat.traps.CompleteMucListener}, {@link social.waddle.compat.traps.RoomLookup},
 * {@link social.waddle.compat.traps.NamedModule}, {@link social.waddle.compat.traps.LambdaInterceptor} and
 * {@link social.waddle.compat.traps.ServletPage} are controls that must pass. Never used by production code.
 */
package social.waddle.compat.traps;
