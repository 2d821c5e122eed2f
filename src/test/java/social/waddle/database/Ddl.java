package social.waddle.database;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What an install script creates, read from its DDL with regular expressions: tables with their columns
 * (nullability, not types, which differ per dialect), primary keys, unique and foreign-key constraints, and
 * indexes. Names are compared case-insensitively, so they are kept in lower case. Our scripts are regular; a
 * statement this reader does not understand is an error rather than something silently skipped.
 */
public record Ddl(SortedMap<String, Table> tables, SortedMap<String, Index> indexes) {

    public record Table(String name, SortedMap<String, Column> columns, List<String> primaryKey,
                        Set<String> uniqueConstraints, Set<String> foreignKeys) {
    }

    public record Column(String name, boolean nullable) {
    }

    public record Index(String name, String table, boolean unique, List<String> columns) {
    }

    private static final Pattern CREATE_TABLE = Pattern.compile(
            "(?is)CREATE\\s+TABLE\\s+(\\S+?)\\s*\\((.*)\\)\\s*([^()]*)");
    private static final Pattern CREATE_INDEX = Pattern.compile(
            "(?is)CREATE\\s+(UNIQUE\\s+)?(?:(?:NON)?CLUSTERED\\s+)?INDEX\\s+(\\S+)\\s+ON\\s+(\\S+?)\\s*\\((.*?)\\)\\s*");
    private static final Pattern CONSTRAINT_NAME = Pattern.compile("(?is)CONSTRAINT\\s+(\\S+)\\s+(.*)");
    private static final Pattern PRIMARY_KEY = Pattern.compile(
            "(?is)PRIMARY\\s+KEY\\s*(?:(?:NON)?CLUSTERED\\s*)?\\((.*?)\\)");
    private static final Pattern UNIQUE = Pattern.compile("(?is)UNIQUE\\s*(?:(?:NON)?CLUSTERED\\s*)?\\((.*?)\\)");
    private static final Pattern FOREIGN_KEY = Pattern.compile(
            "(?is)FOREIGN\\s+KEY\\s*\\((.*?)\\)\\s*REFERENCES\\s+(\\S+?)\\s*\\((.*?)\\)\\s*(.*)");
    private static final Pattern CHECK = Pattern.compile("(?is)CHECK\\s*\\(.*\\)");
    private static final Pattern COLUMN = Pattern.compile("(?is)(\\S+)\\s+(.+)");
    private static final Pattern INLINE_PRIMARY_KEY = Pattern.compile("(?is).*\\bPRIMARY\\s+KEY\\b.*");
    private static final Pattern NOT_NULL = Pattern.compile("(?is).*\\bNOT\\s+NULL\\b.*");
    private static final Pattern VERSION_INSERT = Pattern.compile("(?is)INSERT\\s+INTO\\s+ofVersion\\b.*");

    /** Reads the tables and indexes an install script creates. */
    public static Ddl of(Path installScript) {
        SortedMap<String, Table> tables = new TreeMap<>();
        SortedMap<String, Index> indexes = new TreeMap<>();
        for (String statement : DatabaseScripts.statements(installScript)) {
            Matcher table = CREATE_TABLE.matcher(statement);
            Matcher index = CREATE_INDEX.matcher(statement);
            if (table.matches()) {
                Table parsed = table(table.group(1), table.group(2), installScript);
                if (tables.put(parsed.name(), parsed) != null) {
                    throw new IllegalArgumentException(installScript + " creates table " + parsed.name() + " twice");
                }
            } else if (index.matches()) {
                Index parsed = new Index(name(index.group(2)), name(index.group(3)), index.group(1) != null,
                        indexColumns(index.group(4)));
                if (indexes.put(parsed.name(), parsed) != null) {
                    throw new IllegalArgumentException(installScript + " creates index " + parsed.name() + " twice");
                }
            } else if (!VERSION_INSERT.matcher(statement).matches()) {
                throw new IllegalArgumentException(installScript.getFileName() + ": Ddl does not understand \""
                        + statement + "\"; install scripts hold CREATE TABLE, CREATE [UNIQUE] INDEX and the ofVersion "
                        + "INSERT (teach social.waddle.database.Ddl if a script needs more)");
            }
        }
        return new Ddl(tables, indexes);
    }

    private static Table table(String rawName, String body, Path script) {
        String tableName = name(rawName);
        SortedMap<String, Column> columns = new TreeMap<>();
        List<String> primaryKey = new ArrayList<>();
        Set<String> uniqueConstraints = new TreeSet<>();
        Set<String> foreignKeys = new TreeSet<>();
        for (String element : topLevelParts(body)) {
            String definition = element;
            String constraintName = null;
            Matcher named = CONSTRAINT_NAME.matcher(element);
            if (named.matches()) {
                constraintName = name(named.group(1));
                definition = named.group(2);
            }
            Matcher primary = PRIMARY_KEY.matcher(definition);
            Matcher unique = UNIQUE.matcher(definition);
            Matcher foreign = FOREIGN_KEY.matcher(definition);
            if (primary.matches()) {
                if (!primaryKey.isEmpty()) {
                    throw new IllegalArgumentException(script + ": table " + tableName + " has two primary keys");
                }
                primaryKey.addAll(columnList(primary.group(1)));
            } else if (unique.matches()) {
                uniqueConstraints.add(describe(constraintName, "UNIQUE " + columnList(unique.group(1))));
            } else if (foreign.matches()) {
                foreignKeys.add(describe(constraintName, columnList(foreign.group(1)) + " REFERENCES "
                        + name(foreign.group(2)) + " " + columnList(foreign.group(3)) + " "
                        + foreign.group(4).trim().replaceAll("\\s+", " ").toUpperCase(Locale.ROOT)).trim());
            } else if (CHECK.matcher(definition).matches()) {
                continue;
            } else if (constraintName != null) {
                throw new IllegalArgumentException(script + ": Ddl does not understand constraint " + element);
            } else {
                Matcher column = COLUMN.matcher(element);
                if (!column.matches()) {
                    throw new IllegalArgumentException(script + ": Ddl does not understand \"" + element + "\" in "
                            + tableName);
                }
                String columnName = name(column.group(1));
                boolean inlinePrimaryKey = INLINE_PRIMARY_KEY.matcher(column.group(2)).matches();
                if (inlinePrimaryKey) {
                    primaryKey.add(columnName);
                }
                boolean nullable = !inlinePrimaryKey && !NOT_NULL.matcher(column.group(2)).matches();
                if (columns.put(columnName, new Column(columnName, nullable)) != null) {
                    throw new IllegalArgumentException(script + ": column " + columnName + " twice in " + tableName);
                }
            }
        }
        return new Table(tableName, columns, List.copyOf(primaryKey), uniqueConstraints, foreignKeys);
    }

    private static String describe(String constraintName, String definition) {
        return constraintName == null ? definition : constraintName + ": " + definition;
    }

    /** Splits on commas that are not inside parentheses, e.g. not in {@code NUMBER(10, 2)}. */
    static List<String> topLevelParts(String text) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (c == ',' && depth == 0) {
                parts.add(text.substring(start, i).trim());
                start = i + 1;
            }
        }
        parts.add(text.substring(start).trim());
        parts.removeIf(String::isEmpty);
        return parts;
    }

    private static List<String> columnList(String text) {
        return topLevelParts(text).stream().map(Ddl::name).toList();
    }

    /** Index columns may carry a direction or (MySQL) a prefix length: {@code handle(191) DESC} is {@code handle}. */
    private static List<String> indexColumns(String text) {
        return topLevelParts(text).stream()
                .map(part -> part.split("[\\s(]", 2)[0])
                .map(Ddl::name)
                .toList();
    }

    /** Identifier without quotes ({@code "x"}, {@code `x`}, {@code [x]}), in lower case. */
    static String name(String identifier) {
        return identifier.trim().replaceAll("[\"`\\[\\]]", "").toLowerCase(Locale.ROOT);
    }

    /** Table name → column names, for messages and comparisons that leave nullability out. */
    public Map<String, Set<String>> columnNames() {
        SortedMap<String, Set<String>> names = new TreeMap<>();
        tables.forEach((name, table) -> names.put(name, table.columns().keySet()));
        return names;
    }
}
