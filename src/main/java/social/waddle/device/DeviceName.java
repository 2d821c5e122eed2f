package social.waddle.device;

/**
 * The name a person gives a device password ("Phone – Conversations"): 1 to {@value #MAX_LENGTH} code points after
 * trimming, with no control or format characters (no line breaks, no bidirectional overrides that would make a list
 * of names lie about what it shows). Any other text, markup included, is kept as typed: pages escape it.
 */
public final class DeviceName {

    public static final int MAX_LENGTH = 64;

    private DeviceName() {
    }

    /** @throws InvalidDeviceRequest with a message for the person */
    public static String validate(String typed) {
        String name = typed == null ? "" : typed.strip();
        if (name.isEmpty()) {
            throw new InvalidDeviceRequest("Give the device a name, such as \"Phone – Conversations\".");
        }
        if (name.codePointCount(0, name.length()) > MAX_LENGTH) {
            throw new InvalidDeviceRequest("A device name has at most " + MAX_LENGTH + " characters.");
        }
        boolean unsafe = name.codePoints().anyMatch(c -> Character.isISOControl(c)
                || Character.getType(c) == Character.FORMAT || Character.getType(c) == Character.SURROGATE
                || Character.getType(c) == Character.UNASSIGNED || Character.getType(c) == Character.LINE_SEPARATOR
                || Character.getType(c) == Character.PARAGRAPH_SEPARATOR);
        if (unsafe) {
            throw new InvalidDeviceRequest("A device name may not contain control, formatting or invisible characters.");
        }
        return name;
    }
}
