package social.waddle.login;

import java.time.Instant;

/** What a service-auth token proved: {@code issuerDid} asked for {@code lxm} at {@code audience}. */
public record VerifiedServiceAuth(String issuerDid, String audience, String lxm, String jti, Instant expiresAt) {
}
