package social.waddle.compat.traps;

import org.jivesoftware.openfire.container.BasicModule;

/** Control: calls a method it inherits from Openfire, compiled as a call on itself. Links on both. */
public final class NamedModule extends BasicModule {

    public NamedModule() {
        super("Waddle probe");
    }

    public String describe() {
        return "module " + getName();
    }
}
