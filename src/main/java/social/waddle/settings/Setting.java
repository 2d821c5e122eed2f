package social.waddle.settings;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;

import social.waddle.time.Durations;

/**
 * One declared setting: its Openfire property key, its type, default and bounds, and the i18n key of its
 * description ({@code setting.<key>.description} in the plugin's bundle).
 *
 * @param <T> the typed value
 */
public final class Setting<T> {

    /** Parses a raw string into a value or says, in words an admin can act on, why it cannot. */
    @FunctionalInterface
    public interface Parser<T> {
        T parse(String raw) throws IllegalArgumentException;
    }

    private final String key;
    private final String group;
    private final Class<?> type;
    private final T defaultValue;
    private final Parser<T> parser;
    private final Function<T, String> formatter;
    private final boolean sensitive;

    private Setting(String key, String group, Class<?> type, T defaultValue, Parser<T> parser,
                    Function<T, String> formatter, boolean sensitive) {
        this.key = Objects.requireNonNull(key);
        this.group = Objects.requireNonNull(group);
        this.type = type;
        this.defaultValue = defaultValue;
        this.parser = parser;
        this.formatter = formatter;
        this.sensitive = sensitive;
    }

    public String key() {
        return key;
    }

    /** The settings page groups settings by this name (also an i18n key: {@code settings.group.<group>}). */
    public String group() {
        return group;
    }

    public Class<?> type() {
        return type;
    }

    public T defaultValue() {
        return defaultValue;
    }

    public String descriptionKey() {
        return "setting." + key + ".description";
    }

    /** Secrets are never echoed back by pages or logs. */
    public boolean sensitive() {
        return sensitive;
    }

    public String format(T value) {
        return formatter.apply(value);
    }

    public String defaultAsString() {
        return format(defaultValue);
    }

    /**
     * Parses and validates a raw value.
     *
     * @throws InvalidSettingException naming the key and what is wrong
     */
    public T parse(String raw) throws InvalidSettingException {
        try {
            return parser.parse(raw == null ? "" : raw.trim());
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw new InvalidSettingException(key, e.getMessage());
        }
    }

    @Override
    public String toString() {
        return key;
    }

    // ---- Declarations ---------------------------------------------------------------------------------

    public static Setting<Boolean> bool(String key, String group, boolean defaultValue) {
        return new Setting<>(key, group, Boolean.class, defaultValue, raw -> {
            switch (raw.toLowerCase(Locale.ROOT)) {
                case "true":
                    return true;
                case "false":
                    return false;
                default:
                    throw new IllegalArgumentException("Expected true or false, got '" + raw + "'.");
            }
        }, String::valueOf, false);
    }

    public static Setting<Integer> integer(String key, String group, int defaultValue, int min, int max) {
        requireWithin(defaultValue, min, max, key);
        return new Setting<>(key, group, Integer.class, defaultValue, raw -> {
            final int value;
            try {
                value = Integer.parseInt(raw);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("Expected a whole number, got '" + raw + "'.");
            }
            if (value < min || value > max) {
                throw new IllegalArgumentException("Must be between " + min + " and " + max + ", got " + value + ".");
            }
            return value;
        }, String::valueOf, false);
    }

    /**
     * A duration in the plugin's one grammar ({@link Durations}: {@code 500ms}, {@code 30s}, {@code 10m}, {@code 2h},
     * {@code 7d}, {@code 2w}, {@code PT10M}).
     */
    public static Setting<Duration> duration(String key, String group, Duration defaultValue, Duration min, Duration max) {
        if (defaultValue.compareTo(min) < 0 || defaultValue.compareTo(max) > 0) {
            throw new IllegalArgumentException("Default of " + key + " is out of its own bounds");
        }
        return new Setting<>(key, group, Duration.class, defaultValue, raw -> {
            Duration value = Durations.parse(raw);
            if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
                throw new IllegalArgumentException("Must be between " + Durations.format(min) + " and "
                        + Durations.format(max) + ", got " + Durations.format(value) + ".");
            }
            return value;
        }, Durations::format, false);
    }

    public static Setting<String> string(String key, String group, String defaultValue, Parser<String> validator) {
        return new Setting<>(key, group, String.class, defaultValue, validator, s -> s, false);
    }

    public static Setting<String> secret(String key, String group, Parser<String> validator) {
        return new Setting<>(key, group, String.class, "", validator, s -> s, true);
    }

    /** A comma-separated list; each element is validated, blanks dropped. */
    public static Setting<List<String>> list(String key, String group, List<String> defaultValue, Parser<String> element) {
        return new Setting<>(key, group, List.class, List.copyOf(defaultValue), raw -> {
            if (raw.isEmpty()) {
                return List.of();
            }
            return Arrays.stream(raw.split(","))
                    .map(String::trim)
                    .filter(s -> !s.isEmpty())
                    .map(element::parse)
                    .collect(Collectors.toUnmodifiableList());
        }, values -> String.join(",", values), false);
    }

    public static <E extends Enum<E>> Setting<E> enumeration(String key, String group, Class<E> type, E defaultValue) {
        return new Setting<>(key, group, type, defaultValue, raw -> {
            for (E constant : type.getEnumConstants()) {
                if (constant.name().equalsIgnoreCase(raw)) {
                    return constant;
                }
            }
            throw new IllegalArgumentException("Expected one of " + Arrays.stream(type.getEnumConstants())
                    .map(e -> e.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", ")) + ", got '" + raw + "'.");
        }, e -> e.name().toLowerCase(Locale.ROOT), false);
    }

    private static void requireWithin(long value, long min, long max, String key) {
        if (value < min || value > max) {
            throw new IllegalArgumentException("Default of " + key + " is out of its own bounds");
        }
    }
}
