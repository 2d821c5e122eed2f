package social.waddle.openfire.web;

import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;

import org.jivesoftware.util.JiveGlobals;
import org.jivesoftware.util.LocaleUtils;

import social.waddle.web.BundleMessages;
import social.waddle.web.Messages;

/**
 * The plugin's texts in the locale the admin chose for the server, looked up by Openfire's {@code LocaleUtils} (which
 * answers {@code ???key???} for a missing key, as the console does). The bundle is loaded through our own class loader:
 * {@code LocaleUtils.getLocalizedString(key, pluginName)} finds it through {@code PluginManager.getPlugin(String)} in
 * 4.2.0, a method 5.1.1 no longer has, so that lookup cannot be relied on across versions.
 */
public final class OpenfireMessages implements Messages {

    @Override
    public String text(String key, Object... arguments) {
        Locale locale = JiveGlobals.getLocale();
        ResourceBundle bundle;
        try {
            bundle = ResourceBundle.getBundle(BundleMessages.BUNDLE, locale, OpenfireMessages.class.getClassLoader());
        } catch (MissingResourceException e) {
            return Messages.missing(key);
        }
        return Messages.fill(LocaleUtils.getLocalizedString(key, locale, null, bundle), arguments);
    }
}
