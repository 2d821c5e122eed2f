package social.waddle.testbed.openfire;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An {@code openfireHome} directory with configuration for auto-setup and (when asked) the Waddle plugin JAR.
 * <ul>
 *   <li>Openfire 5.x ({@link OpenfireDistribution}): the distribution's own admin console, database scripts and key
 *       stores are copied in, {@code lib/} stays in the distribution; the plugin JAR goes in unchanged.</li>
 *   <li>Openfire 4.2.0 from Maven Central (the fallback): empty key stores, our HSQLDB schema, a stand-in admin
 *       plugin (Central has no console webapp), and a plugin copy whose {@code minServerVersion} says 4.2.0.</li>
 * </ul>
 */
final class OpenfireHome {

    static final String PLUGIN_JAR_NAME = "waddle.jar";
    static final String STORE_PASSWORD = "changeit";

    private static final String RESOURCES = "/openfire-bed/";
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z]+)}");
    private static final Pattern MIN_SERVER_VERSION = Pattern.compile("<minServerVersion>[^<]*</minServerVersion>");

    private final Path directory;

    private OpenfireHome(Path directory) {
        this.directory = directory;
    }

    /** A new, numbered directory {@code <base>/<label>-<n>} that no other server (or JVM) uses. */
    static OpenfireHome createUnder(Path base, String label) {
        try {
            Files.createDirectories(base);
            for (int n = 1; ; n++) {
                Path candidate = base.resolve(label + "-" + n);
                try {
                    return new OpenfireHome(Files.createDirectory(candidate).toAbsolutePath());
                } catch (FileAlreadyExistsException taken) {
                    // Another server has it; try the next number.
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create an Openfire home under " + base, e);
        }
    }

    Path directory() {
        return directory;
    }

    Path logDirectory() {
        return directory.resolve("logs");
    }

    Path pluginsDirectory() {
        return directory.resolve("plugins");
    }

    Path installedPluginJar() {
        return pluginsDirectory().resolve(PLUGIN_JAR_NAME);
    }

    Path log4jConfiguration() {
        return directory.resolve("conf/log4j.properties");
    }

    Path launcherClasses() {
        return directory.resolve("launcher-classes");
    }

    Path log4j2Configuration() {
        return directory.resolve("conf/log4j2.xml");
    }

    /** Nested XML elements for dotted property names: {@code a.b.c=v} becomes {@code <a><b><c>v</c></b></a>}, merged. */
    static String propertiesAsXml(Map<String, String> properties) {
        Map<String, Object> tree = new java.util.TreeMap<>();
        for (Map.Entry<String, String> property : properties.entrySet()) {
            String[] path = property.getKey().split("\\.");
            Map<String, Object> node = tree;
            for (int i = 0; i < path.length - 1; i++) {
                @SuppressWarnings("unchecked")
                Map<String, Object> child = (Map<String, Object>) node.computeIfAbsent(path[i], key -> new java.util.TreeMap<String, Object>());
                node = child;
            }
            node.put(path[path.length - 1], property.getValue());
        }
        StringBuilder xml = new StringBuilder();
        appendXml(xml, tree, "    ");
        return xml.toString();
    }

    private static void appendXml(StringBuilder xml, Map<String, Object> node, String indent) {
        for (Map.Entry<String, Object> entry : node.entrySet()) {
            xml.append(indent).append('<').append(entry.getKey()).append('>');
            if (entry.getValue() instanceof Map) {
                @SuppressWarnings("unchecked")
                Map<String, Object> child = (Map<String, Object>) entry.getValue();
                xml.append('\n');
                appendXml(xml, child, indent + "    ");
                xml.append(indent);
            } else {
                xml.append(escapeXml(String.valueOf(entry.getValue())));
            }
            xml.append("</").append(entry.getKey()).append(">\n");
        }
    }

    /**
     * Writes everything Openfire 5.x reads at its first start: {@code values} fill {@code conf/openfire.xml}; the
     * console, database scripts, key stores and {@code security.xml} are the distribution's own.
     */
    void prepare(OpenfireDistribution distribution, Map<String, String> values) {
        try {
            Files.createDirectories(logDirectory());
            Files.createDirectories(directory.resolve("conf"));
            Files.writeString(directory.resolve("conf/openfire.xml"), fill(resource("openfire.xml"), values));
            Files.copy(distribution.root().resolve("conf/security.xml"), directory.resolve("conf/security.xml"));
            copyResource("log4j2.xml", log4j2Configuration());
            copyTree(distribution.adminPlugin(), pluginsDirectory().resolve("admin"));
            copyTree(distribution.resources().resolve("database"), directory.resolve("resources/database"));
            syncEveryCommit(directory.resolve("resources/database/openfire_hsqldb.sql"));
            copyTree(distribution.resources().resolve("security"), directory.resolve("resources/security"));
            copyLauncher(OpenfireStarterLauncher.class);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot prepare Openfire home " + directory, e);
        }
    }

    /** Writes everything Openfire 4.2.0 reads at its first start; {@code values} fill {@code conf/openfire.xml}. */
    void prepare(Map<String, String> values) {
        try {
            Files.createDirectories(logDirectory());
            Files.createDirectories(directory.resolve("conf"));
            Files.writeString(directory.resolve("conf/openfire.xml"), fill(resource("openfire.xml"), values));
            copyResource("security.xml", directory.resolve("conf/security.xml"));
            copyResource("log4j.properties", log4jConfiguration());
            copyResource("openfire_hsqldb.sql", directory.resolve("resources/database/openfire_hsqldb.sql"));
            for (String store : new String[] {"keystore", "truststore", "client.truststore"}) {
                writeEmptyKeyStore(directory.resolve("resources/security").resolve(store));
            }
            copyResource("admin-plugin.xml", pluginsDirectory().resolve("admin/plugin.xml"));
            Files.createDirectories(pluginsDirectory().resolve("admin/webapp"));
            copyLauncher(OpenfireLauncher.class);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot prepare Openfire home " + directory, e);
        }
    }

    /**
     * Puts a copy of {@code pluginJar} into {@code plugins/}: as it is for Openfire 5.x, for 4.2.0 with its
     * {@code plugin.xml} saying {@code minServerVersion} 4.2.0. The copy is made beside and moved in whole, so
     * Openfire's plugin monitor never sees a half-written JAR.
     */
    void installPlugin(Path pluginJar, boolean forOpenfire42) {
        try {
            Path staging = Files.createDirectories(directory.resolve("staging")).resolve(PLUGIN_JAR_NAME);
            Files.copy(pluginJar, staging, StandardCopyOption.REPLACE_EXISTING);
            if (forOpenfire42) {
                lowerMinServerVersion(pluginJar, staging);
            }
            Files.createDirectories(pluginsDirectory());
            Files.move(staging, installedPluginJar(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot install " + pluginJar + " into " + pluginsDirectory(), e);
        }
    }

    private static void lowerMinServerVersion(Path pluginJar, Path staging) throws IOException {
        try (FileSystem jar = FileSystems.newFileSystem(URI.create("jar:" + staging.toUri()), Map.of())) {
            Path descriptor = jar.getPath("plugin.xml");
            String xml = Files.readString(descriptor);
            Matcher version = MIN_SERVER_VERSION.matcher(xml);
            if (!version.find()) {
                throw new IllegalStateException(pluginJar + " has a plugin.xml without <minServerVersion>");
            }
            Files.writeString(descriptor, version.replaceFirst("<minServerVersion>4.2.0</minServerVersion>"));
        }
    }

    void uninstallPlugin() {
        try {
            Files.deleteIfExists(installedPluginJar());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete " + installedPluginJar(), e);
        }
    }

    /** The launcher class alone in a directory of its own: test classes must not shadow plugin classes. */
    private void copyLauncher(Class<?> launcher) throws IOException {
        String classFile = launcher.getSimpleName() + ".class";
        Path target = launcherClasses().resolve(launcher.getPackageName().replace('.', '/')).resolve(classFile);
        Files.createDirectories(target.getParent());
        try (InputStream in = launcher.getResourceAsStream(classFile)) {
            if (in == null) {
                throw new IOException("No " + classFile + " on the class path");
            }
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /**
     * Openfire's HSQLDB schema sets {@code WRITE DELAY 1000 MILLIS}, overriding {@code hsqldb.write_delay=false} in
     * the URL: a crash then loses the last second of commits, and the bed's kill-and-read tests would race with it.
     * The home's copy syncs every commit instead (the distribution stays as it is).
     */
    private static void syncEveryCommit(Path hsqldbSchema) throws IOException {
        String schema = Files.readString(hsqldbSchema);
        String synced = schema.replaceAll("(?im)^SET FILES WRITE DELAY [^;]*;", "SET FILES WRITE DELAY FALSE;");
        if (synced.equals(schema)) {
            throw new IllegalStateException("No SET FILES WRITE DELAY in " + hsqldbSchema + ": check the bed's crash tests");
        }
        Files.writeString(hsqldbSchema, synced);
    }

    private static void copyTree(Path source, Path target) throws IOException {
        try (java.util.stream.Stream<Path> paths = Files.walk(source)) {
            for (Path path : paths.toList()) {
                Path copy = target.resolve(source.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(copy);
                } else {
                    Files.copy(path, copy, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private static void writeEmptyKeyStore(Path file) throws IOException {
        try {
            KeyStore store = KeyStore.getInstance("JKS");
            store.load(null, null);
            Files.createDirectories(file.getParent());
            try (OutputStream out = Files.newOutputStream(file)) {
                store.store(out, STORE_PASSWORD.toCharArray());
            }
        } catch (GeneralSecurityException e) {
            throw new IOException("Cannot write an empty key store " + file, e);
        }
    }

    private static String fill(String template, Map<String, String> values) {
        Matcher placeholder = PLACEHOLDER.matcher(template);
        StringBuilder filled = new StringBuilder();
        while (placeholder.find()) {
            String value = values.get(placeholder.group(1));
            if (value == null) {
                throw new IllegalArgumentException("No value for ${" + placeholder.group(1) + "} in openfire.xml");
            }
            // ${extraProperties} is XML we built (values escaped there); every other value is text.
            String text = placeholder.group(1).equals("extraProperties") ? value : escapeXml(value);
            placeholder.appendReplacement(filled, Matcher.quoteReplacement(text));
        }
        placeholder.appendTail(filled);
        return filled.toString();
    }

    private static String escapeXml(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private static void copyResource(String name, Path target) throws IOException {
        Files.createDirectories(target.getParent());
        Files.writeString(target, resource(name));
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = OpenfireHome.class.getResourceAsStream(RESOURCES + name)) {
            if (in == null) {
                throw new IOException("No test resource " + RESOURCES + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
