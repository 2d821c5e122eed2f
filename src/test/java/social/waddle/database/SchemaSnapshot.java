package social.waddle.database;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The plugin's tables as a live database reports them through {@link DatabaseMetaData}: columns with type, size,
 * nullability and default; primary key; indexes; foreign keys. Two snapshots from the same kind of database are
 * equal when the schemas are, whatever order the columns were added in. Openfire's own {@code ofVersion} table is
 * left out. Names the database generates for unnamed constraints ({@code SYS_IDX_…_10092} in HSQLDB) lose their
 * counter, which differs between databases.
 */
public record SchemaSnapshot(SortedMap<String, TableShape> tables) {

    public record TableShape(SortedMap<String, String> columns, List<String> primaryKey,
                             SortedMap<String, String> indexes, SortedSet<String> foreignKeys) {
    }

    public static SchemaSnapshot of(Connection connection) throws SQLException {
        DatabaseMetaData metaData = connection.getMetaData();
        String catalog = connection.getCatalog();
        String schema = connection.getSchema();
        SortedMap<String, TableShape> tables = new TreeMap<>();
        for (String table : tableNames(metaData, catalog, schema)) {
            if (table.equalsIgnoreCase("ofVersion")) {
                continue;
            }
            tables.put(table.toLowerCase(Locale.ROOT), new TableShape(columns(metaData, catalog, schema, table),
                    primaryKey(metaData, catalog, schema, table), indexes(metaData, catalog, schema, table),
                    foreignKeys(metaData, catalog, schema, table)));
        }
        return new SchemaSnapshot(tables);
    }

    private static List<String> tableNames(DatabaseMetaData metaData, String catalog, String schema) throws SQLException {
        List<String> names = new ArrayList<>();
        try (ResultSet rows = metaData.getTables(catalog, schema, "%", new String[] {"TABLE"})) {
            while (rows.next()) {
                names.add(rows.getString("TABLE_NAME"));
            }
        }
        return names;
    }

    private static SortedMap<String, String> columns(DatabaseMetaData metaData, String catalog, String schema,
                                                     String table) throws SQLException {
        SortedMap<String, String> columns = new TreeMap<>();
        try (ResultSet rows = metaData.getColumns(catalog, schema, table, "%")) {
            while (rows.next()) {
                String defaultValue = rows.getString("COLUMN_DEF");
                columns.put(rows.getString("COLUMN_NAME").toLowerCase(Locale.ROOT), rows.getString("TYPE_NAME")
                        + "(" + rows.getInt("COLUMN_SIZE") + ")"
                        + (rows.getInt("NULLABLE") == DatabaseMetaData.columnNoNulls ? " NOT NULL" : "")
                        + (defaultValue == null ? "" : " DEFAULT " + defaultValue));
            }
        }
        return columns;
    }

    private static List<String> primaryKey(DatabaseMetaData metaData, String catalog, String schema, String table)
            throws SQLException {
        SortedMap<Short, String> columns = new TreeMap<>();
        try (ResultSet rows = metaData.getPrimaryKeys(catalog, schema, table)) {
            while (rows.next()) {
                columns.put(rows.getShort("KEY_SEQ"), rows.getString("COLUMN_NAME").toLowerCase(Locale.ROOT));
            }
        }
        return List.copyOf(columns.values());
    }

    private static SortedMap<String, String> indexes(DatabaseMetaData metaData, String catalog, String schema,
                                                     String table) throws SQLException {
        Map<String, Boolean> unique = new TreeMap<>();
        Map<String, SortedMap<Short, String>> columns = new TreeMap<>();
        try (ResultSet rows = metaData.getIndexInfo(catalog, schema, table, false, false)) {
            while (rows.next()) {
                String name = rows.getString("INDEX_NAME");
                if (name == null || rows.getShort("TYPE") == DatabaseMetaData.tableIndexStatistic) {
                    continue;
                }
                name = withoutGeneratedCounter(name.toLowerCase(Locale.ROOT));
                unique.put(name, !rows.getBoolean("NON_UNIQUE"));
                columns.computeIfAbsent(name, key -> new TreeMap<>())
                        .put(rows.getShort("ORDINAL_POSITION"), String.valueOf(rows.getString("COLUMN_NAME")).toLowerCase(Locale.ROOT));
            }
        }
        SortedMap<String, String> indexes = new TreeMap<>();
        columns.forEach((name, parts) -> indexes.put(name, (unique.get(name) ? "UNIQUE " : "") + parts.values()));
        return indexes;
    }

    private static SortedSet<String> foreignKeys(DatabaseMetaData metaData, String catalog, String schema, String table)
            throws SQLException {
        Map<String, StringBuilder> keys = new TreeMap<>();
        try (ResultSet rows = metaData.getImportedKeys(catalog, schema, table)) {
            while (rows.next()) {
                String name = withoutGeneratedCounter(String.valueOf(rows.getString("FK_NAME")).toLowerCase(Locale.ROOT));
                keys.computeIfAbsent(name, key -> new StringBuilder(key).append(':'))
                        .append(' ').append(rows.getString("FKCOLUMN_NAME").toLowerCase(Locale.ROOT))
                        .append(" -> ").append(rows.getString("PKTABLE_NAME").toLowerCase(Locale.ROOT))
                        .append('.').append(rows.getString("PKCOLUMN_NAME").toLowerCase(Locale.ROOT))
                        .append(" on delete ").append(rows.getShort("DELETE_RULE"));
            }
        }
        SortedSet<String> described = new TreeSet<>();
        keys.values().forEach(key -> described.add(key.toString()));
        return described;
    }

    private static String withoutGeneratedCounter(String name) {
        return name.startsWith("sys_") ? name.replaceFirst("_\\d+$", "") : name;
    }
}
