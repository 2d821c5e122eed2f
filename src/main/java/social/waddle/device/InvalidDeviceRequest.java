package social.waddle.device;

/** A request about device passwords that cannot be carried out as asked; the message is for the person. */
public final class InvalidDeviceRequest extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public InvalidDeviceRequest(String message) {
        super(message);
    }
}
