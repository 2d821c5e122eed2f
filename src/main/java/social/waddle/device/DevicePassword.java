package social.waddle.device;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** One stored device password: never its text, only the hash of its secret part. */
public final class DevicePassword {

    private final String id;
    private final String did;
    private final String name;
    private final String hash;
    private final Instant createdAt;
    private final Optional<Instant> lastUsedAt;
    private final Optional<String> lastAddress;

    public DevicePassword(String id, String did, String name, String hash, Instant createdAt,
                          Optional<Instant> lastUsedAt, Optional<String> lastAddress) {
        this.id = Objects.requireNonNull(id);
        this.did = Objects.requireNonNull(did);
        this.name = Objects.requireNonNull(name);
        this.hash = Objects.requireNonNull(hash);
        this.createdAt = Objects.requireNonNull(createdAt);
        this.lastUsedAt = Objects.requireNonNull(lastUsedAt);
        this.lastAddress = Objects.requireNonNull(lastAddress);
    }

    /** The id part of the password's text; shown in lists as {@code wdl-iiii-iiii-…} so people can tell them apart. */
    public String id() {
        return id;
    }

    public String did() {
        return did;
    }

    public String name() {
        return name;
    }

    String hash() {
        return hash;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Optional<Instant> lastUsedAt() {
        return lastUsedAt;
    }

    public Optional<String> lastAddress() {
        return lastAddress;
    }

    /** What a list shows to recognise the password: its prefix and id part, never the secret. */
    public String hint() {
        return DevicePasswordFormat.PREFIX + id.substring(0, 4) + "-" + id.substring(4) + "-…";
    }

    DevicePassword withUse(Instant at, String address) {
        return new DevicePassword(id, did, name, hash, createdAt, Optional.of(at), Optional.ofNullable(address));
    }
}
