package social.waddle.web.site;

import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import social.waddle.account.AccountRepository;
import social.waddle.account.AtprotoAccount;
import social.waddle.account.TypedPerson;
import social.waddle.atproto.AtprotoException;
import social.waddle.atproto.syntax.Did;

/**
 * People as the public pages name them, by the rule of the console's pages: "display name (handle)" while the handle
 * verifies, the handle alone without a display name, else the DID (a display name alone is anyone's to choose, so it
 * never stands without the handle); and who a moderator means by a handle or DID.
 */
public final class SitePeople {

    /** A DID inside a sentence (the service's messages name people by DID). */
    private static final Pattern DID_IN_TEXT = Pattern.compile("did:[a-z]+:[A-Za-z0-9._:%-]*[A-Za-z0-9._%-]");

    /** How a person is shown: {@code label} is the name, {@code did} goes into a tooltip and forms. */
    public record Name(String did, String label, Optional<String> handle) {
    }

    private final AccountRepository accounts;

    public SitePeople(AccountRepository accounts) {
        this.accounts = accounts;
    }

    public Name name(Did did) {
        Optional<AtprotoAccount> account = accounts.findByDid(did.toString()).filter(AtprotoAccount::handleVerified)
                .filter(known -> known.handle().isPresent());
        if (account.isEmpty()) {
            return new Name(did.toString(), did.toString(), Optional.empty());
        }
        String handle = account.get().handle().orElseThrow();
        String label = account.get().displayName().map(String::strip).filter(name -> !name.isEmpty())
                .map(name -> name + " (" + handle + ")").orElse(handle);
        return new Name(did.toString(), label, Optional.of(handle));
    }

    /**
     * The DIDs of known accounts whose handle, DID or display name contains {@code text} (case-insensitive), at most
     * {@code limit} of them: what a moderator's search of a member list matches.
     */
    public Set<String> didsMatching(String text, int limit) {
        Set<String> dids = new HashSet<>();
        for (AtprotoAccount account : accounts.search(text.strip(), 0, limit)) {
            dids.add(account.did());
        }
        return dids;
    }

    /** The service's message with every DID it names replaced by that person's name. */
    public String humanize(String message) {
        Matcher matcher = DID_IN_TEXT.matcher(message == null ? "" : message);
        StringBuilder text = new StringBuilder();
        while (matcher.find()) {
            String named;
            try {
                named = name(Did.parse(matcher.group())).label();
            } catch (AtprotoException e) {
                named = matcher.group();
            }
            matcher.appendReplacement(text, Matcher.quoteReplacement(named));
        }
        matcher.appendTail(text);
        return text.toString();
    }

    /** A DID as typed, or the DID of the known account with this verified handle (a leading {@code @} is ignored). */
    public Optional<Did> find(String input) {
        return TypedPerson.did(input, accounts, true);
    }
}
