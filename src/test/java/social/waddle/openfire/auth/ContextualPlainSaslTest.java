package social.waddle.openfire.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.Security;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.security.auth.callback.Callback;
import javax.security.auth.callback.CallbackHandler;
import javax.security.auth.callback.NameCallback;
import javax.security.sasl.AuthorizeCallback;
import javax.security.sasl.Sasl;
import javax.security.sasl.SaslException;
import javax.security.sasl.SaslServer;

import org.jivesoftware.openfire.sasl.Failure;
import org.jivesoftware.openfire.sasl.SaslFailureException;
import org.jivesoftware.openfire.sasl.VerifyPasswordCallback;
import org.jivesoftware.openfire.session.LocalSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import social.waddle.atproto.AtprotoException;

class ContextualPlainSaslTest {

    private static final byte[] ALICE_PLAIN = "\0alice.test\0abcd-efgh-ijkl-mnop".getBytes(StandardCharsets.UTF_8);

    /** What the password check saw of the SASL context, and how it answers; stands in for Openfire's handler. */
    private final List<Optional<String>> addressesSeen = new ArrayList<>();
    private final List<String> usernamesSeen = new ArrayList<>();
    private AtprotoException failureToRecord;
    private boolean verified = true;

    private final CallbackHandler handler = callbacks -> {
        for (Callback callback : callbacks) {
            if (callback instanceof VerifyPasswordCallback) {
                Optional<SaslLoginContext> context = SaslLoginContext.current();
                addressesSeen.add(context.flatMap(SaslLoginContext::clientAddress));
                if (failureToRecord != null) {
                    context.ifPresent(c -> c.recordFailure(failureToRecord));
                }
                ((VerifyPasswordCallback) callback).setVerified(verified);
            } else if (callback instanceof AuthorizeCallback) {
                ((AuthorizeCallback) callback).setAuthorized(true);
            } else if (callback instanceof NameCallback) {
                usernamesSeen.add(((NameCallback) callback).getDefaultName());
            } else {
                throw new IllegalArgumentException("unexpected callback " + callback);
            }
        }
    };

    @AfterEach
    void noContextLeaks() {
        assertThat(SaslLoginContext.current()).isEmpty();
    }

    private static Map<String, Object> sessionProps(LocalSession session) {
        Map<String, Object> props = new HashMap<>();
        props.put(LocalSession.class.getCanonicalName(), session);
        return props;
    }

    private static LocalSession sessionFrom(String address) throws UnknownHostException {
        LocalSession session = mock(LocalSession.class);
        when(session.getHostAddress()).thenReturn(address);
        return session;
    }

    private SaslServer server(Map<String, ?> props) throws SaslException {
        return new ContextualPlainSasl.Factory().createSaslServer("PLAIN", "xmpp", "chat.example.com", props, handler);
    }

    @Test
    void theCheckLearnsTheClientAddressFromTheSession() throws Exception {
        SaslServer server = server(sessionProps(sessionFrom("198.51.100.4")));

        byte[] challenge = server.evaluateResponse(ALICE_PLAIN);

        assertThat(challenge).isNull();
        assertThat(server.isComplete()).isTrue();
        assertThat(server.getAuthorizationID()).isEqualTo("alice.test");
        assertThat(server.getMechanismName()).isEqualTo("PLAIN");
        assertThat(addressesSeen).containsExactly(Optional.of("198.51.100.4"));
    }

    @Test
    void aTemporaryFailureIsReportedAsTemporaryAuthFailure() throws Exception {
        failureToRecord = new AtprotoException(AtprotoException.Failure.TIMEOUT, "PDS did not answer");
        verified = false;
        SaslServer server = server(sessionProps(sessionFrom("198.51.100.4")));

        SaslFailureException failure = catchThrowableOfType(SaslFailureException.class,
                () -> server.evaluateResponse(ALICE_PLAIN));

        assertThat(failure).isNotNull();
        assertThat(failure.getFailure()).isEqualTo(Failure.TEMPORARY_AUTH_FAILURE);
        assertThat(failure.getMessage()).doesNotContain("PDS did not answer");
    }

    @Test
    void aRefusedCredentialStaysOpenfiresOwnFailure() throws Exception {
        failureToRecord = new AtprotoException(AtprotoException.Failure.NOT_AUTHORIZED, "Wrong password");
        verified = false;
        SaslServer server = server(null);

        SaslException failure = catchThrowableOfType(SaslException.class, () -> server.evaluateResponse(ALICE_PLAIN));

        assertThat(failure).isNotNull().isNotInstanceOf(SaslFailureException.class);
        assertThat(server.isComplete()).isFalse();
    }

    @Test
    void aLocalWrongPasswordStaysOpenfiresOwnFailure() throws Exception {
        verified = false;
        SaslServer server = server(Map.of());

        SaslException failure = catchThrowableOfType(SaslException.class, () -> server.evaluateResponse(ALICE_PLAIN));

        assertThat(failure).isNotNull().isNotInstanceOf(SaslFailureException.class);
    }

    @Test
    void withoutASessionThereIsNoAddress() throws Exception {
        server(null).evaluateResponse(ALICE_PLAIN);
        server(Map.of("other", "value")).evaluateResponse(ALICE_PLAIN);
        LocalSession unknown = mock(LocalSession.class);
        when(unknown.getHostAddress()).thenThrow(new UnknownHostException("gone"));
        server(sessionProps(unknown)).evaluateResponse(ALICE_PLAIN);

        assertThat(addressesSeen).containsExactly(Optional.empty(), Optional.empty(), Optional.empty());
    }

    /** Openfire's lockout check turns the username into a JID: a DID cannot be one, its derived localpart can. */
    @Test
    void aDidTypedAsTheUsernameReachesOpenfireAsItsDerivedLocalpart() throws Exception {
        String plcId = "ewvi7nxzyoun6zhxrhs64oiz";

        server(null).evaluateResponse(("\0did:plc:" + plcId + "\0pw").getBytes(StandardCharsets.UTF_8));
        server(null).evaluateResponse(("\0did\\3aplc\\3a" + plcId + "\0pw").getBytes(StandardCharsets.UTF_8));
        server(null).evaluateResponse(ALICE_PLAIN);

        assertThat(usernamesSeen).containsExactly(plcId, plcId, "alice.test");
    }

    @Test
    void servesOnlyPlain() throws Exception {
        ContextualPlainSasl.Factory factory = new ContextualPlainSasl.Factory();

        assertThat(factory.createSaslServer("SCRAM-SHA-1", "xmpp", "chat.example.com", Map.of(), handler)).isNull();
        assertThat(factory.getMechanismNames(Map.of())).containsExactly("PLAIN");
    }

    @Test
    void installsAheadOfOtherProvidersAndUninstallsCleanly() throws Exception {
        AutoCloseable undo = ContextualPlainSasl.install();
        try {
            AutoCloseable again = ContextualPlainSasl.install();
            assertThat(Security.getProviders()[0].getName()).isEqualTo(ContextualPlainSasl.PROVIDER_NAME);
            assertThat(java.util.Arrays.stream(Security.getProviders())
                    .filter(p -> p.getName().equals(ContextualPlainSasl.PROVIDER_NAME))).hasSize(1);

            SaslServer server = Sasl.createSaslServer("PLAIN", "xmpp", "chat.example.com", Map.of(), handler);

            assertThat(server).isInstanceOf(ContextualPlainSasl.ContextualServer.class);
            again.close();
        } finally {
            undo.close();
        }

        assertThat(Security.getProvider(ContextualPlainSasl.PROVIDER_NAME)).isNull();
    }
}
