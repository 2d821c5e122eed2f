package social.waddle.login;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;

import social.waddle.account.AtprotoAccount;
import social.waddle.account.CredentialType;

/** When a login rewrites the account row: on any change, or when lastSeen is a minute old; not on every re-login. */
class AccountSavingTest {

    private static final Instant FIRST_SEEN = Instant.parse("2025-06-01T10:00:00Z");
    private static final Instant LAST_SEEN = Instant.parse("2025-06-01T12:00:00.123Z");
    private static final Instant RESOLVED_AT = Instant.parse("2025-06-01T11:59:00.456Z");

    private static AtprotoAccount stored() {
        return new AtprotoAccount("ewvi7nxzyoun6zhxrhs64oiz", "did:plc:ewvi7nxzyoun6zhxrhs64oiz", Optional.of("alice.test"),
                true, Optional.of("Alice"), Optional.of("https://pds.example.com"), Set.of(CredentialType.APP_PASSWORD),
                false, FIRST_SEEN, LAST_SEEN, RESOLVED_AT);
    }

    private static AtprotoAccount seenAt(Instant lastSeen) {
        AtprotoAccount a = stored();
        return new AtprotoAccount(a.username(), a.did(), a.handle(), a.handleVerified(), a.displayName(), a.pdsUrl(),
                a.credentialTypes(), a.loginBlocked(), a.firstSeen(), lastSeen, a.resolvedAt().plusNanos(789));
    }

    @Test
    void anUnchangedAccountSeenWithinAMinuteIsNotRewritten() {
        assertThat(LoginService.worthSaving(stored(), seenAt(LAST_SEEN.plusSeconds(59)))).isFalse();
    }

    @Test
    void anUnchangedAccountIsRewrittenOnceItsLastSeenIsAMinuteOld() {
        assertThat(LoginService.worthSaving(stored(), seenAt(LAST_SEEN.plus(LoginService.LAST_SEEN_RESOLUTION)))).isTrue();
        assertThat(LoginService.worthSaving(stored(), seenAt(LAST_SEEN.plus(Duration.ofHours(1))))).isTrue();
    }

    @Test
    void anyOtherChangeIsWrittenAtOnce() {
        AtprotoAccount s = stored();
        Instant now = LAST_SEEN.plusSeconds(1);

        assertThat(LoginService.worthSaving(s, new AtprotoAccount(s.username(), s.did(), Optional.of("alice2.test"),
                true, s.displayName(), s.pdsUrl(), s.credentialTypes(), false, FIRST_SEEN, now, RESOLVED_AT))).isTrue();
        assertThat(LoginService.worthSaving(s, new AtprotoAccount(s.username(), s.did(), s.handle(),
                false, s.displayName(), s.pdsUrl(), s.credentialTypes(), false, FIRST_SEEN, now, RESOLVED_AT))).isTrue();
        assertThat(LoginService.worthSaving(s, new AtprotoAccount(s.username(), s.did(), s.handle(),
                true, Optional.of("Alice B."), s.pdsUrl(), s.credentialTypes(), false, FIRST_SEEN, now, RESOLVED_AT))).isTrue();
        assertThat(LoginService.worthSaving(s, new AtprotoAccount(s.username(), s.did(), s.handle(),
                true, s.displayName(), Optional.of("https://other.example.com"), s.credentialTypes(), false, FIRST_SEEN,
                now, RESOLVED_AT))).isTrue();
        assertThat(LoginService.worthSaving(s, new AtprotoAccount(s.username(), s.did(), s.handle(),
                true, s.displayName(), s.pdsUrl(), Set.of(CredentialType.APP_PASSWORD, CredentialType.SERVICE_AUTH), false,
                FIRST_SEEN, now, RESOLVED_AT))).isTrue();
        assertThat(LoginService.worthSaving(s, new AtprotoAccount(s.username(), s.did(), s.handle(),
                true, s.displayName(), s.pdsUrl(), s.credentialTypes(), false, FIRST_SEEN, now,
                RESOLVED_AT.plusSeconds(300)))).isTrue();
    }
}
