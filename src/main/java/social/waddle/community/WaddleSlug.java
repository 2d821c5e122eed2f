package social.waddle.community;

/** The URL-safe, unique and unchanging name of a Waddle, e.g. {@code penguin-club}. See {@link Slugs} for the syntax. */
public record WaddleSlug(String value) implements Comparable<WaddleSlug> {

    public WaddleSlug {
        Slugs.problem("Waddle slug", value).ifPresent(problem -> {
            throw new IllegalArgumentException(problem);
        });
    }

    /** Like the constructor, but refusing user input with {@link WaddleException.Reason#INVALID}. */
    public static WaddleSlug parse(String value) throws WaddleException {
        var problem = Slugs.problem("Waddle slug", value);
        if (problem.isPresent()) {
            throw new WaddleException(WaddleException.Reason.INVALID, problem.get());
        }
        return new WaddleSlug(value);
    }

    public static boolean isValid(String value) {
        return Slugs.problem("Waddle slug", value).isEmpty();
    }

    @Override
    public int compareTo(WaddleSlug other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
