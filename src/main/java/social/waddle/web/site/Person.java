package social.waddle.web.site;

import java.util.Objects;
import java.util.Optional;

/** Who is signed in on the public pages: an ATProto account by its DID, with its handle when verified at sign-in. */
public record Person(String did, Optional<String> handle) {

    public Person {
        Objects.requireNonNull(did);
        Objects.requireNonNull(handle);
    }

    /** The handle, or the DID for an account without a verified handle. */
    public String displayName() {
        return handle.orElse(did);
    }
}
