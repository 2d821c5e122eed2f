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
 * An {@code openfireHome} directory for Openfire 4.2.0, laid out as COMPAT.md ("A real Openfire 4.2.0 for
 * tests") lists: configuration with auto-setup, empty key stores, our HSQLDB schema, the stand-in admin plugin,
 * and (when asked) the Waddle plugin JAR with a test-only {@code minServerVersion}.
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

    /** Writes everything Openfire reads at its first start; {@code values} fill {@code conf/openfire.xml}. */
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
            copyLauncher();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot prepare Openfire home " + directory, e);
        }
    }

    /**
     * Puts a copy of {@code pluginJar} into {@code plugins/}, its {@code plugin.xml} saying
     * {@code minServerVersion} 4.2.0. The copy is made beside and moved in whole, so Openfire's plugin monitor never
     * sees a half-written JAR.
     */
    void installPlugin(Path pluginJar) {
        try {
            Path staging = Files.createDirectories(directory.resolve("staging")).resolve(PLUGIN_JAR_NAME);
            Files.copy(pluginJar, staging, StandardCopyOption.REPLACE_EXISTING);
            try (FileSystem jar = FileSystems.newFileSystem(URI.create("jar:" + staging.toUri()), Map.of())) {
                Path descriptor = jar.getPath("plugin.xml");
                String xml = Files.readString(descriptor);
                Matcher version = MIN_SERVER_VERSION.matcher(xml);
                if (!version.find()) {
                    throw new IllegalStateException(pluginJar + " has a plugin.xml without <minServerVersion>");
                }
                Files.writeString(descriptor, version.replaceFirst("<minServerVersion>4.2.0</minServerVersion>"));
            }
            Files.createDirectories(pluginsDirectory());
            Files.move(staging, installedPluginJar(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot install " + pluginJar + " into " + pluginsDirectory(), e);
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
    private void copyLauncher() throws IOException {
        String classFile = OpenfireLauncher.class.getSimpleName() + ".class";
        Path target = launcherClasses().resolve(OpenfireLauncher.class.getPackageName().replace('.', '/')).resolve(classFile);
        Files.createDirectories(target.getParent());
        try (InputStream in = OpenfireLauncher.class.getResourceAsStream(classFile)) {
            if (in == null) {
                throw new IOException("No " + classFile + " on the class path");
            }
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
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
