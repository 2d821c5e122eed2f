package social.waddle.compat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/** The classes in a set of jars (first jar wins), read on demand. */
final class JarClassSource implements ClassSource, AutoCloseable {

    private final List<ZipFile> jars = new ArrayList<>();
    private final Map<String, ZipFile> jarByClass = new HashMap<>();
    private final ClassSource classes;

    JarClassSource(List<Path> jarFiles) {
        try {
            for (Path jarFile : jarFiles) {
                ZipFile jar = new ZipFile(jarFile.toFile());
                jars.add(jar);
                Enumeration<? extends ZipEntry> entries = jar.entries();
                while (entries.hasMoreElements()) {
                    String entry = entries.nextElement().getName();
                    if (entry.endsWith(".class") && !entry.startsWith("META-INF/")) {
                        jarByClass.putIfAbsent(entry.substring(0, entry.length() - ".class".length()), jar);
                    }
                }
            }
        } catch (IOException e) {
            close();
            throw new UncheckedIOException("Cannot read " + jarFiles, e);
        }
        classes = ClassFiles.caching(this::bytes);
    }

    private byte[] bytes(String internalName) {
        ZipFile jar = jarByClass.get(internalName);
        if (jar == null) {
            return null;
        }
        try {
            return ClassFiles.read(jar.getInputStream(jar.getEntry(internalName + ".class")));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + internalName + " from " + jar.getName(), e);
        }
    }

    /** Every class these jars hold (internal names), {@code module-info} aside. */
    Set<String> classNames() {
        return jarByClass.keySet().stream().filter(name -> !name.equals("module-info"))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /** The jar that defines {@code internalName}, if any: the first one holding it. */
    Optional<Path> jarOf(String internalName) {
        ZipFile jar = jarByClass.get(internalName);
        return jar == null ? Optional.empty() : Optional.of(Path.of(jar.getName()));
    }

    @Override
    public Optional<ApiClass> find(String internalName) {
        return classes.find(internalName);
    }

    @Override
    public void close() {
        for (ZipFile jar : jars) {
            try {
                jar.close();
            } catch (IOException e) {
                // Closing a read-only jar cannot lose anything.
            }
        }
    }
}
