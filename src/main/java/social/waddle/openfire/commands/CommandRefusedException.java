package social.waddle.openfire.commands;

/** A command did not do what was asked; the message, written for the person who ran it, becomes an error note. */
public class CommandRefusedException extends Exception {

    private static final long serialVersionUID = 1L;

    public CommandRefusedException(String message) {
        super(message);
    }
}
