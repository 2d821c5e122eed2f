package social.waddle.compat.traps;

import org.jivesoftware.util.JiveGlobals;

/** {@code JiveGlobals.getHomeDirectory()} is gone in 5.1.1. */
public final class HomeDirectoryReader {

    public String home() {
        return JiveGlobals.getHomeDirectory();
    }
}
