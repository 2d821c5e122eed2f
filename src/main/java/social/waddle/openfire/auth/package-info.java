/**
 * Openfire's authentication and user SPI, adapted to ATProto accounts: {@link social.waddle.openfire.auth.WaddleAuthProvider},
 * {@link social.waddle.openfire.auth.WaddleUserProvider}, the authorization policy and mapping that bind the
 * DID-derived JID, and the SASL PLAIN wrapper that tells temporary failures from wrong passwords.
 *
 * <p>Openfire instantiates providers itself, by class name, before plugins load; they therefore find the running
 * plugin through {@link social.waddle.openfire.auth.LoginBridge} and fall back to the previous providers (local
 * accounts only) while it is absent. See COMPAT notes in the README for the SASL flow this relies on.
 */
package social.waddle.openfire.auth;
