package social.waddle.web;

import java.util.Optional;

import social.waddle.account.AccountRepository;
import social.waddle.account.TypedPerson;
import social.waddle.account.AtprotoAccount;
import social.waddle.atproto.syntax.Did;

/**
 * People as the Waddle pages name them: by the handle of their ATProto account when this server knows it, else by
 * DID; and who an admin means by a DID or a known handle.
 */
final class People {

    private final Optional<AccountRepository> accounts;

    private People(Optional<AccountRepository> accounts) {
        this.accounts = accounts;
    }

    static People of(PageRequest request) {
        return new People(request.services().find(AccountAdministration.class).map(AccountAdministration::accounts));
    }

    /**
     * "Display name (handle)" of the DID's account when its handle verifies, the handle alone when it has no display
     * name, else the DID: a display name alone is anyone's to choose, so it never stands without the handle.
     */
    String name(Did did) {
        Optional<AtprotoAccount> account = accounts.flatMap(repository -> repository.findByDid(did.toString()))
                .filter(AtprotoAccount::handleVerified)
                .filter(known -> known.handle().isPresent());
        if (account.isEmpty()) {
            return did.toString();
        }
        String handle = account.get().handle().orElseThrow();
        return account.get().displayName().filter(name -> !name.isBlank())
                .map(name -> name + " (" + handle + ")")
                .orElse(handle);
    }

    /** A DID as typed, or the DID of the account with this handle (a leading {@code @} is ignored). */
    Optional<Did> find(String input) {
        return accounts.flatMap(repository -> TypedPerson.did(input, repository, false));
    }
}
