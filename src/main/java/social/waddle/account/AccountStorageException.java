package social.waddle.account;

/** The account table could not be read or written (database down, schema missing). */
public final class AccountStorageException extends RuntimeException {

    public AccountStorageException(String message, Throwable cause) {
        super(message + ": " + cause.getMessage(), cause);
    }
}
