package social.waddle.compat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import social.waddle.testbed.openfire.OpenfireDistribution;

/**
 * Everything our plugin's class loader sees on a real Openfire distribution, in the order it looks. Openfire's
 * {@code PluginClassLoader} is a {@code URLClassLoader} over the plugin's jars whose parent is the loader of
 * Openfire's {@code lib/} (itself below the JDK's): parent-first, so a name resolves from the JDK, then from
 * {@code lib/}, and only then from the plugin (our classes and the jars we bundle). This world governs every
 * name: Openfire's, Jetty's, the libraries', the JDK's and ours.
 *
 * <p>What we bundle is the runtime-scope dependency jars (the build writes their class path for the tests):
 * exactly what {@code src/assembly/openfire-plugin.xml} puts into {@code waddle.jar}'s {@code lib/}, and known
 * when the tests run, before {@code package} has built (or rebuilt) {@code waddle.jar}.
 */
final class DistributionWorld implements ClassWorld, AutoCloseable {

    private final String openfireVersion;
    private final ClassSource jdk;
    private final Set<String> jdkPackages;
    private final JarClassSource library;
    private final List<Path> bundledJars;
    private final JarClassSource bundled;

    DistributionWorld(String openfireVersion, ClassSource jdk, Set<String> jdkPackages, List<Path> libraryJars,
                      List<Path> bundledJars) {
        this.openfireVersion = openfireVersion;
        this.jdk = jdk;
        this.jdkPackages = Set.copyOf(jdkPackages);
        this.library = new JarClassSource(libraryJars);
        this.bundledJars = List.copyOf(bundledJars);
        this.bundled = new JarClassSource(bundledJars);
    }

    /** The given distribution, with the JDK running the tests and our runtime-scope dependency jars. */
    static DistributionWorld of(OpenfireDistribution distribution, List<Path> bundledJars) {
        return new DistributionWorld(distribution.version(),
                ClassFiles.fromClassLoader(ClassLoader.getPlatformClassLoader()),
                ModuleLayer.boot().modules().stream().flatMap(module -> module.getPackages().stream())
                        .map(Names::internal).collect(Collectors.toSet()),
                distribution.libraryJars(), bundledJars);
    }

    @Override
    public String version() {
        return openfireVersion + " distribution";
    }

    @Override
    public ClassHierarchy load(ClassSource ours) {
        return new ClassHierarchy(version(),
                "Openfire " + openfireVersion + " (JDK " + Runtime.version().feature()
                        + ", its lib/, our bundled jars)",
                List.of(new ClassHierarchy.Layer("the JDK", jdk),
                        new ClassHierarchy.Layer("Openfire " + openfireVersion + " lib/", library),
                        new ClassHierarchy.Layer("the plugin class loader",
                                name -> ours.find(name).or(() -> bundled.find(name)))),
                name -> true);
    }

    /**
     * A jar we bundle that the parent-first lookup passes over, wholly or in part.
     *
     * @param jar            the bundled jar
     * @param classes        how many classes it holds
     * @param shadowed       its classes the JDK or {@code lib/} define first: ours are never loaded
     * @param sharedPackages its packages the JDK or {@code lib/} also define (split across two class loaders: its
     *                       own classes load, but package-private access to the others fails)
     * @param shadowedBy     the jars of {@code lib/} (or {@code the JDK}) that win
     */
    record ShadowedJar(Path jar, int classes, Set<String> shadowed, Set<String> sharedPackages,
                       Set<String> shadowedBy) {

        @Override
        public String toString() {
            return jar.getFileName() + ": " + shadowed.size() + " of its " + classes + " classes are shadowed"
                    + (shadowed.isEmpty() ? "" : " (e.g. " + shadowed.stream().limit(3).map(Names::binary)
                            .collect(Collectors.joining(", ")) + ")")
                    + ", packages also defined by the server: " + sharedPackages.stream().map(Names::binary)
                            .collect(Collectors.joining(", "))
                    + "; loaded instead from " + String.join(", ", shadowedBy);
        }
    }

    /** Every bundled jar sharing a class or a package with the JDK or the distribution's {@code lib/}. */
    List<ShadowedJar> shadowedBundles() {
        Map<String, Path> libraryJarByPackage = new HashMap<>();
        for (String name : library.classNames()) {
            libraryJarByPackage.computeIfAbsent(packageOf(name), packageName -> library.jarOf(name).orElseThrow());
        }
        List<ShadowedJar> shadowedJars = new ArrayList<>();
        for (Path jar : bundledJars) {
            Set<String> classes;
            try (JarClassSource one = new JarClassSource(List.of(jar))) {
                classes = one.classNames();
            }
            Set<String> shadowed = new TreeSet<>();
            Set<String> packages = new TreeSet<>();
            Set<String> winners = new TreeSet<>();
            for (String name : classes) {
                String packageName = packageOf(name);
                Path libraryJar = libraryJarByPackage.get(packageName);
                if (jdkPackages.contains(packageName)) {
                    winners.add("the JDK");
                } else if (libraryJar != null) {
                    winners.add("lib/" + library.jarOf(name).orElse(libraryJar).getFileName());
                } else {
                    continue;
                }
                packages.add(packageName);
                if (jdk.find(name).isPresent() || library.jarOf(name).isPresent()) {
                    shadowed.add(name);
                }
            }
            if (!packages.isEmpty()) {
                shadowedJars.add(new ShadowedJar(jar, classes.size(), shadowed, packages, winners));
            }
        }
        return shadowedJars;
    }

    private static String packageOf(String internalName) {
        int slash = internalName.lastIndexOf('/');
        return slash < 0 ? "" : internalName.substring(0, slash);
    }

    @Override
    public void close() {
        library.close();
        bundled.close();
    }
}
