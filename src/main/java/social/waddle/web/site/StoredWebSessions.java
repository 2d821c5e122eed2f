package social.waddle.web.site;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;

import social.waddle.account.WebSessionRepository;
import social.waddle.account.WebSessionRepository.WebSessionRow;

/**
 * {@link WebSessions} over a {@link WebSessionRepository}: the cookie's random 256-bit token is stored only as its
 * SHA-256 (a leaked table signs nobody in; a slow hash is not needed for a random token of this size). Every look-up
 * checks the expiry and asks whether the account may still be used, so a deleted or blocked account's cookies are
 * worthless at once.
 */
public final class StoredWebSessions implements WebSessions {

    private final WebSessionRepository repository;
    private final Supplier<Duration> lifetime;
    private final Predicate<String> accountUsable;
    private final Clock clock;

    /**
     * @param lifetime asked for each new session
     * @param accountUsable whether the account of a DID exists and is not blocked, asked on each look-up
     */
    public StoredWebSessions(WebSessionRepository repository, Supplier<Duration> lifetime, Predicate<String> accountUsable,
                             Clock clock) {
        this.repository = repository;
        this.lifetime = lifetime;
        this.accountUsable = accountUsable;
        this.clock = clock;
    }

    @Override
    public Started start(Person person, String address) {
        String token = SiteCookies.randomToken();
        Instant now = clock.instant();
        // Sessions nobody came back to are removed here: one indexed delete per sign-in keeps the table small.
        repository.deleteExpired(now);
        Instant expires = now.plus(lifetime.get());
        String boundedAddress = address.length() > 100 ? address.substring(0, 100) : address;
        repository.insert(new WebSessionRow(hash(token), person.did(), person.handle(), now, expires, boundedAddress));
        return new Started(token, expires);
    }

    @Override
    public Optional<Person> find(String token) {
        Optional<WebSessionRow> row = repository.find(hash(token));
        if (row.isEmpty()) {
            return Optional.empty();
        }
        if (!row.get().expiresAt().isAfter(clock.instant())) {
            repository.delete(row.get().tokenHash());
            return Optional.empty();
        }
        if (!accountUsable.test(row.get().did())) {
            return Optional.empty();
        }
        return Optional.of(new Person(row.get().did(), row.get().handle()));
    }

    @Override
    public void end(String token) {
        repository.delete(hash(token));
    }

    @Override
    public int endAll(String did) {
        return repository.deleteAllOf(did);
    }

    /** Removes expired rows (also done at each new sign-in). */
    public int purgeExpired() {
        return repository.deleteExpired(clock.instant());
    }

    static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
