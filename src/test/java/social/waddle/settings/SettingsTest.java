package social.waddle.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

class SettingsTest {

    private static final class MapStore implements PropertyStore {
        final Map<String, String> values = new HashMap<>();

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
    }

    private final MapStore store = new MapStore();
    private final Settings settings = new Settings(store, WaddleSettings.ALL);

    @Test
    void unsetSettingsReadAsTheirDefaults() {
        assertThat(settings.get(WaddleSettings.COMPONENT_SUBDOMAIN)).isEqualTo("waddle");
        assertThat(settings.get(WaddleSettings.CREDENTIAL_CACHE_TTL)).isEqualTo(Duration.ofHours(12));
        assertThat(settings.get(WaddleSettings.HANDLE_RESOLVERS)).containsExactly("dns", "https");
    }

    @Test
    void validValuesAreStoredNormalised() throws InvalidSettingException {
        settings.set(WaddleSettings.CREDENTIAL_CACHE_TTL, "PT90M");
        settings.set(WaddleSettings.COMPONENT_SUBDOMAIN, "Chat");
        settings.set(WaddleSettings.DENIED_HANDLE_DOMAINS, " .Evil.Example , spam.test ");

        assertThat(store.values).containsEntry("waddle.login.credentialCache.ttl", "90m")
                .containsEntry("waddle.component.subdomain", "chat")
                .containsEntry("waddle.policy.handleDomains.deny", "evil.example,spam.test");
        assertThat(settings.get(WaddleSettings.CREDENTIAL_CACHE_TTL)).isEqualTo(Duration.ofMinutes(90));
    }

    @Test
    void invalidValuesAreRefusedWithAReasonAndNothingIsStored() {
        assertThatThrownBy(() -> settings.set(WaddleSettings.CREDENTIAL_CACHE_TTL, "forever"))
                .isInstanceOf(InvalidSettingException.class).hasMessageContaining("duration");
        assertThatThrownBy(() -> settings.set(WaddleSettings.CREDENTIAL_CACHE_TTL, "31d"))
                .hasMessageContaining("between 1s and 30d");
        assertThatThrownBy(() -> settings.set(WaddleSettings.MAX_PDS_CHECKS_PER_5_MIN, "31"))
                .hasMessageContaining("between 1 and 30");
        assertThatThrownBy(() -> settings.set(WaddleSettings.PLC_DIRECTORY, "ftp://plc.example"))
                .hasMessageContaining("http(s) URL");
        assertThatThrownBy(() -> settings.set(WaddleSettings.ACCEPTED_LXM, "login"))
                .hasMessageContaining("NSID");
        assertThatThrownBy(() -> settings.set(WaddleSettings.APP_PASSWORD_ENABLED, "yes"))
                .hasMessageContaining("true or false");
        assertThat(store.values).isEmpty();
    }

    @Test
    void aHandEditedInvalidValueFallsBackToTheDefault() {
        store.set("waddle.login.credentialCache.ttl", "banana");

        assertThat(settings.get(WaddleSettings.CREDENTIAL_CACHE_TTL)).isEqualTo(Duration.ofHours(12));
    }

    @Test
    void listenersHearChangesOfDeclaredSettingsOnly() {
        List<String> heard = new ArrayList<>();
        Runnable unsubscribe = settings.onChange(setting -> heard.add(setting.key()));

        settings.changed("waddle.login.credentialCache.ttl");
        settings.changed("xmpp.domain");
        unsubscribe.run();
        settings.changed("waddle.login.credentialCache.ttl");

        assertThat(heard).containsExactly("waddle.login.credentialCache.ttl");
    }

    @Test
    void everySettingHasAnEnglishDescriptionAndARowInTheReadme() throws IOException {
        Properties bundle = new Properties();
        try (Reader reader = Files.newBufferedReader(Path.of("src/main/i18n/waddle_i18n.properties"), StandardCharsets.UTF_8)) {
            bundle.load(reader);
        }
        String readme = Files.readString(Path.of("readme.html"));

        Set<String> keys = WaddleSettings.ALL.stream().map(Setting::key).collect(Collectors.toSet());
        assertThat(keys).hasSameSizeAs(WaddleSettings.ALL);
        for (Setting<?> setting : WaddleSettings.ALL) {
            assertThat(bundle.getProperty(setting.descriptionKey())).as(setting.descriptionKey()).isNotBlank();
            assertThat(bundle.getProperty("setting." + setting.key() + ".name")).as("name of " + setting.key()).isNotBlank();
            assertThat(bundle.getProperty("settings.group." + setting.group())).as("group " + setting.group()).isNotBlank();
            assertThat(readme).as("readme row for " + setting.key()).contains("<code>" + setting.key() + "</code>");
        }
    }
}
