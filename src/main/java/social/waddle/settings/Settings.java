package social.waddle.settings;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads and writes declared {@link Setting}s through a {@link PropertyStore}. A stored value that no longer
 * validates (hand-edited in Openfire's System Properties page, say) is logged once per read and the default
 * is used, so a typo never takes the plugin down.
 */
public final class Settings {

    private static final Logger Log = LoggerFactory.getLogger(Settings.class);

    private final PropertyStore store;
    private final List<Setting<?>> declared;
    private final List<Consumer<Setting<?>>> listeners = new CopyOnWriteArrayList<>();

    public Settings(PropertyStore store, List<Setting<?>> declared) {
        this.store = Objects.requireNonNull(store);
        this.declared = List.copyOf(declared);
    }

    public List<Setting<?>> declared() {
        return declared;
    }

    public Optional<Setting<?>> byKey(String key) {
        return declared.stream().filter(s -> s.key().equals(key)).findFirst();
    }

    public <T> T get(Setting<T> setting) {
        Optional<String> raw = store.get(setting.key());
        if (raw.isEmpty() || raw.get().isBlank() && setting.type() != String.class && setting.type() != List.class) {
            return setting.defaultValue();
        }
        try {
            return setting.parse(raw.get());
        } catch (InvalidSettingException e) {
            Log.warn("Property {} holds an invalid value ({}); using the default {}.",
                    setting.key(), e.getMessage(), setting.sensitive() ? "(hidden)" : setting.defaultAsString());
            return setting.defaultValue();
        }
    }

    /** The raw stored text (for forms), or the default written out when nothing is stored. */
    public String rawOrDefault(Setting<?> setting) {
        return store.get(setting.key()).orElseGet(setting::defaultAsString);
    }

    public boolean isSet(Setting<?> setting) {
        return store.get(setting.key()).isPresent();
    }

    /**
     * Validates and stores a raw value. A value equal to the default is stored too, so admins see it in
     * Openfire's System Properties page.
     *
     * @throws InvalidSettingException and stores nothing when the value is invalid
     */
    public <T> T set(Setting<T> setting, String raw) throws InvalidSettingException {
        T value = setting.parse(raw);
        store.set(setting.key(), setting.format(value));
        return value;
    }

    public <T> void setValue(Setting<T> setting, T value) {
        store.set(setting.key(), setting.format(value));
    }

    public void reset(Setting<?> setting) {
        store.delete(setting.key());
    }

    /** Listeners hear about every change of a declared setting, whoever made it (the adapter calls {@link #changed}). */
    public Runnable onChange(Consumer<Setting<?>> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    /** Called by the storage adapter when a property changed behind our back or through us. */
    public void changed(String key) {
        byKey(key).ifPresent(setting -> {
            for (Consumer<Setting<?>> listener : listeners) {
                try {
                    listener.accept(setting);
                } catch (RuntimeException e) {
                    Log.warn("A listener failed on the change of {}", key, e);
                }
            }
        });
    }
}
