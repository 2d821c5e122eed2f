package social.waddle.web;

import social.waddle.settings.WaddleSettings;

/** Setting keys the page tests type into forms. */
final class WaddleSettingsKeys {

    static final String AUTO_PROVISION = WaddleSettings.AUTO_PROVISION.key();
    static final String MAX_FAILURES = WaddleSettings.MAX_FAILURES_PER_ACCOUNT.key();
    static final String FAILURE_WINDOW = WaddleSettings.FAILURE_WINDOW.key();
    static final String PLC_DIRECTORY = WaddleSettings.PLC_DIRECTORY.key();

    private WaddleSettingsKeys() {
    }
}
