package social.waddle.database;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * Replays Openfire's upgrade path on a real database: from each frozen baseline install (see
 * {@link DatabaseScripts#baseline}) through every {@code upgrade/N} script up to the latest version, and checks the
 * result has the same schema as a fresh install of the latest version.
 */
public final class SchemaUpgrades {

    /** Hands out a connection to a new, empty database each time; the caller closes it. */
    @FunctionalInterface
    public interface EmptyDatabases {
        Connection create() throws SQLException;
    }

    private SchemaUpgrades() {
    }

    public static void assertEveryUpgradePathEndsLikeAFreshInstall(String dialect, EmptyDatabases databases)
            throws SQLException {
        int latest = DatabaseScripts.latestVersion();
        SchemaSnapshot fresh;
        try (Connection connection = databases.create()) {
            DatabaseScripts.createOpenfireVersionTable(connection);
            DatabaseScripts.run(connection, DatabaseScripts.install(dialect));
            assertThat(DatabaseScripts.installedVersion(connection)).as("version after a fresh install").hasValue(latest);
            fresh = SchemaSnapshot.of(connection);
        }
        Ddl declared = Ddl.of(DatabaseScripts.install(dialect));
        assertThat(fresh.tables().keySet()).as("tables the database reports after a fresh install")
                .containsExactlyElementsOf(declared.tables().keySet());
        declared.tables().forEach((name, table) -> {
            assertThat(fresh.tables().get(name).columns().keySet()).as("columns of %s", name)
                    .containsExactlyElementsOf(table.columns().keySet());
            assertThat(fresh.tables().get(name).primaryKey()).as("primary key of %s", name)
                    .containsExactlyElementsOf(table.primaryKey());
        });
        declared.indexes().forEach((name, index) -> assertThat(fresh.tables().get(index.table()).indexes())
                .as("indexes of %s", index.table()).containsKey(name));

        List<Integer> baselines = DatabaseScripts.baselineVersions(dialect);
        assertThat(baselines).as("frozen install scripts for %s under %s", dialect, DatabaseScripts.baselineDirectory())
                .isNotEmpty();
        for (int baseline : baselines) {
            try (Connection connection = databases.create()) {
                DatabaseScripts.createOpenfireVersionTable(connection);
                DatabaseScripts.run(connection, DatabaseScripts.baseline(baseline, dialect));
                assertThat(DatabaseScripts.installedVersion(connection)).as("version after installing %d", baseline)
                        .hasValue(baseline);
                for (int version = baseline + 1; version <= latest; version++) {
                    DatabaseScripts.run(connection, DatabaseScripts.upgrade(version, dialect));
                    assertThat(DatabaseScripts.installedVersion(connection)).as("version after upgrade %d", version)
                            .hasValue(version);
                }
                assertSameSchema(SchemaSnapshot.of(connection), fresh, String.format(
                        "%s after installing version %d and upgrading to %d, against a fresh install of %d: ",
                        dialect, baseline, latest, latest));
            }
        }
    }

    /** Table by table and aspect by aspect, so a failure shows a short difference. */
    private static void assertSameSchema(SchemaSnapshot actual, SchemaSnapshot expected, String context) {
        assertThat(actual.tables().keySet()).as(context + "tables").containsExactlyElementsOf(expected.tables().keySet());
        expected.tables().forEach((name, table) -> {
            SchemaSnapshot.TableShape upgraded = actual.tables().get(name);
            assertThat(upgraded.columns()).as(context + "columns of " + name).isEqualTo(table.columns());
            assertThat(upgraded.primaryKey()).as(context + "primary key of " + name).isEqualTo(table.primaryKey());
            assertThat(upgraded.indexes()).as(context + "indexes of " + name).isEqualTo(table.indexes());
            assertThat(upgraded.foreignKeys()).as(context + "foreign keys of " + name).isEqualTo(table.foreignKeys());
        });
        assertThat(actual).isEqualTo(expected);
    }
}
