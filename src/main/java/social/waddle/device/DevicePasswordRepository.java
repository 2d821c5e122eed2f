package social.waddle.device;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Storage of device passwords; ids are unique over all accounts. */
public interface DevicePasswordRepository {

    void insert(DevicePassword password);

    Optional<DevicePassword> find(String id);

    /** Oldest first. */
    List<DevicePassword> listOf(String did);

    int countOf(String did);

    /** Removes the password only when it belongs to {@code did}; @return whether one was removed */
    boolean delete(String did, String id);

    void recordUse(String id, Instant at, String address);
}
