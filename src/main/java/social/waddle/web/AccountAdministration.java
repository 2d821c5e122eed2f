package social.waddle.web;

import social.waddle.account.AccountRepository;
import social.waddle.atproto.AtprotoException;
import social.waddle.atproto.identity.VerifiedIdentity;
import social.waddle.atproto.syntax.Did;

/** What the ATProto accounts page does with accounts, backed by the running login service in production. */
public interface AccountAdministration {

    AccountRepository accounts();

    /** Forgets what the resolver has cached about the DID (and the handles it claims), then resolves it afresh. */
    VerifiedIdentity reresolve(Did did) throws AtprotoException;

    /** Forgets the remembered app-password checks of the DID: its next login asks its PDS again. */
    void forgetCredentials(String did);
}
