package social.waddle.web;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import social.waddle.settings.InvalidSettingException;
import social.waddle.settings.Setting;
import social.waddle.settings.Settings;

/**
 * Every declared setting, grouped, as a form: booleans as checkboxes, enumerations as a choice, secrets never shown
 * (an empty field keeps them), help from the setting's i18n description. Saving validates every field first and
 * stores nothing unless all are valid; invalid fields keep what the admin typed, with the reason beside them. Only
 * values that differ from what is in effect are stored (as Openfire properties, through {@link Settings}).
 */
public final class SettingsPage extends AdminPage {

    private static final long serialVersionUID = 1L;

    public static final String PAGE_ID = "waddle-settings";

    @Override
    protected String pageId() {
        return PAGE_ID;
    }

    @Override
    protected String titleKey() {
        return "admin.settings.title";
    }

    public enum Control {
        CHECKBOX, TEXT, SELECT, PASSWORD
    }

    public record Option(String value, boolean selected) {
    }

    /**
     * @param value what the input shows: the stored raw value, the default, or what the admin typed (never a secret)
     * @param stored whether a value is stored (else the default is in effect)
     * @param error why the value was refused, or empty
     */
    public record Field(String key, String name, String description, Control control, String value, boolean checked,
                        List<Option> options, boolean secretSet, String defaultValue, boolean stored, String error) {

        public String inputId() {
            return "setting-" + key;
        }

        public String helpId() {
            return "help-" + key;
        }

        public String errorId() {
            return "error-" + key;
        }

        public boolean hasError() {
            return !error.isEmpty();
        }

        public String describedBy() {
            return hasError() ? errorId() + " " + helpId() : helpId();
        }

        public String resetFormId() {
            return "reset-" + key;
        }
    }

    public record Group(String id, String title, List<Field> fields) {
    }

    /** @param summaryError why nothing was saved, or empty */
    public record View(List<Group> groups, String summaryError) {

        public List<Field> fields() {
            return groups.stream().flatMap(group -> group.fields().stream()).toList();
        }
    }

    @Override
    protected PageResult get(PageRequest request) {
        Settings settings = request.services().require(Settings.class);
        return PageResult.view("settings.jte", view(request, settings, Map.of(), Map.of(), ""));
    }

    @Override
    protected PageResult post(PageRequest request) {
        Settings settings = request.services().require(Settings.class);
        String action = request.parameter("action");
        if (action.equals("reset")) {
            return reset(request, settings);
        }
        if (!action.equals("save")) {
            return PageResult.error(PAGE_ID, request.t("admin.error.unknownAction"));
        }
        Map<String, String> typed = new LinkedHashMap<>();
        Map<String, String> errors = new LinkedHashMap<>();
        Map<Setting<?>, String> normalised = new LinkedHashMap<>();
        for (Setting<?> setting : settings.declared()) {
            Optional<String> raw = submitted(request, setting);
            if (raw.isEmpty()) {
                continue;
            }
            typed.put(setting.key(), raw.get());
            try {
                normalised.put(setting, normalise(setting, raw.get()));
            } catch (InvalidSettingException e) {
                errors.put(setting.key(), request.t("admin.settings.invalid", e.getMessage()));
            }
        }
        if (!errors.isEmpty()) {
            String summary = request.t("admin.settings.notSaved", errors.size());
            return new PageResult.View("settings.jte", view(request, settings, typed, errors, summary), 400);
        }
        List<String> changes = new ArrayList<>();
        for (Map.Entry<Setting<?>, String> entry : normalised.entrySet()) {
            Setting<?> setting = entry.getKey();
            String before = effective(settings, setting);
            if (before.equals(entry.getValue())) {
                continue;
            }
            try {
                settings.set(setting, entry.getValue());
            } catch (InvalidSettingException e) {
                throw new IllegalStateException("A value that parsed did not parse again: " + setting.key(), e);
            }
            changes.add(setting.key() + ": " + shown(setting, before) + " → " + shown(setting, entry.getValue()));
        }
        if (changes.isEmpty()) {
            return PageResult.success(PAGE_ID, request.t("admin.settings.unchanged"));
        }
        request.audit("Changed Waddle settings", String.join("; ", changes));
        return PageResult.success(PAGE_ID, request.t("admin.settings.saved", changes.size()));
    }

    private static PageResult reset(PageRequest request, Settings settings) {
        String key = request.parameter("key");
        Optional<Setting<?>> found = settings.byKey(key);
        if (found.isEmpty()) {
            return PageResult.error(PAGE_ID, request.t("admin.settings.unknown", key));
        }
        Setting<?> setting = found.get();
        String before = effective(settings, setting);
        boolean wasStored = settings.isSet(setting);
        settings.reset(setting);
        if (wasStored) {
            request.audit("Reset a Waddle setting to its default",
                    setting.key() + ": " + shown(setting, before) + " → " + shown(setting, setting.defaultAsString()));
        }
        return PageResult.success(PAGE_ID, request.t("admin.settings.resetDone", setting.key(),
                setting.sensitive() ? request.t("admin.settings.secretEmpty") : displayDefault(request, setting)));
    }

    /** The raw value the form sent for a setting; empty for an untouched secret (kept) or an absent field. */
    private static Optional<String> submitted(PageRequest request, Setting<?> setting) {
        if (setting.type() == Boolean.class) {
            String[] values = request.http().getParameterValues(setting.key());
            if (values == null) {
                return Optional.empty();
            }
            return Optional.of(String.valueOf(Arrays.asList(values).contains("true")));
        }
        String value = request.http().getParameter(setting.key());
        if (value == null || setting.sensitive() && value.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(value.trim());
    }

    private static <T> String normalise(Setting<T> setting, String raw) throws InvalidSettingException {
        return setting.format(setting.parse(raw));
    }

    private static <T> String effective(Settings settings, Setting<T> setting) {
        return setting.format(settings.get(setting));
    }

    private static String shown(Setting<?> setting, String value) {
        return setting.sensitive() ? "(hidden)" : "'" + value + "'";
    }

    private static String displayDefault(PageRequest request, Setting<?> setting) {
        String value = setting.defaultAsString();
        return value.isEmpty() ? request.t("admin.settings.emptyValue") : value;
    }

    private static View view(PageRequest request, Settings settings, Map<String, String> typed,
                             Map<String, String> errors, String summaryError) {
        Map<String, List<Field>> byGroup = new LinkedHashMap<>();
        for (Setting<?> setting : settings.declared()) {
            byGroup.computeIfAbsent(setting.group(), group -> new ArrayList<>())
                    .add(field(request, settings, setting, typed, errors));
        }
        List<Group> groups = new ArrayList<>();
        byGroup.forEach((group, fields) -> groups.add(new Group("group-" + group,
                request.t("settings.group." + group), fields)));
        return new View(groups, summaryError);
    }

    private static Field field(PageRequest request, Settings settings, Setting<?> setting, Map<String, String> typed,
                               Map<String, String> errors) {
        boolean stored = settings.isSet(setting);
        String error = errors.getOrDefault(setting.key(), "");
        String value;
        if (typed.containsKey(setting.key())) {
            value = typed.get(setting.key());
        } else {
            value = settings.rawOrDefault(setting);
            if (stored && error.isEmpty()) {
                try {
                    setting.parse(value);
                } catch (InvalidSettingException e) {
                    error = request.t("admin.settings.storedInvalid", e.getMessage(), displayDefault(request, setting));
                }
            }
        }
        Control control;
        List<Option> options = List.of();
        if (setting.sensitive()) {
            control = Control.PASSWORD;
        } else if (setting.type() == Boolean.class) {
            control = Control.CHECKBOX;
        } else if (setting.type().isEnum()) {
            control = Control.SELECT;
            String current = value.toLowerCase(Locale.ROOT);
            options = Arrays.stream(setting.type().getEnumConstants())
                    .map(constant -> ((Enum<?>) constant).name().toLowerCase(Locale.ROOT))
                    .map(option -> new Option(option, option.equals(current)))
                    .toList();
        } else {
            control = Control.TEXT;
        }
        return new Field(setting.key(),
                request.t("setting." + setting.key() + ".name"),
                request.t(setting.descriptionKey()),
                control,
                setting.sensitive() ? "" : value,
                "true".equalsIgnoreCase(value),
                options,
                setting.sensitive() && stored,
                setting.sensitive() ? "" : displayDefault(request, setting),
                stored,
                error);
    }
}
