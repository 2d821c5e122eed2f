package social.waddle.openfire.community;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

import social.waddle.time.Expiry;

/**
 * The values of a submitted command form, by field variable, read as the types the commands need. Every problem is a
 * {@link CommandInputException} naming the field by its label, so it can be shown to the person who filled it in.
 */
final class FormValues {

    private final Map<String, List<String>> values;

    FormValues(Map<String, List<String>> values) {
        this.values = values == null ? Map.of() : values;
    }

    /** The first value, stripped; empty when the field is missing or blank. */
    Optional<String> text(String variable) {
        List<String> list = values.get(variable);
        if (list == null || list.isEmpty() || list.get(0) == null) {
            return Optional.empty();
        }
        String stripped = list.get(0).strip();
        return stripped.isEmpty() ? Optional.empty() : Optional.of(stripped);
    }

    String required(String variable, String label) throws CommandInputException {
        return text(variable).orElseThrow(() -> new CommandInputException("Fill in '" + label + "'."));
    }

    /** A text-multi field's lines, joined with line breaks as XEP-0004 §3.3 says (each value is one line). */
    String multiline(String variable) {
        return String.join("\n", lines(variable)).strip();
    }

    /** The non-blank lines of a text-multi field, stripped; values holding line breaks are split. */
    List<String> lines(String variable) {
        List<String> lines = new ArrayList<>();
        for (String value : values.getOrDefault(variable, List.of())) {
            if (value == null) {
                continue;
            }
            for (String line : value.split("\\R")) {
                if (!line.isBlank()) {
                    lines.add(line.strip());
                }
            }
        }
        return lines;
    }

    /** XEP-0004 §3.3: booleans are {@code 1}/{@code true} or {@code 0}/{@code false}; missing is false. */
    boolean bool(String variable) {
        return text(variable).map(value -> "1".equals(value) || "true".equalsIgnoreCase(value)).orElse(false);
    }

    /** The enum constant chosen in a list-single field whose option values are {@link #optionValue}s. */
    <E extends Enum<E>> Optional<E> choice(String variable, String label, Class<E> type) throws CommandInputException {
        return choice(variable, label, List.of(type.getEnumConstants()));
    }

    /** Like {@link #choice(String, String, Class)}, accepting only the constants offered. */
    <E extends Enum<E>> Optional<E> choice(String variable, String label, List<E> offered) throws CommandInputException {
        Optional<String> value = text(variable);
        if (value.isEmpty()) {
            return Optional.empty();
        }
        for (E constant : offered) {
            if (optionValue(constant).equals(value.get().toLowerCase(Locale.ROOT))) {
                return Optional.of(constant);
            }
        }
        List<String> allowed = offered.stream().map(FormValues::optionValue).toList();
        throw new CommandInputException("'" + label + "' must be one of " + String.join(", ", allowed) + ", not '"
                + value.get() + "'.");
    }

    <E extends Enum<E>> E requiredChoice(String variable, String label, List<E> offered) throws CommandInputException {
        return choice(variable, label, offered).orElseThrow(() -> new CommandInputException("Choose '" + label + "'."));
    }

    static String optionValue(Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** A whole number from {@code min} to {@code max}, or empty when the field is blank. */
    OptionalInt number(String variable, String label, int min, int max) throws CommandInputException {
        Optional<String> value = text(variable);
        if (value.isEmpty()) {
            return OptionalInt.empty();
        }
        try {
            int number = Integer.parseInt(value.get());
            if (number >= min && number <= max) {
                return OptionalInt.of(number);
            }
        } catch (NumberFormatException notANumber) {
            // Refused below with the allowed range.
        }
        throw new CommandInputException("'" + label + "' must be a whole number from " + min + " to " + max + ", not '"
                + value.get() + "'.");
    }

    /** When something expires, in the plugin's one grammar ({@link Expiry}); empty (never) when the field is blank. */
    Optional<Instant> expiry(String variable, String label, Instant now) throws CommandInputException {
        try {
            return Expiry.parse(text(variable).orElse(""), now);
        } catch (IllegalArgumentException e) {
            throw new CommandInputException("'" + label + "': " + e.getMessage());
        }
    }
}
