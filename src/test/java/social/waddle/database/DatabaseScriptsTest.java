package social.waddle.database;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class DatabaseScriptsTest {

    private static final List<String> DIALECTS = DatabaseScripts.DIALECTS;

    private static final Pattern VERSION_INSERT = Pattern.compile(
            "INSERT\\s+INTO\\s+ofVersion\\s*\\(\\s*name\\s*,\\s*version\\s*\\)\\s*VALUES\\s*\\(\\s*'waddle'\\s*,\\s*(\\d+)\\s*\\)");
    private static final Pattern VERSION_UPDATE = Pattern.compile(
            "UPDATE\\s+ofVersion\\s+SET\\s+version\\s*=\\s*(\\d+)\\s+WHERE\\s+name\\s*=\\s*'waddle'");
    private static final Pattern INSERT = Pattern.compile("(?is)INSERT\\b.*");
    private static final Pattern INSERT_WITH_COLUMNS = Pattern.compile("(?is)INSERT\\s+INTO\\s+[\\w.\"`\\[\\]]+\\s*\\(.*");

    static List<String> dialects() {
        return DIALECTS;
    }

    @Test
    void pluginXmlDeclaresTheDatabaseKeyAndAVersion() {
        assertThat(DatabaseScripts.pluginDatabaseKey()).isEqualTo(DatabaseScripts.DATABASE_KEY);
        assertThat(DatabaseScripts.latestVersion()).isPositive();
    }

    @Test
    void thereIsOneInstallScriptPerDialectAndNoOther() throws IOException {
        List<String> scripts;
        try (Stream<Path> files = Files.list(DatabaseScripts.databaseDirectory())) {
            scripts = files.filter(Files::isRegularFile).map(file -> file.getFileName().toString()).toList();
        }

        assertThat(scripts).containsExactlyInAnyOrderElementsOf(DIALECTS.stream().map(DatabaseScripts::fileName).toList());
    }

    @ParameterizedTest
    @MethodSource("dialects")
    void installScriptSplitsIntoStatementsAsOpenfireRunsThem(String dialect) {
        Path script = DatabaseScripts.install(dialect);

        List<String> statements = DatabaseScripts.statements(script);

        assertThat(statements).isNotEmpty().doesNotContain("");
        assertWellFormedForOpenfire(script);
    }

    @ParameterizedTest
    @MethodSource("dialects")
    void installScriptCreatesWhatTheHsqldbScriptCreates(String dialect) {
        Ddl reference = Ddl.of(DatabaseScripts.install(DatabaseScripts.REFERENCE_DIALECT));

        Ddl ddl = Ddl.of(DatabaseScripts.install(dialect));

        assertThat(reference.tables()).as("the reference script creates tables").isNotEmpty();
        assertThat(ddl.tables().keySet()).as("tables").containsExactlyElementsOf(reference.tables().keySet());
        assertThat(ddl.columnNames()).as("column names").isEqualTo(reference.columnNames());
        reference.tables().forEach((name, table) -> {
            assertThat(ddl.tables().get(name).primaryKey()).as("primary key of %s", name)
                    .isNotEmpty().isEqualTo(table.primaryKey());
            assertThat(ddl.tables().get(name).columns()).as("nullability of %s", name).isEqualTo(table.columns());
            assertThat(ddl.tables().get(name).uniqueConstraints()).as("unique constraints of %s", name)
                    .isEqualTo(table.uniqueConstraints());
            assertThat(ddl.tables().get(name).foreignKeys()).as("foreign keys of %s", name)
                    .isEqualTo(table.foreignKeys());
        });
        assertThat(ddl.indexes()).as("indexes").isEqualTo(reference.indexes());
    }

    @ParameterizedTest
    @MethodSource("dialects")
    void installScriptEndsByRecordingTheVersionFromPluginXml(String dialect) {
        List<String> statements = DatabaseScripts.statements(DatabaseScripts.install(dialect));

        Matcher last = VERSION_INSERT.matcher(statements.get(statements.size() - 1));

        assertThat(last.matches()).as("last statement of %s is the ofVersion insert: %s", dialect,
                statements.get(statements.size() - 1)).isTrue();
        assertThat(Integer.parseInt(last.group(1))).isEqualTo(DatabaseScripts.latestVersion());
        assertThat(statements.stream().filter(statement -> statement.contains("ofVersion"))).hasSize(1);
    }

    @Test
    void upgradeDirectoriesRunFromTwoToTheLatestVersion() {
        List<Integer> expected = IntStream.rangeClosed(2, DatabaseScripts.latestVersion()).boxed().toList();

        assertThat(DatabaseScripts.upgradeVersions()).containsExactlyElementsOf(expected);
    }

    @Test
    void everyUpgradeExistsForEveryDialectAndEndsByRecordingItsVersion() throws IOException {
        SoftAssertions softly = new SoftAssertions();
        for (int version = 2; version <= DatabaseScripts.latestVersion(); version++) {
            Path directory = DatabaseScripts.upgrade(version, DatabaseScripts.REFERENCE_DIALECT).getParent();
            try (Stream<Path> files = Files.list(directory)) {
                softly.assertThat(files.map(file -> file.getFileName().toString()).toList()).as("files in %s", directory)
                        .containsExactlyInAnyOrderElementsOf(DIALECTS.stream().map(DatabaseScripts::fileName).toList());
            }
            for (String dialect : DIALECTS) {
                Path script = DatabaseScripts.upgrade(version, dialect);
                if (!Files.isRegularFile(script)) {
                    softly.fail("missing upgrade script " + script);
                    continue;
                }
                String firstLine = DatabaseScripts.lines(script).stream().map(String::trim).filter(line -> !line.isEmpty())
                        .findFirst().orElse("");
                softly.assertThat(firstLine).as("%s starts with a comment naming the change", script)
                        .matches("--\\s*\\S.*");
                List<String> statements = DatabaseScripts.statements(script);
                softly.assertThat(statements).as("statements of %s", script).isNotEmpty();
                if (!statements.isEmpty()) {
                    Matcher last = VERSION_UPDATE.matcher(statements.get(statements.size() - 1));
                    softly.assertThat(last.matches()).as("%s ends with UPDATE ofVersion SET version = %d WHERE name = "
                            + "'waddle', not: %s", script, version, statements.get(statements.size() - 1)).isTrue();
                    if (last.matches()) {
                        softly.assertThat(Integer.parseInt(last.group(1))).as("version %s records", script).isEqualTo(version);
                    }
                    softly.assertThat(statements.stream().filter(statement -> statement.contains("ofVersion")))
                            .as("statements of %s touching ofVersion", script).hasSize(1);
                }
                assertWellFormedForOpenfire(script, softly);
            }
        }
        softly.assertAll();
    }

    @Test
    void everyInsertNamesItsColumns() {
        SoftAssertions softly = new SoftAssertions();

        for (Path script : allScripts()) {
            for (String statement : DatabaseScripts.statements(script)) {
                if (INSERT.matcher(statement).matches()) {
                    softly.assertThat(statement).as("INSERT in %s", script).matches(INSERT_WITH_COLUMNS);
                }
            }
        }

        softly.assertAll();
    }

    @Test
    void baselinesAreTheInstallScriptsAsTheyWereAtTheirVersion() throws IOException {
        int latest = DatabaseScripts.latestVersion();
        SoftAssertions softly = new SoftAssertions();
        for (String dialect : DIALECTS) {
            List<Integer> baselines = DatabaseScripts.baselineVersions(dialect);
            softly.assertThat(baselines).as("frozen install scripts of %s", dialect).isNotEmpty()
                    .allMatch(version -> version >= 1 && version <= latest);
            for (int version : baselines) {
                Path baseline = DatabaseScripts.baseline(version, dialect);
                List<String> statements = DatabaseScripts.statements(baseline);
                Matcher last = VERSION_INSERT.matcher(statements.get(statements.size() - 1));
                softly.assertThat(last.matches() && Integer.parseInt(last.group(1)) == version)
                        .as("%s ends by recording version %d", baseline, version).isTrue();
                if (version == latest) {
                    softly.assertThat(Files.readString(baseline))
                            .as("%s is the install script of version %d: keep it as it is when the install script "
                                    + "moves on", baseline, version)
                            .isEqualTo(Files.readString(DatabaseScripts.install(dialect)));
                }
            }
        }
        softly.assertAll();
    }

    @Test
    void everyUpgradePathEndsLikeAFreshInstallOnHsqldb() throws SQLException {
        SchemaUpgrades.assertEveryUpgradePathEndsLikeAFreshInstall("hsqldb", () -> DriverManager.getConnection(
                "jdbc:hsqldb:mem:upgrades-" + UUID.randomUUID() + ";shutdown=true", "SA", ""));
    }

    @Test
    void openfireSplittingDropsCommentLinesAndJoinsTheRest() throws IOException {
        Path script = Files.createTempFile("waddle-split", ".sql");
        try {
            Files.writeString(script, """
                    -- a comment;
                    // another
                    CREATE TABLE t (
                        a INTEGER,
                        b INTEGER
                    );
                    INSERT INTO t (a, b) VALUES (1, 2);
                    SELECT 1
                    """);

            assertThat(DatabaseScripts.statements(script))
                    .containsExactly("CREATE TABLE t ( a INTEGER, b INTEGER )", "INSERT INTO t (a, b) VALUES (1, 2)");
            assertThat(DatabaseScripts.unterminatedTail(script)).isEqualTo("SELECT 1");
        } finally {
            Files.delete(script);
        }
    }

    private static List<Path> allScripts() {
        List<Path> scripts = new ArrayList<>();
        for (String dialect : DIALECTS) {
            scripts.add(DatabaseScripts.install(dialect));
            for (int version : DatabaseScripts.upgradeVersions()) {
                scripts.add(DatabaseScripts.upgrade(version, dialect));
            }
            for (int version : DatabaseScripts.baselineVersions(dialect)) {
                scripts.add(DatabaseScripts.baseline(version, dialect));
            }
        }
        return scripts.stream().filter(Files::isRegularFile).toList();
    }

    private static void assertWellFormedForOpenfire(Path script) {
        SoftAssertions softly = new SoftAssertions();
        assertWellFormedForOpenfire(script, softly);
        softly.assertAll();
    }

    /**
     * Openfire joins a statement's lines into one, so a {@code --} after SQL would comment out the rest of the
     * statement; it ends a statement at any line ending in {@code ;}, comment or not; and it never runs SQL after the
     * last {@code ;}.
     */
    private static void assertWellFormedForOpenfire(Path script, SoftAssertions softly) {
        softly.assertThat(DatabaseScripts.unterminatedTail(script)).as("SQL after the last ';' in %s", script).isEmpty();
        List<String> lines = DatabaseScripts.lines(script);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).trim();
            String where = script.getFileName() + ":" + (i + 1);
            if (DatabaseScripts.isCommandPart(line)) {
                softly.assertThat(line.replaceAll("'[^']*'", "''")).as("comment after SQL at %s", where)
                        .doesNotContain("--").doesNotContain("/*");
            } else {
                softly.assertThat(line).as("comment line ending in ';' at %s", where).doesNotEndWith(";");
            }
        }
    }
}
