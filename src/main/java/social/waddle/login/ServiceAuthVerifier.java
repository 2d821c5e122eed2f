package social.waddle.login;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.regex.Pattern;

import com.nimbusds.jose.Header;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWEHeader;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.PlainHeader;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;

import social.waddle.atproto.AtprotoException;
import social.waddle.atproto.AtprotoException.Failure;
import social.waddle.atproto.crypto.CryptoProvider;
import social.waddle.atproto.crypto.KeyType;

/**
 * Verifies ATProto inter-service authentication JWTs offline, as a login credential
 * (https://atproto.com/specs/xrpc#inter-service-authentication-jwt).
 *
 * <p>Cheap structural, header and claim checks run first; only then is the issuer's {@code #atproto} key looked
 * up, the signature checked (64-byte R||S, low-S, then ECDSA), and finally the {@code jti} claimed in the replay
 * cache, so a token that fails any check never uses up its id. Every refusal is an {@link AtprotoException}
 * ({@code UNSUPPORTED} for a refused algorithm, {@code NOT_AUTHORIZED} otherwise) naming the failed check; no
 * message repeats the token. Thread-safe.
 */
public final class ServiceAuthVerifier {

    /** Real service-auth tokens are about 400–600 characters. */
    public static final int MAX_TOKEN_CHARS = 8192;
    private static final int MAX_DID_CHARS = 2048;
    private static final int MAX_JTI_CHARS = 256;
    private static final int MAX_PREPARED_KEYS = 1024;
    private static final int SIGNATURE_BYTES = 64;
    private static final Pattern DID_SYNTAX = Pattern.compile("did:[a-z]+:[a-zA-Z0-9._:%-]*[a-zA-Z0-9._-]");

    private final ServiceAuthPolicy policy;
    private final ReplayCache replayCache;
    private final Clock clock;
    private final ConcurrentMap<PublicKey, PreparedKey> preparedKeys = new ConcurrentHashMap<>();

    public ServiceAuthVerifier(ServiceAuthPolicy policy, ReplayCache replayCache, Clock clock) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.replayCache = Objects.requireNonNull(replayCache, "replayCache");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * @param token      the compact JWS as the client sent it
     * @param claimedDid the DID the login is for; {@code iss} must be exactly this DID
     * @param keys       where the issuer's {@code #atproto} key comes from; its failures propagate unchanged
     */
    public VerifiedServiceAuth verify(String token, String claimedDid, SigningKeyLookup keys)
            throws AtprotoException {
        Objects.requireNonNull(claimedDid, "claimedDid");
        Objects.requireNonNull(keys, "keys");
        final CompactParts parts = split(token);
        final JWSHeader header = parseHeader(parts.header());
        final KeyType tokenCurve = checkHeader(header);
        final JWTClaimsSet claims = parseClaims(parts.payload());
        final Instant now = clock.instant();
        final String issuer = checkIssuer(claims, claimedDid);
        final String audience = checkAudience(claims);
        final Instant expiresAt = checkTimes(claims, now);
        final String lxm = checkLxm(claims);
        final String jti = checkJti(claims);

        final PreparedKey key = prepare(keys.signingKey(issuer), issuer);
        if (key.curve() != tokenCurve) {
            throw refused("alg " + tokenCurve.jwsAlgorithm() + " does not match the " + key.curve().displayName()
                    + " #atproto key of " + issuer + " (expected " + key.curve().jwsAlgorithm() + ")");
        }
        checkSignature(header, parts, key, issuer);

        replayCache.claim(issuer, jti, expiresAt.plus(policy.clockSkew()));
        return new VerifiedServiceAuth(issuer, audience, lxm, jti, expiresAt);
    }

    private record CompactParts(Base64URL header, Base64URL payload, Base64URL signature, byte[] signingInput) {
    }

    private record PreparedKey(KeyType curve, ECDSAVerifier verifier) {
    }

    private static CompactParts split(String token) throws AtprotoException {
        if (token == null || token.isEmpty()) {
            throw refused("no token given");
        }
        if (token.length() > MAX_TOKEN_CHARS) {
            throw refused("token is " + token.length() + " characters long, more than the " + MAX_TOKEN_CHARS
                    + " allowed");
        }
        final int firstDot = token.indexOf('.');
        final int secondDot = firstDot < 0 ? -1 : token.indexOf('.', firstDot + 1);
        if (secondDot < 0 || token.indexOf('.', secondDot + 1) >= 0) {
            final long partCount = token.chars().filter(c -> c == '.').count() + 1;
            throw refused("not a compact JWS: expected 3 dot-separated parts, found " + partCount);
        }
        checkBase64Url(token, 0, firstDot, "header");
        checkBase64Url(token, firstDot + 1, secondDot, "payload");
        checkBase64Url(token, secondDot + 1, token.length(), "signature");
        return new CompactParts(
                new Base64URL(token.substring(0, firstDot)),
                new Base64URL(token.substring(firstDot + 1, secondDot)),
                new Base64URL(token.substring(secondDot + 1)),
                token.substring(0, secondDot).getBytes(StandardCharsets.US_ASCII));
    }

    private static void checkBase64Url(String token, int start, int end, String partName) throws AtprotoException {
        final int length = end - start;
        if (length == 0) {
            throw refused("the " + partName + " part of the token is empty");
        }
        if (length % 4 == 1) {
            throw refused("the " + partName + " part of the token is not valid base64url (length " + length + ")");
        }
        for (int i = start; i < end; i++) {
            final char c = token.charAt(i);
            final boolean base64Url = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '_';
            if (!base64Url) {
                throw refused("the " + partName + " part of the token is not unpadded base64url (character "
                        + (i - start) + ")");
            }
        }
    }

    private static JWSHeader parseHeader(Base64URL encodedHeader) throws AtprotoException {
        final Header header;
        try {
            header = Header.parse(encodedHeader);
        } catch (ParseException e) {
            throw refused("the token header is not a valid JOSE header JSON object");
        }
        if (header instanceof PlainHeader) {
            throw new AtprotoException(Failure.UNSUPPORTED, "alg \"none\" refused: the token is not signed");
        }
        if (header instanceof JWEHeader) {
            throw new AtprotoException(Failure.UNSUPPORTED, "encrypted token (JWE, alg "
                    + quote(header.getAlgorithm().getName()) + ") refused: service auth is a signed JWT");
        }
        if (!(header instanceof JWSHeader jwsHeader)) {
            throw refused("the token header is not a JWS header");
        }
        return jwsHeader;
    }

    private static KeyType checkHeader(JWSHeader header) throws AtprotoException {
        final JWSAlgorithm algorithm = header.getAlgorithm();
        final KeyType curve = KeyType.forJwsAlgorithm(algorithm.getName()).orElse(null);
        if (curve == null) {
            throw new AtprotoException(Failure.UNSUPPORTED, "alg " + quote(algorithm.getName())
                    + " refused: ATProto service auth is signed with ES256K or ES256");
        }
        final JOSEObjectType type = header.getType();
        if (type != null && !"JWT".equalsIgnoreCase(type.getType())) {
            throw refused("typ " + quote(type.getType()) + " refused: a service-auth token has typ JWT"
                    + " (access, refresh and DPoP tokens are not service auth)");
        }
        final Set<String> critical = header.getCriticalParams();
        if (critical != null && !critical.isEmpty()) {
            throw refused("crit header parameters " + quote(String.join(",", new TreeSet<>(critical)))
                    + " are not understood here");
        }
        return curve;
    }

    private static JWTClaimsSet parseClaims(Base64URL encodedPayload) throws AtprotoException {
        try {
            return JWTClaimsSet.parse(encodedPayload.decodeToString());
        } catch (ParseException e) {
            throw refused("the token payload is not a JSON claims set with well-typed registered claims");
        }
    }

    private static String checkIssuer(JWTClaimsSet claims, String claimedDid) throws AtprotoException {
        final String issuer = claims.getIssuer();
        if (issuer == null) {
            throw refused("iss claim missing");
        }
        if (issuer.length() > MAX_DID_CHARS) {
            throw refused("iss claim is " + issuer.length() + " characters long, more than a DID may be");
        }
        final int hash = issuer.indexOf('#');
        if (hash >= 0) {
            throw refused("iss " + quote(issuer) + " is scoped to service " + quote(issuer.substring(hash))
                    + ": a login needs a general-purpose token (no service id), signed with the #atproto key");
        }
        if (!DID_SYNTAX.matcher(issuer).matches()) {
            throw refused("iss " + quote(issuer) + " is not a DID");
        }
        if (!issuer.equals(claimedDid)) {
            throw refused("iss " + quote(issuer) + " is not the account logging in (" + quote(claimedDid) + ")");
        }
        return issuer;
    }

    private String checkAudience(JWTClaimsSet claims) throws AtprotoException {
        final List<String> audiences = claims.getAudience();
        if (audiences.isEmpty()) {
            throw refused("aud claim missing");
        }
        if (audiences.size() > 1) {
            throw refused("aud claim names " + audiences.size() + " audiences; expected only "
                    + policy.serviceDid());
        }
        final String audience = audiences.get(0);
        if (policy.serviceDid().equals(audience)) {
            return audience;
        }
        if (audience != null && audience.startsWith(policy.serviceDid() + '#')) {
            if (policy.acceptAudienceWithFragment()) {
                return audience;
            }
            throw refused("aud " + quote(audience) + " carries a service fragment; this server is configured to"
                    + " accept only " + policy.serviceDid());
        }
        throw refused("aud " + quote(audience) + " is not this service (" + policy.serviceDid() + ")");
    }

    private Instant checkTimes(JWTClaimsSet claims, Instant now) throws AtprotoException {
        final Duration skew = policy.clockSkew();
        final Date expirationTime = claims.getExpirationTime();
        if (expirationTime == null) {
            throw refused("exp claim missing");
        }
        final Instant expiresAt = expirationTime.toInstant();
        if (now.isAfter(expiresAt.plus(skew))) {
            throw refused("token expired at " + expiresAt + " (now " + now + ", clock skew allowed " + skew + ")");
        }
        final Instant latestExpiry = now.plus(policy.maxLifetime()).plus(skew);
        if (expiresAt.isAfter(latestExpiry)) {
            throw refused("token lives too long: exp " + expiresAt + " is more than " + policy.maxLifetime()
                    + " (+" + skew + " skew) after now (" + now + ")");
        }
        final Date issueTime = claims.getIssueTime();
        if (issueTime != null && issueTime.toInstant().isAfter(now.plus(skew))) {
            throw refused("token issued in the future: iat " + issueTime.toInstant() + " is after now (" + now
                    + ") plus clock skew " + skew);
        }
        final Date notBefore = claims.getNotBeforeTime();
        if (notBefore != null && notBefore.toInstant().isAfter(now.plus(skew))) {
            throw refused("token not valid yet: nbf " + notBefore.toInstant() + " is after now (" + now
                    + ") plus clock skew " + skew);
        }
        return expiresAt;
    }

    private String checkLxm(JWTClaimsSet claims) throws AtprotoException {
        final Object lxm = claims.getClaim("lxm");
        if (lxm == null) {
            if (policy.lxmRequired()) {
                throw refused("lxm claim missing: this server requires a token scoped to one of "
                        + new TreeSet<>(policy.acceptedLxms()));
            }
            return null;
        }
        if (!(lxm instanceof String method)) {
            throw refused("lxm claim is not a string");
        }
        if (!policy.acceptedLxms().contains(method)) {
            throw refused("lxm " + quote(method) + " is not accepted here (accepted: "
                    + new TreeSet<>(policy.acceptedLxms()) + ")");
        }
        return method;
    }

    private static String checkJti(JWTClaimsSet claims) throws AtprotoException {
        final Object jti = claims.getClaim("jti");
        if (jti == null) {
            throw refused("jti claim missing: every token needs a unique id so it cannot be replayed");
        }
        if (!(jti instanceof String id) || id.isBlank()) {
            throw refused("jti claim is not a non-empty string");
        }
        if (id.length() > MAX_JTI_CHARS) {
            throw refused("jti claim is " + id.length() + " characters long, more than " + MAX_JTI_CHARS);
        }
        return id;
    }

    private PreparedKey prepare(PublicKey key, String issuer) throws AtprotoException {
        if (key == null) {
            throw refused("no #atproto signing key found for " + issuer);
        }
        final PreparedKey known = preparedKeys.get(key);
        if (known != null) {
            return known;
        }
        if (!(key instanceof ECPublicKey ecKey)) {
            throw new AtprotoException(Failure.UNSUPPORTED, "the #atproto key of " + issuer + " is a "
                    + key.getAlgorithm() + " key; ATProto signs with secp256k1 or P-256");
        }
        final KeyType curve = KeyType.forParameters(ecKey.getParams()).orElse(null);
        if (curve == null) {
            throw new AtprotoException(Failure.UNSUPPORTED, "the #atproto key of " + issuer
                    + " is on a curve other than secp256k1 or P-256");
        }
        final PreparedKey prepared;
        try {
            final ECDSAVerifier verifier = new ECDSAVerifier(PreparedEcPublicKey.of(ecKey, curve));
            verifier.getJCAContext().setProvider(CryptoProvider.bouncyCastle());
            prepared = new PreparedKey(curve, verifier);
        } catch (JOSEException | RuntimeException e) {
            throw new AtprotoException(Failure.MALFORMED_DOCUMENT, "the #atproto key of " + issuer
                    + " is not a usable " + curve.displayName() + " public key", e);
        }
        if (preparedKeys.size() >= MAX_PREPARED_KEYS) {
            preparedKeys.clear();
        }
        preparedKeys.put(key, prepared);
        return prepared;
    }

    private static void checkSignature(JWSHeader header, CompactParts parts, PreparedKey key, String issuer)
            throws AtprotoException {
        final byte[] signature = parts.signature().decode();
        if (signature.length != SIGNATURE_BYTES) {
            throw refused("signature is " + signature.length + " bytes; ES256K/ES256 signatures are 64-byte R||S");
        }
        final KeyType curve = key.curve();
        final BigInteger r = new BigInteger(1, Arrays.copyOfRange(signature, 0, 32));
        final BigInteger s = new BigInteger(1, Arrays.copyOfRange(signature, 32, 64));
        if (r.signum() == 0 || s.signum() == 0 || r.compareTo(curve.order()) >= 0
                || s.compareTo(curve.order()) >= 0) {
            throw refused("signature values r or s are out of range for " + curve.displayName());
        }
        if (s.compareTo(curve.halfOrder()) > 0) {
            throw refused("high-S signature refused: ATProto requires low-S signatures (s <= n/2)");
        }
        final boolean valid;
        try {
            valid = key.verifier().verify(header, parts.signingInput(), parts.signature());
        } catch (JOSEException e) {
            throw refused("signature could not be checked against the #atproto key of " + issuer + ": "
                    + e.getMessage());
        }
        if (!valid) {
            throw refused("signature does not verify with the #atproto key of " + issuer);
        }
    }

    private static AtprotoException refused(String message) {
        return new AtprotoException(Failure.NOT_AUTHORIZED, "service-auth token refused: " + message);
    }

    /** A claim value fit for an admin log: printable ASCII, at most 100 characters, quoted. */
    static String quote(String value) {
        if (value == null) {
            return "null";
        }
        final StringBuilder quoted = new StringBuilder(Math.min(value.length(), 100) + 5).append('"');
        for (int i = 0; i < value.length() && i < 100; i++) {
            final char c = value.charAt(i);
            quoted.append(c >= 0x20 && c < 0x7f && c != '"' ? c : '?');
        }
        if (value.length() > 100) {
            quoted.append('…');
        }
        return quoted.append('"').toString();
    }
}
