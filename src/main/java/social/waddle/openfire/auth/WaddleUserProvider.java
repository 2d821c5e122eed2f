package social.waddle.openfire.auth;

import social.waddle.login.AtprotoLogin;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.jivesoftware.openfire.user.User;
import org.jivesoftware.openfire.user.UserAlreadyExistsException;
import org.jivesoftware.openfire.user.UserManager;
import org.jivesoftware.openfire.user.UserNotFoundException;
import org.jivesoftware.openfire.user.UserProvider;

import social.waddle.account.AccountRepository;
import social.waddle.account.AtprotoAccount;

/**
 * Serves ATProto accounts (read-only: their name comes from Bluesky, they have no password here) next to the local
 * accounts of the provider that was configured before, so Openfire's user pages list, count and search both.
 * DID-shaped usernames are reserved: nobody can register or create one.
 */
public final class WaddleUserProvider implements UserProvider {

    /** Offered in Openfire's user search next to the previous provider's fields; matches handle and DID too. */
    static final String HANDLE_FIELD = "Handle";
    /** Openfire's own search fields that ATProto accounts have too (they have no e-mail address here). */
    private static final String USERNAME_FIELD = "Username";
    private static final String NAME_FIELD = "Name";

    private final UserProvider previous;

    public WaddleUserProvider() {
        this(PreviousProviders.userProvider());
    }

    WaddleUserProvider(UserProvider previous) {
        this.previous = previous;
    }

    UserProvider previous() {
        return previous;
    }

    /** Whether the provider that serves local accounts knows this username. */
    static boolean isLocalUser(String username) {
        return isLocalUser(UserManager.getUserProvider(), username);
    }

    /** Whether the provider serving local accounts, {@code active} or the one it wraps, knows this username. */
    static boolean isLocalUser(UserProvider active, String username) {
        UserProvider local = active instanceof WaddleUserProvider ? ((WaddleUserProvider) active).previous : active;
        try {
            local.loadUser(username);
            return true;
        } catch (UserNotFoundException | UnsupportedOperationException e) {
            return false;
        }
    }

    private static Optional<AccountRepository> accounts() {
        return LoginBridge.current().map(AtprotoLogin::accounts);
    }

    private static boolean reserved(String username) {
        return LoginBridge.current().map(login -> login.isAtprotoLocalpart(username)).orElse(false);
    }

    private static User toUser(AtprotoAccount account) {
        return new User(account.username(), account.visibleName(), null,
                Date.from(account.firstSeen()), Date.from(account.lastSeen()));
    }

    private Optional<AtprotoAccount> atprotoAccount(String username) {
        return accounts().flatMap(repository -> repository.findByUsername(username));
    }

    @Override
    public User loadUser(String username) throws UserNotFoundException {
        Optional<AtprotoAccount> account = atprotoAccount(username);
        if (account.isPresent()) {
            return toUser(account.get());
        }
        return previous.loadUser(username);
    }

    @Override
    public User createUser(String username, String password, String name, String email) throws UserAlreadyExistsException {
        if (reserved(username)) {
            throw new UserAlreadyExistsException("Username " + username + " is reserved for an ATProto (Bluesky) account");
        }
        return previous.createUser(username, password, name, email);
    }

    @Override
    public void deleteUser(String username) {
        if (atprotoAccount(username).isPresent()) {
            throw new UnsupportedOperationException("ATProto accounts are managed on the Waddle ATProto accounts page");
        }
        previous.deleteUser(username);
    }

    @Override
    public int getUserCount() {
        return previous.getUserCount() + accounts().map(AccountRepository::count).orElse(0);
    }

    @Override
    public Collection<User> getUsers() {
        return getUsers(0, Integer.MAX_VALUE);
    }

    @Override
    public Collection<String> getUsernames() {
        List<String> usernames = new ArrayList<>(previous.getUsernames());
        accounts().ifPresent(repository -> usernames.addAll(repository.usernames(0, Integer.MAX_VALUE)));
        return usernames;
    }

    /** Local accounts first, then ATProto accounts; each side pages on its own storage. */
    @Override
    public Collection<User> getUsers(int startIndex, int numResults) {
        List<User> users = new ArrayList<>();
        int localCount = previous.getUserCount();
        if (startIndex < localCount) {
            users.addAll(previous.getUsers(startIndex, numResults));
        }
        int remaining = numResults - users.size();
        Optional<AccountRepository> repository = accounts();
        if (remaining > 0 && repository.isPresent()) {
            int offset = Math.max(0, startIndex - localCount);
            for (String username : repository.get().usernames(offset, remaining)) {
                repository.get().findByUsername(username).map(WaddleUserProvider::toUser).ifPresent(users::add);
            }
        }
        return users;
    }

    @Override
    public void setName(String username, String name) throws UserNotFoundException {
        refuseForAtproto(username);
        previous.setName(username, name);
    }

    @Override
    public void setEmail(String username, String email) throws UserNotFoundException {
        refuseForAtproto(username);
        previous.setEmail(username, email);
    }

    @Override
    public void setCreationDate(String username, Date creationDate) throws UserNotFoundException {
        refuseForAtproto(username);
        previous.setCreationDate(username, creationDate);
    }

    @Override
    public void setModificationDate(String username, Date modificationDate) throws UserNotFoundException {
        if (atprotoAccount(username).isPresent()) {
            return; // Openfire touches this on every roster or vCard change; ours tracks lastSeen instead.
        }
        previous.setModificationDate(username, modificationDate);
    }

    private void refuseForAtproto(String username) {
        if (atprotoAccount(username).isPresent()) {
            throw new UnsupportedOperationException("ATProto accounts are read-only here: their name comes from Bluesky");
        }
    }

    @Override
    public Set<String> getSearchFields() throws UnsupportedOperationException {
        Set<String> fields = new LinkedHashSet<>();
        try {
            fields.addAll(previous.getSearchFields());
        } catch (UnsupportedOperationException e) {
            fields.add(USERNAME_FIELD);
            fields.add(NAME_FIELD);
        }
        fields.add(HANDLE_FIELD);
        return fields;
    }

    @Override
    public Collection<User> findUsers(Set<String> fields, String query) throws UnsupportedOperationException {
        return findUsers(fields, query, 0, Integer.MAX_VALUE);
    }

    @Override
    public Collection<User> findUsers(Set<String> fields, String query, int startIndex, int numResults)
            throws UnsupportedOperationException {
        List<User> users = new ArrayList<>();
        Set<String> localFields = new LinkedHashSet<>(fields);
        localFields.remove(HANDLE_FIELD);
        if (!localFields.isEmpty()) {
            try {
                users.addAll(previous.findUsers(localFields, query));
            } catch (UnsupportedOperationException | IllegalArgumentException e) {
                // The previous provider cannot search these fields; ATProto accounts are still searched.
            }
        }
        if (fields.contains(HANDLE_FIELD) || fields.contains(USERNAME_FIELD) || fields.contains(NAME_FIELD)) {
            accounts().ifPresent(repository -> repository.search(query, 0, Integer.MAX_VALUE).stream()
                    .map(WaddleUserProvider::toUser).forEach(users::add));
        }
        int from = Math.min(startIndex, users.size());
        int to = (int) Math.min((long) from + numResults, users.size());
        return new ArrayList<>(users.subList(from, to));
    }

    @Override
    public boolean isReadOnly() {
        return previous.isReadOnly();
    }

    @Override
    public boolean isNameRequired() {
        return previous.isNameRequired();
    }

    @Override
    public boolean isEmailRequired() {
        return previous.isEmailRequired();
    }
}
