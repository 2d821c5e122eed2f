package social.waddle.openfire.auth;

import java.security.Provider;
import java.security.Security;
import java.util.Map;
import java.util.Optional;

import javax.security.auth.callback.CallbackHandler;
import javax.security.sasl.SaslException;
import javax.security.sasl.SaslServer;
import javax.security.sasl.SaslServerFactory;

import org.jivesoftware.openfire.sasl.Failure;
import org.jivesoftware.openfire.sasl.SaslFailureException;
import org.jivesoftware.openfire.sasl.SaslServerPlainImpl;
import org.jivesoftware.openfire.session.LocalSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import social.waddle.atproto.AtprotoException;

/**
 * A JCA SASL provider, placed ahead of Openfire's, whose PLAIN server is Openfire's own PLAIN server run inside a
 * {@link SaslLoginContext}: the ATProto check learns the client's address (Openfire passes the session in the
 * SASL properties), and a failure the check marks temporary (PDS or PLC unreachable) reaches the client as
 * RFC 6120 {@code temporary-auth-failure} instead of {@code not-authorized}. A DID typed as the username is handed to
 * Openfire as the DID-derived localpart ({@link DidUsernames}), which Openfire's lockout check can read.
 */
public final class ContextualPlainSasl {

    private static final Logger Log = LoggerFactory.getLogger(ContextualPlainSasl.class);
    static final String PROVIDER_NAME = "WaddleContextualSasl";

    private ContextualPlainSasl() {
    }

    /** @return the undo action */
    public static AutoCloseable install() {
        Security.removeProvider(PROVIDER_NAME);
        Security.insertProviderAt(new ProviderImpl(), 1);
        return () -> Security.removeProvider(PROVIDER_NAME);
    }

    private static final class ProviderImpl extends Provider {
        private static final long serialVersionUID = 1L;

        ProviderImpl() {
            super(PROVIDER_NAME, "1.0", "Openfire PLAIN with the client's context, for Waddle ATProto logins");
            putService(new Service(this, "SaslServerFactory", "PLAIN", Factory.class.getName(), null, null) {
                @Override
                public Object newInstance(Object constructorParameter) {
                    return new Factory();
                }
            });
        }
    }

    static final class Factory implements SaslServerFactory {
        @Override
        public SaslServer createSaslServer(String mechanism, String protocol, String serverName, Map<String, ?> props,
                                           CallbackHandler handler) throws SaslException {
            if (!"PLAIN".equals(mechanism)) {
                return null;
            }
            LocalSession session = session(props);
            return new ContextualServer(new SaslServerPlainImpl(protocol, serverName, props, handler), clientAddress(session),
                    serverName, session);
        }

        @Override
        public String[] getMechanismNames(Map<String, ?> props) {
            return new String[] {"PLAIN"};
        }
    }

    private static LocalSession session(Map<String, ?> props) {
        Object session = props == null ? null : props.get(LocalSession.class.getCanonicalName());
        return session instanceof LocalSession ? (LocalSession) session : null;
    }

    private static Optional<String> clientAddress(LocalSession session) {
        if (session != null) {
            try {
                return Optional.ofNullable(session.getHostAddress());
            } catch (Exception e) {
                Log.debug("No client address for a SASL exchange", e);
            }
        }
        return Optional.empty();
    }

    static final class ContextualServer implements SaslServer {
        private final SaslServer delegate;
        private final Optional<String> clientAddress;
        private final String domain;
        private final LocalSession session;

        /**
         * @param domain this server's XMPP domain, which a username may carry ({@code did:plc:…@domain})
         * @param session the stream's session, or {@code null} when Openfire did not pass it
         */
        ContextualServer(SaslServer delegate, Optional<String> clientAddress, String domain, LocalSession session) {
            this.delegate = delegate;
            this.clientAddress = clientAddress;
            this.domain = domain;
            this.session = session;
        }

        @Override
        public String getMechanismName() {
            return delegate.getMechanismName();
        }

        @Override
        public byte[] evaluateResponse(byte[] response) throws SaslException {
            SaslLoginContext context = SaslLoginContext.begin(clientAddress);
            try {
                byte[] challenge = delegate.evaluateResponse(DidUsernames.rewritePlain(response, domain));
                Optional<String> devicePassword = context.devicePasswordId();
                if (devicePassword.isPresent() && session != null && delegate.isComplete()) {
                    DeviceSessions.register(devicePassword.get(), session);
                }
                return challenge;
            } catch (SaslException e) {
                Optional<AtprotoException> failure = context.failure();
                if (failure.isPresent() && failure.get().isTemporary()) {
                    throw new SaslFailureException(Failure.TEMPORARY_AUTH_FAILURE,
                            "Your identity provider could not be reached; try again shortly");
                }
                throw e;
            } finally {
                SaslLoginContext.end();
            }
        }

        @Override
        public boolean isComplete() {
            return delegate.isComplete();
        }

        @Override
        public String getAuthorizationID() {
            return delegate.getAuthorizationID();
        }

        @Override
        public byte[] unwrap(byte[] incoming, int offset, int len) throws SaslException {
            return delegate.unwrap(incoming, offset, len);
        }

        @Override
        public byte[] wrap(byte[] outgoing, int offset, int len) throws SaslException {
            return delegate.wrap(outgoing, offset, len);
        }

        @Override
        public Object getNegotiatedProperty(String propName) {
            return delegate.getNegotiatedProperty(propName);
        }

        @Override
        public void dispose() throws SaslException {
            delegate.dispose();
        }
    }
}
