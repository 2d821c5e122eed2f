package social.waddle.compat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The jars the build copies for the guard: {@code waddle.openfireLib} (Openfire 4.2.0's lib, with Tinder 1.3.0)
 * and {@code waddle.compatLib} (Tinder 2.1.0, what 5.1.1 ships). Surefire passes both properties; the defaults
 * are where the build puts them, for running from an IDE.
 */
final class CompatLibraries {

    private CompatLibraries() {
    }

    static Path openfire420Lib() {
        return Path.of(System.getProperty("waddle.openfireLib", "target/openfire-4.2.0/lib"));
    }

    static Path compatLib() {
        return Path.of(System.getProperty("waddle.compatLib", "target/compat-lib"));
    }

    static List<Path> openfire420Jars() {
        Path lib = openfire420Lib();
        return existing(List.of(lib.resolve("xmppserver-4.2.0.jar"), lib.resolve("dbutil-4.2.0.jar"),
                lib.resolve("tinder-1.3.0.jar")));
    }

    private static List<Path> existing(List<Path> files) {
        for (Path file : files) {
            if (!Files.isRegularFile(file)) {
                throw new IllegalStateException(file + " is missing: run `mvn -B -q -DskipTests package` first "
                        + "(the build copies Openfire's jars there)");
            }
        }
        return files;
    }

    static Path tinder511() {
        return existing(List.of(compatLib().resolve("tinder-2.1.0.jar"))).get(0);
    }
}
