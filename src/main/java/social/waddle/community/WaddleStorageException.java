package social.waddle.community;

/**
 * The Waddle tables could not be read or written. {@link #constraintViolation()} is true when the database refused
 * a row because it clashes with another (a unique key or foreign key), which after the service's own checks means a
 * concurrent change.
 */
public final class WaddleStorageException extends RuntimeException {

    private final boolean constraintViolation;

    public WaddleStorageException(String message, Throwable cause, boolean constraintViolation) {
        super(message + ": " + cause.getMessage(), cause);
        this.constraintViolation = constraintViolation;
    }

    public WaddleStorageException(String message) {
        super(message);
        this.constraintViolation = false;
    }

    public boolean constraintViolation() {
        return constraintViolation;
    }
}
