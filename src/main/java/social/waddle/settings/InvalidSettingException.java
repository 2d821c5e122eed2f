package social.waddle.settings;

/** A raw value that does not parse or lies outside a setting's bounds; the message is fit for an admin. */
public final class InvalidSettingException extends Exception {

    private final String key;

    public InvalidSettingException(String key, String message) {
        super(message);
        this.key = key;
    }

    public String key() {
        return key;
    }
}
