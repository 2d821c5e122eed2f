/**
 * Deliberately incompatible sample classes, compiled only for the tests: each is valid Java against Openfire
 * 4.2.0 and walks into one known Openfire 5.x trap, so {@code CompatibilityGuardTest} can show the guard reports
 * it. {@link social.waddle.compat.traps.CompleteMucListener}, {@link social.waddle.compat.traps.RoomLookup},
 * {@link social.waddle.compat.traps.NamedModule} and {@link social.waddle.compat.traps.LambdaInterceptor} are
 * controls that must pass. Never used by production code.
 */
package social.waddle.compat.traps;
