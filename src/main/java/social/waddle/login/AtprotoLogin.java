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
    String authenticate(String username, String secret, Optional<String> clientAddress) throws AtprotoException;

    AccountRepository accounts();
}
