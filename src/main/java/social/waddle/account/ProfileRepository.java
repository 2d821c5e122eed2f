package social.waddle.account;

import java.util.Optional;

/** Storage of {@link StoredProfile}s, one per DID. Implementations are thread-safe. */
public interface ProfileRepository {

    Optional<StoredProfile> find(String did);

    /** Inserts or replaces the profile of this DID. */
    void save(StoredProfile profile);
}
