package social.waddle.account;

import java.util.Locale;
import java.util.Optional;

import social.waddle.atproto.AtprotoException;
import social.waddle.atproto.syntax.Did;

/** Who a moderator or admin means when they type a person into a form: a DID, or a known account's handle. */
public final class TypedPerson {

    /** Accounts whose handle contains the typed one, read to find the exact match. */
    private static final int CANDIDATES = 20;

    private TypedPerson() {
    }

    /**
     * A DID as typed, or the DID of the known account with this handle (case-insensitive; a leading {@code @} and
     * surrounding blanks are ignored). Empty for anything else.
     *
     * @param verifiedHandleOnly whether a handle counts only when it was verified both ways (people outside the
     *                           console must not reach someone through a handle that is not theirs)
     */
    public static Optional<Did> did(String input, AccountRepository accounts, boolean verifiedHandleOnly) {
        String stripped = input.strip();
        String typed = stripped.startsWith("@") ? stripped.substring(1) : stripped;
        if (typed.isEmpty()) {
            return Optional.empty();
        }
        if (typed.startsWith("did:")) {
            return parse(typed);
        }
        String handle = typed.toLowerCase(Locale.ROOT);
        return accounts.search(handle, 0, CANDIDATES).stream()
                .filter(account -> !verifiedHandleOnly || account.handleVerified())
                .filter(account -> account.handle().map(handle::equalsIgnoreCase).orElse(false))
                .findFirst()
                .flatMap(account -> parse(account.did()));
    }

    private static Optional<Did> parse(String did) {
        try {
            return Optional.of(Did.parse(did));
        } catch (AtprotoException e) {
            return Optional.empty();
        }
    }
}
