package social.waddle.compat.traps;

import org.jivesoftware.openfire.container.Plugin;
import org.jivesoftware.openfire.container.PluginManager;

/** {@code PluginManager.getPlugin(String)} is gone in 5.1.1. */
public final class PluginLookup {

    public Plugin find(PluginManager manager, String name) {
        return manager.getPlugin(name);
    }
}
