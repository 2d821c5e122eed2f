package social.waddle.compat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The jars the build prepares for the guard: {@code waddle.openfireLib} (Openfire 4.2.0's lib, with Tinder 1.3.0),
 * {@code waddle.compatLib} (Tinder 2.1.0, what 5.1.1 ships) and {@code waddle.pluginClasspath} (a file listing the
 * runtime-scope dependency jars: what {@code waddle.jar} bundles). Surefire passes the properties; the defaults are
 * where the build puts them, for running from an IDE.
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

    /** The jars our plugin bundles in {@code waddle.jar}'s {@code lib/} (our own classes aside). */
    static List<Path> bundledJars() {
        Path listing = Path.of(System.getProperty("waddle.pluginClasspath", "target/plugin-classpath.txt"));
        String classPath;
        try {
            classPath = Files.readString(listing).strip();
        } catch (IOException e) {
            throw new IllegalStateException(listing + " is unreadable: run `mvn -B -q -DskipTests package` first "
                    + "(the build lists the runtime-scope jars there)", e);
        }
        if (classPath.isEmpty()) {
            return List.of();
        }
        return existing(Arrays.stream(classPath.split(File.pathSeparator)).map(Path::of).collect(Collectors.toList()));
    }

    static Path tinder511() {
        return existing(List.of(compatLib().resolve("tinder-2.1.0.jar"))).get(0);
    }
}
