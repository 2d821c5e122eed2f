package social.waddle.device;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.IntSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates, checks, lists and revokes the device passwords of ATProto accounts.
 *
 * <p>Invariants: a password's text is returned once, by {@link #create}, and never stored; a check parses the text,
 * reads one row by its id and computes one hash (a text not of the device-password form costs nothing); a row
 * answers only for the DID it was created for; the last use is written on {@code useRecorder}, never on the login
 * thread; every revocation (by the person or by an admin) is told to the {@link RevocationListener}s after the row
 * is gone, so a session that logs in with it afterwards is refused and the ones before it can be ended.
 */
public final class DevicePasswords {

    /** Told after a device password was removed; the Openfire adapter ends the sessions that logged in with it. */
    @FunctionalInterface
    public interface RevocationListener {
        void revoked(String did, String id);
    }

    /** A password just created: the row, and its text, which is shown once and then forgotten. */
    public static final class Created {
        private final DevicePassword password;
        private final String text;

        Created(DevicePassword password, String text) {
            this.password = password;
            this.text = text;
        }

        public DevicePassword password() {
            return password;
        }

        public String text() {
            return text;
        }
    }

    private static final Logger Log = LoggerFactory.getLogger(DevicePasswords.class);
    private static final int ID_ATTEMPTS = 5;

    private final DevicePasswordRepository repository;
    private final DevicePasswordHasher hasher;
    private final IntSupplier maxPerAccount;
    private final Executor useRecorder;
    private final Clock clock;
    private final SecureRandom random;
    private final List<RevocationListener> listeners = new CopyOnWriteArrayList<>();

    public DevicePasswords(DevicePasswordRepository repository, DevicePasswordHasher hasher, IntSupplier maxPerAccount,
                           Executor useRecorder, Clock clock, SecureRandom random) {
        this.repository = Objects.requireNonNull(repository);
        this.hasher = Objects.requireNonNull(hasher);
        this.maxPerAccount = Objects.requireNonNull(maxPerAccount);
        this.useRecorder = Objects.requireNonNull(useRecorder);
        this.clock = Objects.requireNonNull(clock);
        this.random = Objects.requireNonNull(random);
    }

    /** @return the undo action */
    public Runnable addListener(RevocationListener listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    /**
     * @param name what the person calls the device ({@link DeviceName} rules)
     * @throws InvalidDeviceRequest for a bad name or when the account has as many passwords as allowed
     */
    public synchronized Created create(String did, String name) {
        String validName = DeviceName.validate(name);
        int limit = maxPerAccount.getAsInt();
        if (repository.countOf(did) >= limit) {
            throw new InvalidDeviceRequest("You already have " + limit + " device passwords, the most this server allows;"
                    + " revoke one you no longer use first.");
        }
        for (int attempt = 0; attempt < ID_ATTEMPTS; attempt++) {
            String text = DevicePasswordFormat.generate(random);
            DevicePasswordFormat.Parts parts = DevicePasswordFormat.parse(text).orElseThrow();
            if (repository.find(parts.id()).isPresent()) {
                continue; // 40 random bits: a clash is rare, and a new draw settles it
            }
            DevicePassword row = new DevicePassword(parts.id(), did, validName, hasher.hash(parts.secret()),
                    clock.instant(), Optional.empty(), Optional.empty());
            repository.insert(row);
            Log.info("Device password {} \"{}\" created for {}", row.hint(), validName, did);
            return new Created(row, text);
        }
        throw new IllegalStateException("No free device password id after " + ID_ATTEMPTS + " draws");
    }

    public List<DevicePassword> list(String did) {
        return repository.listOf(did);
    }

    /**
     * Checks a typed password for the account {@code did}.
     *
     * @return the id of the device password it is, or empty when it is not one of this account's (wrong, revoked,
     *     another account's, or not of the device-password form)
     */
    public Optional<String> check(String did, String typed, Optional<String> clientAddress) {
        Optional<DevicePasswordFormat.Parts> parts = DevicePasswordFormat.parse(typed);
        if (parts.isEmpty()) {
            return Optional.empty();
        }
        Optional<DevicePassword> row = repository.find(parts.get().id());
        if (row.isEmpty() || !row.get().did().equals(did) || !hasher.matches(parts.get().secret(), row.get().hash())) {
            return Optional.empty();
        }
        String id = row.get().id();
        Instant now = clock.instant();
        try {
            useRecorder.execute(() -> {
                try {
                    repository.recordUse(id, now, clientAddress.orElse(null));
                } catch (RuntimeException e) {
                    Log.warn("Could not record the use of device password {}", id, e);
                }
            });
        } catch (RejectedExecutionException e) {
            Log.debug("Use of device password {} not recorded: the recorder is stopped", id);
        }
        return Optional.of(id);
    }

    /** Whether the device password is still stored (not revoked, on this node or any other). */
    public boolean exists(String id) {
        return repository.find(id).isPresent();
    }

    /** The person's own revocation; @return whether a password of theirs was removed */
    public boolean revoke(String did, String id) {
        boolean removed = repository.delete(did, id);
        if (removed) {
            Log.info("Device password {} of {} revoked", id, did);
            for (RevocationListener listener : listeners) {
                try {
                    listener.revoked(did, id);
                } catch (RuntimeException e) {
                    Log.warn("A listener failed on the revocation of device password {}", id, e);
                }
            }
        }
        return removed;
    }
}
