package social.waddle.login;

import java.time.Instant;

import social.waddle.atproto.AtprotoException;

/** Remembers the token ids ({@code jti}) already used, per issuer, so that no token logs in twice. */
@FunctionalInterface
public interface ReplayCache {

    /**
     * Records {@code jti} of {@code issuerDid} as used until {@code keepUntil}.
     *
     * @throws AtprotoException NOT_AUTHORIZED if it was used before, or if the cache cannot remember it
     */
    void claim(String issuerDid, String jti, Instant keepUntil) throws AtprotoException;
}
