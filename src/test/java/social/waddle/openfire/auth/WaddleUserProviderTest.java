package social.waddle.openfire.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.jivesoftware.openfire.user.User;
import org.jivesoftware.openfire.user.UserAlreadyExistsException;
import org.jivesoftware.openfire.user.UserNotFoundException;
import org.jivesoftware.openfire.user.UserProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import social.waddle.account.AccountRepository;
import social.waddle.account.AtprotoAccount;
import social.waddle.account.CredentialType;
import social.waddle.account.TestDatabase;

class WaddleUserProviderTest {

    private static final Instant FIRST_SEEN = Instant.parse("2025-01-01T00:00:00Z");
    private static final Instant LAST_SEEN = Instant.parse("2025-06-01T12:00:00Z");
    private static final String ALICE = "aaaaaaaaaaaaaaaaaaaaaaaa";
    private static final String BOB = "bbbbbbbbbbbbbbbbbbbbbbbb";
    private static final String CAROL = "cccccccccccccccccccccccc";

    private final UserProvider previous = mock(UserProvider.class);
    private final WaddleUserProvider provider = new WaddleUserProvider(previous);
    private final List<User> localUsers = new ArrayList<>();
    private TestDatabase database;
    private AccountRepository accounts;
    private AutoCloseable installed;

    @BeforeEach
    void setUp() throws Exception {
        database = new TestDatabase();
        accounts = database.accounts();
        accounts.save(account(ALICE, "alice.test", true, "Alice"));
        accounts.save(account(BOB, "bob.test", true, null));
        accounts.save(account(CAROL, "carol.test", false, null));
        for (String name : List.of("admin", "john.doe", "zoe")) {
            localUsers.add(localUser(name));
        }
        when(previous.getUserCount()).thenAnswer(invocation -> localUsers.size());
        when(previous.getUsers(anyInt(), anyInt())).thenAnswer(invocation -> page(localUsers,
                invocation.getArgument(0), invocation.getArgument(1)));
        when(previous.getUsernames()).thenAnswer(invocation -> localUsers.stream().map(User::getUsername).toList());
        when(previous.loadUser(anyString())).thenAnswer(invocation -> localUsers.stream()
                .filter(user -> user.getUsername().equals(invocation.getArgument(0))).findFirst()
                .orElseThrow(() -> new UserNotFoundException((String) invocation.getArgument(0))));
        installed = LoginBridge.install(new FakeLogin(accounts));
    }

    @AfterEach
    void tearDown() throws Exception {
        installed.close();
        database.close();
    }

    private static AtprotoAccount account(String localpart, String handle, boolean verified, String displayName) {
        return new AtprotoAccount(localpart, "did:plc:" + localpart, Optional.of(handle), verified,
                Optional.ofNullable(displayName), Optional.of("https://pds.example"), EnumSet.of(CredentialType.APP_PASSWORD),
                false, FIRST_SEEN, LAST_SEEN, LAST_SEEN);
    }

    private static User localUser(String name) {
        return new User(name, name.toUpperCase(), name + "@example.com", new Date(0), new Date(0));
    }

    private static List<User> page(List<User> users, int start, int count) {
        int from = Math.min(start, users.size());
        return new ArrayList<>(users.subList(from, (int) Math.min((long) from + count, users.size())));
    }

    private static List<String> names(Collection<User> users) {
        return users.stream().map(User::getUsername).toList();
    }

    @Test
    void loadsAnAtprotoAccountAsAReadOnlyUser() throws Exception {
        User alice = provider.loadUser(ALICE);

        assertThat(alice.getUsername()).isEqualTo(ALICE);
        assertThat(alice.getName()).isEqualTo("Alice");
        assertThat(alice.getEmail()).isNull();
        assertThat(alice.getCreationDate()).isEqualTo(Date.from(FIRST_SEEN));
        assertThat(alice.getModificationDate()).isEqualTo(Date.from(LAST_SEEN));
        assertThat(provider.loadUser(BOB).getName()).as("verified handle").isEqualTo("bob.test");
        assertThat(provider.loadUser(CAROL).getName()).as("unverified handle").isEqualTo("did:plc:" + CAROL);
    }

    @Test
    void loadsLocalUsersFromThePreviousProvider() throws Exception {
        assertThat(provider.loadUser("admin").getName()).isEqualTo("ADMIN");
        assertThatThrownBy(() -> provider.loadUser("nobody")).isInstanceOf(UserNotFoundException.class);
    }

    @Test
    void whileThePluginIsNotRunningOnlyLocalUsersExist() throws Exception {
        installed.close();

        assertThatThrownBy(() -> provider.loadUser(ALICE)).isInstanceOf(UserNotFoundException.class);
        assertThat(provider.getUserCount()).isEqualTo(3);
        assertThat(names(provider.getUsers())).containsExactly("admin", "john.doe", "zoe");
        assertThat(provider.getUsernames()).containsExactly("admin", "john.doe", "zoe");
    }

    @Test
    void countsBoth() {
        assertThat(provider.getUserCount()).isEqualTo(6);
    }

    @Test
    void listsLocalUsersThenAtprotoAccounts() {
        assertThat(names(provider.getUsers())).containsExactly("admin", "john.doe", "zoe", ALICE, BOB, CAROL);
        assertThat(provider.getUsernames()).containsExactly("admin", "john.doe", "zoe", ALICE, BOB, CAROL);
    }

    @Test
    void pagesAcrossBothSources() {
        assertThat(names(provider.getUsers(0, 2))).containsExactly("admin", "john.doe");
        assertThat(names(provider.getUsers(2, 2))).containsExactly("zoe", ALICE);
        assertThat(names(provider.getUsers(4, 2))).containsExactly(BOB, CAROL);
        assertThat(names(provider.getUsers(5, 10))).containsExactly(CAROL);
        assertThat(provider.getUsers(6, 2)).isEmpty();
        assertThat(names(provider.getUsers(1, 4))).containsExactly("john.doe", "zoe", ALICE, BOB);
    }

    @Test
    void pagesOfAtprotoAccountsOnlyDoNotAskForLocalUsers() {
        assertThat(names(provider.getUsers(3, 2))).containsExactly(ALICE, BOB);

        verify(previous, never()).getUsers(anyInt(), anyInt());
    }

    @Test
    void didDerivedNamesAreReservedOnCreate() throws Exception {
        assertThatThrownBy(() -> provider.createUser("dddddddddddddddddddddddd", "pw", "Dee", null))
                .isInstanceOf(UserAlreadyExistsException.class).hasMessageContaining("reserved");
        assertThatThrownBy(() -> provider.createUser("web.example.com", "pw", "Web", null))
                .isInstanceOf(UserAlreadyExistsException.class);
        verify(previous, never()).createUser(anyString(), anyString(), any(), any());

        provider.createUser("newbie", "pw", "New", "n@example.com");

        verify(previous).createUser("newbie", "pw", "New", "n@example.com");
    }

    @Test
    void atprotoAccountsAreReadOnly() throws Exception {
        assertThatThrownBy(() -> provider.setName(ALICE, "Mallory")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> provider.setEmail(ALICE, "m@example.com")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> provider.setCreationDate(ALICE, new Date())).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> provider.deleteUser(ALICE)).isInstanceOf(UnsupportedOperationException.class);
        provider.setModificationDate(ALICE, new Date());

        verify(previous, never()).setName(anyString(), anyString());
        verify(previous, never()).setModificationDate(anyString(), any());
        verify(previous, never()).deleteUser(anyString());
        assertThat(provider.loadUser(ALICE).getName()).isEqualTo("Alice");
    }

    @Test
    void localUsersAreChangedByThePreviousProvider() throws Exception {
        Date date = new Date(1000);

        provider.setName("admin", "Boss");
        provider.setEmail("admin", "boss@example.com");
        provider.setCreationDate("admin", date);
        provider.setModificationDate("admin", date);
        provider.deleteUser("zoe");

        verify(previous).setName("admin", "Boss");
        verify(previous).setEmail("admin", "boss@example.com");
        verify(previous).setCreationDate("admin", date);
        verify(previous).setModificationDate("admin", date);
        verify(previous).deleteUser("zoe");
    }

    @Test
    void offersTheHandleAsASearchField() {
        when(previous.getSearchFields()).thenReturn(Set.of("Username", "Name", "Email"));

        assertThat(provider.getSearchFields()).containsExactlyInAnyOrder("Username", "Name", "Email", "Handle");
    }

    @Test
    void offersUsernameNameAndHandleWhenThePreviousProviderCannotSearch() {
        when(previous.getSearchFields()).thenThrow(new UnsupportedOperationException());

        assertThat(provider.getSearchFields()).containsExactly("Username", "Name", "Handle");
    }

    @Test
    void searchesBothSources() {
        when(previous.findUsers(Set.of("Username"), "*o*")).thenReturn(List.of(localUser("john.doe"), localUser("zoe")));

        Collection<User> found = provider.findUsers(Set.of("Username", "Handle"), "*o*");

        assertThat(names(found)).containsExactly("john.doe", "zoe", BOB, CAROL);
    }

    @Test
    void aHandleOnlySearchDoesNotAskThePreviousProvider() {
        Collection<User> found = provider.findUsers(Set.of("Handle"), "alice");

        assertThat(names(found)).containsExactly(ALICE);
        verify(previous, never()).findUsers(any(), anyString());
    }

    @Test
    void aPreviousProviderThatCannotSearchStillFindsAtprotoAccounts() {
        when(previous.findUsers(any(), anyString())).thenThrow(new UnsupportedOperationException());

        assertThat(names(provider.findUsers(Set.of("Name"), "bob"))).containsExactly(BOB);
    }

    @Test
    void anEmailSearchFindsNoAtprotoAccountsTheyHaveNoEmailHere() {
        when(previous.findUsers(Set.of("Email"), "*b*")).thenReturn(List.of(localUser("admin")));

        assertThat(names(provider.findUsers(Set.of("Email"), "*b*"))).containsExactly("admin");
    }

    @Test
    void pagesSearchResultsAcrossBothSources() {
        when(previous.findUsers(Set.of("Username"), "*")).thenReturn(new ArrayList<>(localUsers));

        assertThat(names(provider.findUsers(Set.of("Username"), "*", 2, 2))).containsExactly("zoe", ALICE);
        assertThat(names(provider.findUsers(Set.of("Username"), "*", 5, 100))).containsExactly(CAROL);
        assertThat(provider.findUsers(Set.of("Username"), "*", 10, 5)).isEmpty();
    }

    @Test
    void delegatesWhatTheLocalProviderDecides() {
        when(previous.isReadOnly()).thenReturn(true);
        when(previous.isNameRequired()).thenReturn(true);
        when(previous.isEmailRequired()).thenReturn(true);

        assertThat(provider.isReadOnly()).isTrue();
        assertThat(provider.isNameRequired()).isTrue();
        assertThat(provider.isEmailRequired()).isTrue();
        assertThat(provider.previous()).isSameAs(previous);
    }

    @Test
    void aLocalUserIsOneThePreviousProviderKnows() throws Exception {
        assertThat(WaddleUserProvider.isLocalUser(provider, "admin")).isTrue();
        assertThat(WaddleUserProvider.isLocalUser(provider, ALICE)).as("ATProto accounts are not local").isFalse();
        assertThat(WaddleUserProvider.isLocalUser(previous, "zoe")).isTrue();
        assertThat(WaddleUserProvider.isLocalUser(previous, "nobody")).isFalse();

        UserProvider cannotLoad = mock(UserProvider.class);
        when(cannotLoad.loadUser(anyString())).thenThrow(new UnsupportedOperationException());
        assertThat(WaddleUserProvider.isLocalUser(cannotLoad, "admin")).isFalse();
    }
}
