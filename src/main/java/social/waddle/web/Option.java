package social.waddle.web;

/** One choice of a {@code <select>} on a page: the submitted value, the text shown, and whether it is chosen. */
public record Option(String value, String label, boolean selected) {
}
