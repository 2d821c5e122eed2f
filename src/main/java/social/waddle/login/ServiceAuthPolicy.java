package social.waddle.login;

import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * What a service-auth token must say to log in here.
 *
 * @param serviceDid                 our service DID, without fragment; {@code aud} must name it
 * @param acceptAudienceWithFragment whether {@code aud} may also be {@code serviceDid#<service-id>}
 * @param acceptedLxms               the lexicon methods (NSIDs) a token may authorise
 * @param lxmRequired                whether a token without {@code lxm} is refused (recommended)
 * @param maxLifetime                how far in the future {@code exp} may lie
 * @param clockSkew                  tolerance between our clock and the issuer's
 */
public record ServiceAuthPolicy(
        String serviceDid,
        boolean acceptAudienceWithFragment,
        Set<String> acceptedLxms,
        boolean lxmRequired,
        Duration maxLifetime,
        Duration clockSkew) {

    public static final Duration DEFAULT_MAX_LIFETIME = Duration.ofMinutes(5);
    public static final Duration DEFAULT_CLOCK_SKEW = Duration.ofSeconds(30);

    public ServiceAuthPolicy {
        Objects.requireNonNull(serviceDid, "serviceDid");
        if (!serviceDid.startsWith("did:") || serviceDid.indexOf('#') >= 0) {
            throw new IllegalArgumentException("serviceDid must be a DID without fragment");
        }
        acceptedLxms = Set.copyOf(acceptedLxms);
        Objects.requireNonNull(maxLifetime, "maxLifetime");
        Objects.requireNonNull(clockSkew, "clockSkew");
        if (maxLifetime.isNegative() || maxLifetime.isZero()) {
            throw new IllegalArgumentException("maxLifetime must be positive");
        }
        if (clockSkew.isNegative()) {
            throw new IllegalArgumentException("clockSkew must not be negative");
        }
    }

    /** Refuses tokens without {@code lxm} or with an {@code aud} fragment; 5 min lifetime, 30 s skew. */
    public static ServiceAuthPolicy strict(String serviceDid, Set<String> acceptedLxms) {
        return new ServiceAuthPolicy(serviceDid, false, acceptedLxms, true, DEFAULT_MAX_LIFETIME,
                DEFAULT_CLOCK_SKEW);
    }
}
