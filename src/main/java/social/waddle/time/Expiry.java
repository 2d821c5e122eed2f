package social.waddle.time;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Optional;

/**
 * When a ban or an invite ends, as typed in the console or in an XMPP command: nothing (never), a span from now in
 * the {@link Durations} grammar between {@link #SHORTEST} and {@link #LONGEST}, or an ISO-8601 instant such as
 * {@code 2030-01-01T00:00:00Z}. Whether an instant lies in the future is the domain's rule, not this grammar's.
 */
public final class Expiry {

    public static final Duration SHORTEST = Duration.ofSeconds(1);
    public static final Duration LONGEST = Duration.ofDays(3650);

    private Expiry() {
    }

    /**
     * @param now the clock's instant; a span is added to it, truncated to whole seconds
     * @return empty for a blank {@code text} (never expires)
     * @throws IllegalArgumentException naming the accepted forms or the bounds
     */
    public static Optional<Instant> parse(String text, Instant now) {
        String raw = text == null ? "" : text.trim();
        if (raw.isEmpty()) {
            return Optional.empty();
        }
        Duration span;
        try {
            span = Durations.parse(raw);
        } catch (IllegalArgumentException notASpan) {
            try {
                return Optional.of(Instant.parse(raw.toUpperCase(Locale.ROOT)));
            } catch (DateTimeParseException notAnInstant) {
                throw new IllegalArgumentException("'" + raw + "' is neither a time span such as 30s, 12h, 7d or 2w "
                        + "nor a time such as 2030-01-01T00:00:00Z.");
            }
        }
        if (span.compareTo(SHORTEST) < 0 || span.compareTo(LONGEST) > 0) {
            throw new IllegalArgumentException("'" + raw + "' is not a time span from " + Durations.format(SHORTEST)
                    + " to " + LONGEST.toDays() + " days.");
        }
        return Optional.of(now.truncatedTo(ChronoUnit.SECONDS).plus(span));
    }
}
