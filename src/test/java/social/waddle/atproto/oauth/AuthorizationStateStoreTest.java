package social.waddle.atproto.oauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;

import social.waddle.atproto.oauth.OAuthException.Reason;

class AuthorizationStateStoreTest {

    private static final Instant T0 = Instant.parse("2026-12-04T07:00:00Z");

    private final MutableClock clock = new MutableClock(T0);
    private final AuthorizationStateStore store = new AuthorizationStateStore(clock, Duration.ofMinutes(10), 2);

    @Test
    void aStateIsTakenOnceThenReportedAsReplayed() throws Exception {
        store.put(pending("s1"));

        assertThat(store.take("s1").state()).isEqualTo("s1");
        assertRefused("s1", Reason.REPLAYED_STATE);
        assertThat(store.pendingCount()).isZero();
    }

    @Test
    void anUnknownOrMissingStateIsAForgery() {
        assertRefused("never-issued", Reason.UNKNOWN_STATE);
        assertRefused(null, Reason.UNKNOWN_STATE);
        assertRefused("", Reason.UNKNOWN_STATE);
    }

    @Test
    void aStateExpiresAfterTheLifetimeAndIsThenReportedAsExpired() throws Exception {
        store.put(pending("late"));
        store.put(pending("later"));
        clock.now = T0.plus(Duration.ofMinutes(10));

        assertRefused("late", Reason.EXPIRED_STATE);
        store.pendingCount(); // purges "later"
        assertRefused("later", Reason.EXPIRED_STATE);
    }

    @Test
    void spentStatesAreForgottenEventually() throws Exception {
        store.put(pending("s1"));
        store.take("s1");
        clock.now = T0.plus(Duration.ofMinutes(21));

        assertRefused("s1", Reason.UNKNOWN_STATE);
    }

    @Test
    void refusesNewSignInsBeyondTheCapUntilOthersExpire() throws Exception {
        store.put(pending("a"));
        store.put(pending("b"));

        assertThatThrownBy(() -> store.put(pending("c"))).isInstanceOfSatisfying(OAuthException.class,
                e -> assertThat(e.reason()).isEqualTo(Reason.TOO_MANY_PENDING));
        clock.now = T0.plus(Duration.ofMinutes(11));
        store.put(pending("c"));
        assertThat(store.pendingCount()).isEqualTo(1);
    }

    private void assertRefused(String state, Reason reason) {
        assertThatThrownBy(() -> store.take(state)).isInstanceOfSatisfying(OAuthException.class,
                e -> assertThat(e.reason()).isEqualTo(reason));
    }

    private PendingAuthorization pending(String state) throws Exception {
        URI issuer = URI.create("https://pds.example.com");
        AuthorizationServer server = new AuthorizationServer(issuer, URI.create(issuer + "/oauth/authorize"),
                URI.create(issuer + "/oauth/token"), URI.create(issuer + "/oauth/par"), Optional.empty());
        return new PendingAuthorization(state, "browser", server, URI.create("urn:ietf:params:oauth:request_uri:x"),
                new CodeVerifier(), new ECKeyGenerator(Curve.P_256).generate(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), URI.create("https://chat.example.com/oauth/callback"), clock.now,
                store.expiryFor(clock.now));
    }

    private static final class MutableClock extends Clock {
        Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
