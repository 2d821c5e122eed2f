package social.waddle.database;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.xml.sax.SAXException;

/**
 * The plugin's database scripts: where they live, how Openfire splits them into statements, and running them over
 * JDBC.
 *
 * <p>Layout: install scripts {@code src/main/database/waddle_<dialect>.sql} create the schema at the version
 * {@code <databaseVersion>} in {@code plugin.xml}; {@code src/main/database/upgrade/<N>/waddle_<dialect>.sql} takes a
 * database from N-1 to N. {@code src/test/resources/database/baseline/<N>/waddle_<dialect>.sql} keeps the install
 * script as it was at version N, frozen, so upgrades can be replayed from there on real databases.
 */
public final class DatabaseScripts {

    public static final String DATABASE_KEY = "waddle";
    /** Openfire's {@code DbConnectionManager.DatabaseType} names the plugin ships scripts for. */
    public static final List<String> DIALECTS = List.of("hsqldb", "postgresql", "mysql", "sqlserver", "oracle", "db2");
    /** The dialect every other one is compared with: Openfire's embedded database. */
    public static final String REFERENCE_DIALECT = "hsqldb";

    private DatabaseScripts() {
    }

    public static Path projectDirectory() {
        return Path.of(System.getProperty("user.dir"));
    }

    public static Path databaseDirectory() {
        return projectDirectory().resolve(Path.of("src", "main", "database"));
    }

    public static Path baselineDirectory() {
        return projectDirectory().resolve(Path.of("src", "test", "resources", "database", "baseline"));
    }

    public static String fileName(String dialect) {
        return DATABASE_KEY + "_" + dialect + ".sql";
    }

    public static Path install(String dialect) {
        return databaseDirectory().resolve(fileName(dialect));
    }

    public static Path upgrade(int version, String dialect) {
        return databaseDirectory().resolve("upgrade").resolve(Integer.toString(version)).resolve(fileName(dialect));
    }

    public static Path baseline(int version, String dialect) {
        return baselineDirectory().resolve(Integer.toString(version)).resolve(fileName(dialect));
    }

    /** {@code <databaseVersion>} in plugin.xml: the version the install scripts create. */
    public static int latestVersion() {
        return Integer.parseInt(pluginXmlElement("databaseVersion"));
    }

    public static String pluginDatabaseKey() {
        return pluginXmlElement("databaseKey");
    }

    private static String pluginXmlElement(String name) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            Document plugin = factory.newDocumentBuilder().parse(projectDirectory().resolve("plugin.xml").toFile());
            return plugin.getDocumentElement().getElementsByTagName(name).item(0).getTextContent().trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ParserConfigurationException | SAXException | NullPointerException e) {
            throw new IllegalStateException("cannot read <" + name + "> from plugin.xml", e);
        }
    }

    /** The version directories under {@code upgrade/}, in order. */
    public static List<Integer> upgradeVersions() {
        return numberedDirectories(databaseDirectory().resolve("upgrade"));
    }

    /** The versions with a frozen install script for this dialect, in order. */
    public static List<Integer> baselineVersions(String dialect) {
        return numberedDirectories(baselineDirectory()).stream()
                .filter(version -> Files.isRegularFile(baseline(version, dialect)))
                .toList();
    }

    private static List<Integer> numberedDirectories(Path parent) {
        if (!Files.isDirectory(parent)) {
            return List.of();
        }
        try (Stream<Path> children = Files.list(parent)) {
            return children.filter(Files::isDirectory)
                    .map(child -> child.getFileName().toString())
                    .map(name -> {
                        if (!name.matches("\\d+")) {
                            throw new IllegalStateException(parent + " holds " + name + ", which is not a version number");
                        }
                        return Integer.valueOf(name);
                    })
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Splits a script the way Openfire's {@code SchemaManager} does: lines are trimmed; blank lines and lines
     * starting with {@code //}, {@code --}, {@code #}, {@code REM}, {@code /*} or {@code *} are dropped; the others
     * are joined with a space until a line ends with {@code ;}, which ends the statement (the {@code ;} is removed).
     * Text after the last {@code ;} is never executed by Openfire; see {@link #unterminatedTail(Path)}.
     */
    public static List<String> statements(Path script) {
        List<String> statements = new ArrayList<>();
        StringBuilder command = new StringBuilder();
        for (String line : lines(script)) {
            String trimmed = line.trim();
            if (isCommandPart(trimmed)) {
                command.append(' ').append(trimmed);
            }
            if (trimmed.endsWith(";") && !command.isEmpty()) {
                statements.add(command.substring(1, command.length() - 1).trim());
                command.setLength(0);
            }
        }
        return statements;
    }

    /** SQL after the last {@code ;}, which Openfire silently skips; empty when the script is well terminated. */
    public static String unterminatedTail(Path script) {
        StringBuilder command = new StringBuilder();
        for (String line : lines(script)) {
            String trimmed = line.trim();
            if (isCommandPart(trimmed)) {
                command.append(' ').append(trimmed);
            }
            if (trimmed.endsWith(";")) {
                command.setLength(0);
            }
        }
        return command.toString().trim();
    }

    static boolean isCommandPart(String trimmedLine) {
        return !trimmedLine.isEmpty() && Stream.of("//", "--", "#", "REM", "/*", "*").noneMatch(trimmedLine::startsWith);
    }

    public static List<String> lines(Path script) {
        try {
            return Files.readAllLines(script, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + script, e);
        }
    }

    public static void run(Connection connection, Path script) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            for (String sql : statements(script)) {
                try {
                    statement.execute(sql);
                } catch (SQLException e) {
                    throw new SQLException(script.getFileName() + ": " + e.getMessage() + "\n  in: " + sql,
                            e.getSQLState(), e.getErrorCode(), e);
                }
            }
        }
    }

    /** The part of Openfire's own schema the plugin's scripts rely on. */
    public static void createOpenfireVersionTable(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE ofVersion (name VARCHAR(50) NOT NULL, version INTEGER NOT NULL, "
                    + "CONSTRAINT ofVersion_pk PRIMARY KEY (name))");
        }
    }

    /** The plugin's row in {@code ofVersion}, if there is one. */
    public static OptionalInt installedVersion(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT version FROM ofVersion WHERE name = '" + DATABASE_KEY + "'")) {
            return rows.next() ? OptionalInt.of(rows.getInt(1)) : OptionalInt.empty();
        }
    }
}
