package social.waddle.compat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

import org.objectweb.asm.Opcodes;

/**
 * What one Openfire version offers a plugin: the classes of its {@code xmppserver} jar and of the Tinder
 * ({@code org.xmpp.*}) it ships. Nothing else: JDK and third-party types are resolved elsewhere (see
 * {@link DistributionWorld} for the whole class world of a real distribution).
 */
final class OpenfireApi implements AutoCloseable {

    static final String TSV_5_1_1 = "/compat/openfire-5.1.1-api.tsv";

    private final String version;
    private final ClassSource classes;
    private final List<JarClassSource> jars;

    private OpenfireApi(String version, ClassSource classes, List<JarClassSource> jars) {
        this.version = version;
        this.classes = classes;
        this.jars = jars;
    }

    String version() {
        return version;
    }

    Optional<ApiClass> find(String internalName) {
        return classes.find(internalName);
    }

    /** Openfire 5.1.1: the API table in the test resources plus the Tinder 2.1.0 jar the build copies. */
    static OpenfireApi openfire511() {
        InputStream tsv = OpenfireApi.class.getResourceAsStream(TSV_5_1_1);
        if (tsv == null) {
            throw new IllegalStateException("Missing test resource " + TSV_5_1_1);
        }
        Map<String, ApiClass> table = parseTsv(new InputStreamReader(tsv, StandardCharsets.UTF_8));
        JarClassSource tinder = new JarClassSource(List.of(CompatLibraries.tinder511()));
        return new OpenfireApi("5.1.1", first(table, tinder), List.of(tinder));
    }

    /** Openfire 4.2.0: its {@code xmppserver} and {@code dbutil} jars plus the Tinder 1.3.0 it ships. */
    static OpenfireApi openfire420() {
        JarClassSource jars = new JarClassSource(CompatLibraries.openfire420Jars());
        return new OpenfireApi("4.2.0", jars, List.of(jars));
    }

    /**
     * This version's world as far as the API table and jars tell it: Openfire and Tinder names (the only ones it
     * governs) come from this version and nowhere else; anything else from our classes, then {@code elsewhere} (the
     * test class path, i.e. 4.2.0's libraries: not what a 5.x server has, hence not governed).
     */
    ClassWorld world(ClassSource elsewhere) {
        return new ClassWorld() {
            @Override
            public String version() {
                return version;
            }

            @Override
            public ClassHierarchy load(ClassSource ours) {
                Predicate<String> openfire = Names::isOpenfireOrTinder;
                return new ClassHierarchy(version, "Openfire " + version, List.of(
                        new ClassHierarchy.Layer("Openfire " + version, ClassFiles.only(openfire, classes)),
                        new ClassHierarchy.Layer("our classes", ClassFiles.except(openfire, ours)),
                        new ClassHierarchy.Layer("the test class path", ClassFiles.except(openfire, elsewhere))),
                        openfire);
            }
        };
    }

    static OpenfireApi of(String version, ClassSource classes) {
        return new OpenfireApi(version, classes, List.of());
    }

    private static ClassSource first(Map<String, ApiClass> table, ClassSource then) {
        return name -> {
            ApiClass declared = table.get(name);
            return declared != null ? Optional.of(declared) : then.find(name);
        };
    }

    @Override
    public void close() {
        jars.forEach(JarClassSource::close);
    }

    /**
     * Reads the API table (format in its header): {@code C name kind superclass interfaces},
     * {@code M class name descriptor flags}, {@code F class name descriptor flags}; tab-separated, binary class
     * names, JVM descriptors, public unless flagged {@code protected}. Returns classes by internal name.
     */
    static Map<String, ApiClass> parseTsv(Reader tsv) {
        Map<String, ClassRow> rows = new HashMap<>(2048);
        int lineNumber = 0;
        try (BufferedReader reader = new BufferedReader(tsv, 1 << 16)) {
            String line;
            while ((line = reader.readLine()) != null) {
                lineNumber++;
                if (line.isEmpty() || line.charAt(0) == '#') {
                    continue;
                }
                String[] cells = splitTabs(line, lineNumber);
                String owner = Names.internal(cells[1]);
                switch (cells[0]) {
                    case "C" -> {
                        ClassRow row = rows.computeIfAbsent(owner, ClassRow::new);
                        if (row.declared) {
                            throw malformed(lineNumber, "class declared twice: " + cells[1]);
                        }
                        row.declare(cells, lineNumber);
                    }
                    case "M" -> rows.computeIfAbsent(owner, ClassRow::new).methods.put(
                            ApiClass.methodKey(cells[2], cells[3]),
                            new ApiMember(owner, cells[2], cells[3], memberAccess(cells[4], lineNumber)));
                    case "F" -> rows.computeIfAbsent(owner, ClassRow::new).fields.put(
                            ApiClass.fieldKey(cells[2], cells[3]),
                            new ApiMember(owner, cells[2], cells[3], memberAccess(cells[4], lineNumber)));
                    default -> throw malformed(lineNumber, "unknown row type '" + cells[0] + "'");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, ApiClass> classes = new HashMap<>(rows.size() * 2);
        for (ClassRow row : rows.values()) {
            if (!row.declared) {
                throw new IllegalArgumentException("API table lists members of " + Names.binary(row.name)
                        + " but no C row for it");
            }
            classes.put(row.name, row.toApiClass());
        }
        return classes;
    }

    private static String[] splitTabs(String line, int lineNumber) {
        String[] cells = new String[5];
        int start = 0;
        for (int i = 0; i < 4; i++) {
            int tab = line.indexOf('\t', start);
            if (tab < 0) {
                throw malformed(lineNumber, "expected 5 tab-separated cells: " + line);
            }
            cells[i] = line.substring(start, tab);
            start = tab + 1;
        }
        if (line.indexOf('\t', start) >= 0) {
            throw malformed(lineNumber, "more than 5 tab-separated cells: " + line);
        }
        cells[4] = line.substring(start);
        return cells;
    }

    private static int memberAccess(String flags, int lineNumber) {
        int access = 0;
        boolean isProtected = false;
        if (!flags.isEmpty()) {
            for (String flag : flags.split(",")) {
                switch (flag) {
                    case "protected" -> isProtected = true;
                    case "static" -> access |= Opcodes.ACC_STATIC;
                    case "abstract" -> access |= Opcodes.ACC_ABSTRACT;
                    case "final" -> access |= Opcodes.ACC_FINAL;
                    case "default" -> {
                        // An interface method with a body: neither abstract nor static.
                    }
                    default -> throw malformed(lineNumber, "unknown member flag '" + flag + "'");
                }
            }
        }
        return access | (isProtected ? Opcodes.ACC_PROTECTED : Opcodes.ACC_PUBLIC);
    }

    private static IllegalArgumentException malformed(int lineNumber, String problem) {
        return new IllegalArgumentException("API table line " + lineNumber + ": " + problem);
    }

    private static final class ClassRow {
        final String name;
        final Map<String, ApiMember> methods = new HashMap<>();
        final Map<String, ApiMember> fields = new HashMap<>();
        boolean declared;
        int access;
        String superName;
        List<String> interfaces = List.of();

        ClassRow(String name) {
            this.name = name;
        }

        void declare(String[] cells, int lineNumber) {
            declared = true;
            String[] kind = cells[2].split("/", 2);
            access = switch (kind[0]) {
                case "class" -> Opcodes.ACC_PUBLIC;
                case "interface" -> Opcodes.ACC_PUBLIC | Opcodes.ACC_INTERFACE | Opcodes.ACC_ABSTRACT;
                default -> throw malformed(lineNumber, "unknown class kind '" + cells[2] + "'");
            };
            if (kind.length == 2) {
                for (String modifier : kind[1].split(",")) {
                    switch (modifier) {
                        case "abstract" -> access |= Opcodes.ACC_ABSTRACT;
                        case "final" -> access |= Opcodes.ACC_FINAL;
                        default -> throw malformed(lineNumber, "unknown class modifier '" + modifier + "'");
                    }
                }
            }
            // Every class but Object, and every interface, has a superclass in the class file: Object if none.
            superName = cells[3].isEmpty() ? "java/lang/Object" : Names.internal(cells[3]);
            if (!cells[4].isEmpty()) {
                List<String> names = new ArrayList<>();
                for (String binaryName : cells[4].split(",")) {
                    names.add(Names.internal(binaryName));
                }
                interfaces = names;
            }
        }

        ApiClass toApiClass() {
            return new ApiClass(name, access, superName, interfaces, methods, fields);
        }
    }

    @Override
    public String toString() {
        return "Openfire " + version;
    }
}
