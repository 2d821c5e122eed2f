package social.waddle.compat.traps;

import org.jivesoftware.util.JiveGlobals;

/** {@code setXMLProperty(String, String)} returns void in 4.2.0 and boolean in 5.1.1: another descriptor. */
public final class XmlPropertyWriter {

    public void write(String name, String value) {
        JiveGlobals.setXMLProperty(name, value);
    }
}
