package social.waddle.community;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The Waddle domain stays pure: no source file under {@code social.waddle.community} imports Openfire or Tinder. */
class CommunityPurityTest {

    @Test
    void noCommunitySourceImportsOpenfireOrTinder() throws IOException {
        Path sources = Path.of(System.getProperty("user.dir"), "src", "main", "java", "social", "waddle", "community");
        List<String> offending;
        try (Stream<Path> files = Files.walk(sources)) {
            offending = files.filter(file -> file.toString().endsWith(".java"))
                    .flatMap(file -> lines(file).stream()
                            .filter(line -> line.matches("\\s*import\\s+(static\\s+)?org\\.(jivesoftware|xmpp)\\..*"))
                            .map(line -> sources.relativize(file) + ": " + line.trim()))
                    .toList();
        }

        assertThat(offending).isEmpty();
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
