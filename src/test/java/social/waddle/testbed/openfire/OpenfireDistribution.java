package social.waddle.testbed.openfire;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An Openfire 5.x distribution laid out as the official release ({@code openfire/{bin,conf,lib,plugins/admin,
 * resources}}), given as a folder or as the release {@code .tar.gz}. Named by the system property
 * {@value #PROPERTY} (Maven: {@code -Dopenfire.distribution=...}) or the environment variable {@value #ENVIRONMENT}.
 *
 * <p>Without one, the test bed falls back to Openfire 4.2.0 from Maven Central and says loudly that 5.x was not
 * tested; on CI ({@code CI=true}) a missing distribution is an error instead.
 */
public record OpenfireDistribution(Path root, String version) {

    public static final String PROPERTY = "waddle.openfireDistribution";
    public static final String ENVIRONMENT = "WADDLE_OPENFIRE_DISTRIBUTION";

    private static final Logger Log = LoggerFactory.getLogger(OpenfireDistribution.class);
    private static final Pattern SERVER_JAR = Pattern.compile("xmppserver-(\\d+\\.\\d+\\.\\d+)\\.jar");
    private static final long EXTRACT_TIMEOUT_SECONDS = 300;

    public OpenfireDistribution {
        root = root.toAbsolutePath().normalize();
    }

    /** The distribution this JVM's test bed runs, if one is configured (extracted on first use). */
    public static Optional<OpenfireDistribution> configured() {
        return Holder.CONFIGURED;
    }

    /**
     * The configured distribution, or empty when the 4.2.0 fallback may run. Fails on CI without one: there, every
     * integration test must run on the Openfire admins run.
     */
    public static Optional<OpenfireDistribution> forTestBed() {
        Optional<OpenfireDistribution> distribution = configured();
        if (distribution.isEmpty() && "true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new IllegalStateException("CI=true but no Openfire 5.x distribution is configured: pass -D"
                    + PROPERTY + " (Maven: -Dopenfire.distribution=<folder or .tar.gz>) or set " + ENVIRONMENT);
        }
        return distribution;
    }

    public Path lib() {
        return root.resolve("lib");
    }

    public Path startupJar() {
        return lib().resolve("startup.jar");
    }

    public Path adminPlugin() {
        return root.resolve("plugins/admin");
    }

    public Path resources() {
        return root.resolve("resources");
    }

    /** Every jar of {@code lib/}: the parent class loader of every plugin. */
    public List<Path> libraryJars() {
        try (Stream<Path> files = Files.list(lib())) {
            return files.filter(file -> file.getFileName().toString().endsWith(".jar")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list " + lib(), e);
        }
    }

    /** Reads a folder that holds {@code lib/startup.jar}, itself or in an {@code openfire/} sub-folder. */
    public static OpenfireDistribution at(Path folder) {
        Path root = Files.isRegularFile(folder.resolve("lib/startup.jar")) ? folder : folder.resolve("openfire");
        if (!Files.isRegularFile(root.resolve("lib/startup.jar"))) {
            throw new IllegalArgumentException(folder + " is not an Openfire distribution: no lib/startup.jar in it or in"
                    + " its openfire/ folder");
        }
        try (Stream<Path> jars = Files.list(root.resolve("lib"))) {
            String version = jars.map(jar -> SERVER_JAR.matcher(jar.getFileName().toString()))
                    .filter(Matcher::matches)
                    .map(match -> match.group(1))
                    .findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("No xmppserver-<version>.jar in " + root.resolve("lib")));
            if (!version.matches("[5-9]\\..*|\\d{2,}\\..*")) {
                throw new IllegalArgumentException(root + " is Openfire " + version + "; the test bed takes 5.x or later"
                        + " (without a distribution it runs 4.2.0 from Maven Central)");
            }
            return new OpenfireDistribution(root, version);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list " + root.resolve("lib"), e);
        }
    }

    /**
     * A release archive extracted once under {@code <build>/openfire-dist/<archive name>}: to a scratch folder first,
     * then renamed, so a half-extracted tree is never taken for a distribution.
     */
    static OpenfireDistribution extracted(Path archive, Path buildDirectory) {
        if (!Files.isRegularFile(archive)) {
            throw new IllegalArgumentException("No Openfire distribution archive at " + archive);
        }
        String name = archive.getFileName().toString().replaceFirst("\\.(tar\\.gz|tgz)$", "");
        Path target = buildDirectory.resolve("openfire-dist").resolve(name);
        try {
            if (!Files.isDirectory(target) || Files.getLastModifiedTime(target).compareTo(Files.getLastModifiedTime(archive)) < 0) {
                Files.createDirectories(target.getParent());
                Path scratch = Files.createTempDirectory(target.getParent(), name + ".extracting-");
                Process tar = new ProcessBuilder("tar", "-xzf", archive.toString(), "-C", scratch.toString())
                        .redirectErrorStream(true).start();
                String output = new String(tar.getInputStream().readAllBytes());
                if (!tar.waitFor(EXTRACT_TIMEOUT_SECONDS, TimeUnit.SECONDS) || tar.exitValue() != 0) {
                    throw new IllegalStateException("Cannot extract " + archive + ": " + output);
                }
                deleteTree(target);
                Files.move(scratch, target, StandardCopyOption.ATOMIC_MOVE);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot extract " + archive + " to " + target, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while extracting " + archive, e);
        }
        return at(target);
    }

    static void deleteTree(Path tree) throws IOException {
        if (!Files.exists(tree)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(tree)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    private static Optional<OpenfireDistribution> resolve() {
        String configured = System.getProperty(PROPERTY);
        if (configured == null || configured.isBlank()) {
            configured = System.getenv(ENVIRONMENT);
        }
        if (configured == null || configured.isBlank()) {
            Log.warn("""

                    ************************************************************************************
                    No Openfire 5.x distribution given: the test bed runs Openfire 4.2.0 from Maven Central.
                    Openfire 5.x, the server admins run, is NOT tested in this run. Pass
                    -Dopenfire.distribution=<openfire_5.x.tar.gz or its folder> (or set {}).
                    ************************************************************************************""",
                    ENVIRONMENT);
            return Optional.empty();
        }
        Path path = Paths.get(configured).toAbsolutePath().normalize();
        OpenfireDistribution distribution = Files.isDirectory(path)
                ? at(path)
                : extracted(path, OpenfireServer.buildDirectory());
        Log.info("Test bed runs Openfire {} from {}", distribution.version(), distribution.root());
        return Optional.of(distribution);
    }

    /** Resolved (and extracted) once per JVM, on first use. */
    private static final class Holder {
        static final Optional<OpenfireDistribution> CONFIGURED = resolve();
    }
}
