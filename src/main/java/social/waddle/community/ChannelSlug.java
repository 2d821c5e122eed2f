package social.waddle.community;

/** The URL-safe, unique and unchanging name of a channel within its Waddle, e.g. {@code general}. See {@link Slugs} for the syntax. */
public record ChannelSlug(String value) implements Comparable<ChannelSlug> {

    public ChannelSlug {
        Slugs.problem("Channel slug", value).ifPresent(problem -> {
            throw new IllegalArgumentException(problem);
        });
    }

    /** Like the constructor, but refusing user input with {@link WaddleException.Reason#INVALID}. */
    public static ChannelSlug parse(String value) throws WaddleException {
        var problem = Slugs.problem("Channel slug", value);
        if (problem.isPresent()) {
            throw new WaddleException(WaddleException.Reason.INVALID, problem.get());
        }
        return new ChannelSlug(value);
    }

    public static boolean isValid(String value) {
        return Slugs.problem("Channel slug", value).isEmpty();
    }

    @Override
    public int compareTo(ChannelSlug other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
