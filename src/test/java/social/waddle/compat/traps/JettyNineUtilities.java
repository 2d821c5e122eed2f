package social.waddle.compat.traps;

import java.nio.charset.Charset;

import org.eclipse.jetty.util.StringUtil;
import org.eclipse.jetty.util.log.Log;
import org.eclipse.jetty.util.log.Logger;

/**
 * Jetty 9 API that Openfire 4.2.0 ships and 5.1.1's Jetty 12 does not have: {@code org.eclipse.jetty.util.log}
 * is gone (Jetty 10 logs through SLF4J), {@code StringUtil.isUTF8} and {@code StringUtil.__UTF8_CHARSET} were
 * removed while {@code StringUtil} stayed. Jetty is neither Openfire nor Tinder: only the distribution world sees it.
 */
public final class JettyNineUtilities {

    public Logger logger() {
        return Log.getLogger(JettyNineUtilities.class);
    }

    public boolean isUtf8(String charset) {
        return StringUtil.isUTF8(charset);
    }

    @SuppressWarnings("deprecation") // Deprecated in Jetty 9, removed since: the trap.
    public Charset utf8() {
        return StringUtil.__UTF8_CHARSET;
    }
}
