package social.waddle.openfire.auth;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import social.waddle.account.AccountRepository;
import social.waddle.atproto.AtprotoException;
import social.waddle.atproto.identity.JidLocalpart;
import social.waddle.atproto.syntax.Did;
import social.waddle.atproto.syntax.Handle;
import social.waddle.login.AtprotoLogin;

/** The plugin's login service as the Openfire adapters see it: answers what a test tells it to, and records calls. */
final class FakeLogin implements AtprotoLogin {

    record Call(String username, String secret, Optional<String> clientAddress) {
    }

    @FunctionalInterface
    interface Outcome {
        String authenticate(String username) throws AtprotoException;
    }

    private final AccountRepository accounts;
    private final List<Call> calls = new ArrayList<>();
    private volatile Outcome outcome = username -> {
        throw new IllegalStateException("no outcome set for " + username);
    };

    FakeLogin(AccountRepository accounts) {
        this.accounts = accounts;
    }

    FakeLogin answering(Outcome next) {
        this.outcome = next;
        return this;
    }

    List<Call> calls() {
        return calls;
    }

    @Override
    public boolean isAtprotoIdentifier(String username) {
        return Did.isValid(username) || JidLocalpart.isAtprotoLocalpart(username) || Handle.isValid(username);
    }

    @Override
    public boolean isAtprotoLocalpart(String username) {
        return JidLocalpart.isAtprotoLocalpart(username);
    }

    @Override
    public synchronized Authenticated login(String username, String secret, Optional<String> clientAddress)
            throws AtprotoException {
        calls.add(new Call(username, secret, clientAddress));
        return new Authenticated(outcome.authenticate(username), Optional.empty());
    }

    @Override
    public AccountRepository accounts() {
        return accounts;
    }
}
