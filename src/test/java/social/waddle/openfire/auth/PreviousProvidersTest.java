package social.waddle.openfire.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jivesoftware.openfire.auth.AuthProvider;
import org.jivesoftware.openfire.user.UserProvider;
import org.junit.jupiter.api.Test;

import social.waddle.settings.PropertyStore;

class PreviousProvidersTest {

    private static final String PROPERTY = PreviousProviders.AUTH_PROVIDER_PROPERTY;
    private static final String SAVED = PreviousProviders.SAVED_PREFIX + PROPERTY;
    private static final String DEFAULT = PreviousProviders.DEFAULT_AUTH_PROVIDER;
    private static final String HYBRID = "org.jivesoftware.openfire.auth.HybridAuthProvider";
    private static final String OURS = WaddleAuthProvider.class.getName();

    private final Map<String, String> values = new HashMap<>();
    private final PropertyStore properties = new PropertyStore() {
        @Override
        public Optional<String> get(String key) {
            return Optional.ofNullable(values.get(key));
        }

        @Override
        public void set(String key, String value) {
            values.put(key, value);
        }

        @Override
        public void delete(String key) {
            values.remove(key);
        }
    };

    private AutoCloseable replace() {
        return PreviousProviders.replace(properties, PROPERTY, DEFAULT, WaddleAuthProvider.class);
    }

    @Test
    void savesTheConfiguredProviderAndPointsOpenfireAtOurs() throws Exception {
        values.put(PROPERTY, HYBRID);

        AutoCloseable undo = replace();

        assertThat(values).containsEntry(PROPERTY, OURS).containsEntry(SAVED, HYBRID);
        assertThat(PreviousProviders.savedClassName(properties, PROPERTY, DEFAULT)).isEqualTo(HYBRID);

        undo.close();

        assertThat(values).containsEntry(PROPERTY, HYBRID).doesNotContainKey(SAVED);
    }

    @Test
    void withNothingConfiguredTheDefaultIsSavedAndRestored() throws Exception {
        AutoCloseable undo = replace();

        assertThat(values).containsEntry(PROPERTY, OURS).containsEntry(SAVED, DEFAULT);

        undo.close();

        assertThat(values).containsEntry(PROPERTY, DEFAULT).doesNotContainKey(SAVED);
    }

    @Test
    void afterACrashTheSavedProviderIsKept() throws Exception {
        values.put(PROPERTY, OURS);
        values.put(SAVED, HYBRID);

        AutoCloseable undo = replace();

        assertThat(values).containsEntry(PROPERTY, OURS).containsEntry(SAVED, HYBRID);

        undo.close();

        assertThat(values).containsEntry(PROPERTY, HYBRID).doesNotContainKey(SAVED);
    }

    @Test
    void afterACrashThatLostTheSavedNameTheDefaultIsRestored() throws Exception {
        values.put(PROPERTY, OURS);

        AutoCloseable undo = replace();

        assertThat(values).containsEntry(PROPERTY, OURS).doesNotContainKey(SAVED);

        undo.close();

        assertThat(values).containsEntry(PROPERTY, DEFAULT).doesNotContainKey(SAVED);
    }

    @Test
    void aReplaceTwiceInARowKeepsTheFirstSavedName() throws Exception {
        values.put(PROPERTY, HYBRID);
        replace();

        AutoCloseable undo = replace();
        undo.close();

        assertThat(values).containsEntry(PROPERTY, HYBRID);
    }

    @Test
    void aBlankSavedNameMeansTheFallback() {
        values.put(SAVED, "  ");

        assertThat(PreviousProviders.savedClassName(properties, PROPERTY, DEFAULT)).isEqualTo(DEFAULT);
    }

    @Test
    void instantiatesTheSavedClass() {
        @SuppressWarnings("rawtypes")
        List created = PreviousProviders.instantiate("java.util.ArrayList", List.class);

        assertThat(created).isInstanceOf(ArrayList.class);
    }

    @Test
    void aMissingOrWrongClassNamesThePropertyToRestore() {
        assertThatThrownBy(() -> PreviousProviders.instantiate("com.example.Gone", AuthProvider.class))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("com.example.Gone").hasMessageContaining(PreviousProviders.AUTH_PROVIDER_PROPERTY);
        assertThatThrownBy(() -> PreviousProviders.instantiate("java.lang.Object", UserProvider.class))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(PreviousProviders.USER_PROVIDER_PROPERTY);
    }
}
