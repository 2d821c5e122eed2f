package social.waddle.time;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * The one duration grammar: a whole number and a unit ({@code 500ms}, {@code 30s}, {@code 10m} or {@code 10min},
 * {@code 2h}, {@code 7d}, {@code 2w}; a bare number is seconds; spaces between number and unit and upper case are
 * accepted), or an ISO-8601 duration ({@code PT10M}).
 */
public final class Durations {

    /** What error messages offer as examples. */
    public static final String EXAMPLES = "30s, 10m, 2h, 7d, 2w or PT10M";

    private Durations() {
    }

    /** @throws IllegalArgumentException with a message an admin or user can act on */
    public static Duration parse(String text) {
        String raw = text == null ? "" : text.trim();
        if (raw.isEmpty()) {
            throw new IllegalArgumentException("A duration is required, e.g. " + EXAMPLES + ".");
        }
        if (raw.startsWith("P") || raw.startsWith("p")) {
            try {
                return Duration.parse(raw.toUpperCase(Locale.ROOT));
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("Expected a duration such as " + EXAMPLES + ", got '" + raw + "'.");
            }
        }
        int split = 0;
        while (split < raw.length() && raw.charAt(split) >= '0' && raw.charAt(split) <= '9') {
            split++;
        }
        if (split == 0) {
            throw new IllegalArgumentException("Expected a duration such as " + EXAMPLES + ", got '" + raw + "'.");
        }
        long amount;
        try {
            amount = Long.parseLong(raw.substring(0, split));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Duration '" + raw + "' is too large.");
        }
        String unit = raw.substring(split).trim().toLowerCase(Locale.ROOT);
        try {
            switch (unit) {
                case "ms":
                    return Duration.ofMillis(amount);
                case "s":
                case "":
                    return Duration.ofSeconds(amount);
                case "m":
                case "min":
                    return Duration.ofMinutes(amount);
                case "h":
                    return Duration.ofHours(amount);
                case "d":
                    return Duration.ofDays(amount);
                case "w":
                    return Duration.ofDays(Math.multiplyExact(amount, 7));
                default:
                    throw new IllegalArgumentException("Unknown unit '" + unit + "' in '" + raw + "': use ms, s, m, h, d or w.");
            }
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("Duration '" + raw + "' is too large.");
        }
    }

    /** The shortest spelling {@link #parse} reads back to the same duration (whole milliseconds). */
    public static String format(Duration duration) {
        long millis = duration.toMillis();
        if (millis % 86_400_000L == 0 && millis != 0) {
            return millis / 86_400_000L + "d";
        }
        if (millis % 3_600_000L == 0 && millis != 0) {
            return millis / 3_600_000L + "h";
        }
        if (millis % 60_000L == 0 && millis != 0) {
            return millis / 60_000L + "m";
        }
        if (millis % 1000L == 0) {
            return millis / 1000L + "s";
        }
        return millis + "ms";
    }
}
