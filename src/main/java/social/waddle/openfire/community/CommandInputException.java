package social.waddle.openfire.community;

/** A submitted command form is incomplete or holds a value that cannot be read; the message names the field. */
final class CommandInputException extends Exception {

    CommandInputException(String message) {
        super(message);
    }
}
