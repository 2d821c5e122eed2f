package social.waddle.atproto.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The OAuth client stays in the pure core: no Openfire, Tinder, Jetty or servlet type anywhere in its bytecode
 * (internal names appear verbatim in a class file's constant pool, so a byte search finds every reference).
 */
class OAuthPurityTest {

    private static final List<String> FORBIDDEN = List.of("org/jivesoftware/", "org/xmpp/", "org/eclipse/jetty/",
            "javax/servlet/", "jakarta/servlet/");

    @Test
    void referencesNoServerTypes() throws IOException, URISyntaxException {
        Path classes = Path.of(AtprotoOAuthClient.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .resolve("social/waddle/atproto/oauth");
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.list(classes)) {
            for (Path file : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".class"))::iterator) {
                String text = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
                FORBIDDEN.stream().filter(text::contains).forEach(prefix -> found.add(file.getFileName() + " → " + prefix));
            }
        }
        assertThat(found).isEmpty();
        assertThat(classes.resolve("AtprotoOAuthClient.class")).exists();
    }
}
