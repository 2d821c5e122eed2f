package social.waddle.device;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/** For tests and benchmarks: a repository in this JVM's memory. */
public final class InMemoryDevicePasswordRepository implements DevicePasswordRepository {

    private final Map<String, DevicePassword> rows = new ConcurrentHashMap<>();

    @Override
    public void insert(DevicePassword password) {
        if (rows.putIfAbsent(password.id(), password) != null) {
            throw new IllegalStateException("Device password id " + password.id() + " exists");
        }
    }

    @Override
    public Optional<DevicePassword> find(String id) {
        return Optional.ofNullable(rows.get(id));
    }

    @Override
    public List<DevicePassword> listOf(String did) {
        return rows.values().stream().filter(row -> row.did().equals(did))
                .sorted(Comparator.comparing(DevicePassword::createdAt).thenComparing(DevicePassword::id))
                .collect(Collectors.toList());
    }

    @Override
    public int countOf(String did) {
        return listOf(did).size();
    }

    @Override
    public boolean delete(String did, String id) {
        DevicePassword row = rows.get(id);
        return row != null && row.did().equals(did) && rows.remove(id, row);
    }

    @Override
    public void recordUse(String id, Instant at, String address) {
        rows.computeIfPresent(id, (key, row) -> row.withUse(at, address));
    }
}
