package social.waddle.login;

import java.util.Optional;

import social.waddle.account.AccountRepository;
import social.waddle.atproto.AtprotoException;

/** What the Openfire adapters need of the running plugin's login service. */
public interface AtprotoLogin {

    /** Whether this username (handle, DID, or DID-derived localpart) names an ATProto identity. */
    boolean isAtprotoIdentifier(String username);

    /** Whether this is the shape of a JID localpart derived from a DID (such names are reserved). */
    boolean isAtprotoLocalpart(String username);

    /**
     * Checks a credential and provisions the account.
     *
     * @return the DID-derived localpart the session binds
     * @throws AtprotoException NOT_AUTHORIZED for a refused credential, a temporary kind when a PDS, PLC or
     *                          resolver could not be reached
     */
    default String authenticate(String username, String secret, Optional<String> clientAddress) throws AtprotoException {
        return login(username, secret, clientAddress).localpart();
    }

    /**
     * As {@link #authenticate}, also saying which device password (if any) proved the login, so the session it opens
     * can be ended when that password is revoked.
     */
    Authenticated login(String username, String secret, Optional<String> clientAddress) throws AtprotoException;

    /** A successful login: the localpart the session binds, and the id of the device password that proved it. */
    final class Authenticated {
        private final String localpart;
        private final Optional<String> devicePasswordId;

        public Authenticated(String localpart, Optional<String> devicePasswordId) {
            this.localpart = localpart;
            this.devicePasswordId = devicePasswordId;
        }

        public String localpart() {
            return localpart;
        }

        public Optional<String> devicePasswordId() {
            return devicePasswordId;
        }
    }

    AccountRepository accounts();
}
