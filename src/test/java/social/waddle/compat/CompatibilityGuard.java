package social.waddle.compat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.objectweb.asm.Opcodes;

import social.waddle.compat.Finding.Kind;

/**
 * Checks that our class files link in every given class world: each reference to a class, method or field the
 * world governs (Openfire and Tinder for an API world, everything for a real distribution) resolves there with
 * the same descriptor, static-ness, kind (class or interface) and access, and each of our concrete classes (and
 * lambdas) has a body for every method that is abstract in a governed supertype. See {@link Finding.Kind} for
 * what is reported.
 */
final class CompatibilityGuard {

    private final List<ClassWorld> worlds;

    /** @param worlds the installations our bytecode must link in */
    CompatibilityGuard(List<ClassWorld> worlds) {
        this.worlds = List.copyOf(worlds);
    }

    /**
     * @param versions  the Openfire versions whose Openfire and Tinder API our bytecode must link on
     * @param elsewhere the JDK and third-party classes (consulted for everything but Openfire and Tinder)
     */
    static CompatibilityGuard ofApis(List<OpenfireApi> versions, ClassSource elsewhere) {
        return new CompatibilityGuard(versions.stream().map(api -> api.world(elsewhere)).collect(Collectors.toList()));
    }

    /** The class path root (a directory of class files) {@code type} was loaded from. */
    static Path classesRoot(Class<?> type) {
        try {
            Path root = Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (!Files.isDirectory(root)) {
                throw new IllegalStateException(type.getName() + " was not loaded from a directory but " + root);
            }
            return root;
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Checks every class file under {@code root}, a class path root such as {@code target/classes}. */
    CompatibilityReport check(Path root) {
        return check(root, "");
    }

    /** Checks the class files of {@code packageName} (and its subpackages) under the class path root {@code root}. */
    CompatibilityReport check(Path root, String packageName) {
        long started = System.nanoTime();
        ClassSource ours = ClassFiles.fromDirectory(root);
        List<ClassHierarchy> worlds = this.worlds.stream().map(world -> world.load(ours))
                .collect(Collectors.toList());
        List<CompiledClass> classes = compiledClasses(root.resolve(Names.internal(packageName)));
        Findings findings = new Findings();
        for (CompiledClass compiled : classes) {
            for (Reference reference : compiled.references()) {
                switch (reference.use()) {
                    case METHOD, FIELD -> checkMember(compiled, reference, worlds, findings);
                    default -> checkType(compiled, reference, worlds, findings);
                }
            }
            checkAbstractMethods(compiled, worlds, findings);
            for (CompiledClass.Lambda lambda : compiled.lambdas()) {
                checkLambda(compiled, lambda, worlds, findings);
            }
        }
        return new CompatibilityReport(this.worlds.stream().map(ClassWorld::version).collect(Collectors.toList()),
                classes.size(), findings.referencesChecked(), findings.all(),
                Duration.ofNanos(System.nanoTime() - started));
    }

    private static List<CompiledClass> compiledClasses(Path directory) {
        if (!Files.isDirectory(directory)) {
            throw new IllegalArgumentException("No class files at " + directory);
        }
        try (Stream<Path> files = Files.walk(directory)) {
            List<CompiledClass> classes = new ArrayList<>();
            for (Path file : files.filter(path -> path.toString().endsWith(".class")).sorted()
                    .collect(Collectors.toList())) {
                classes.add(CompiledClass.read(Files.readAllBytes(file)));
            }
            return classes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Existence, access and kind of a named type, in every world that governs it, for every use of it. */
    private static void checkType(CompiledClass compiled, Reference reference, List<ClassHierarchy> worlds,
                                  Findings findings) {
        String type = Names.elementClass(reference.owner());
        if (type == null) {
            return;
        }
        String shown = Names.binary(type);
        Map<String, ApiClass> found = new LinkedHashMap<>();
        for (ClassHierarchy world : worlds) {
            if (!world.governs(type)) {
                continue;
            }
            findings.checked(reference);
            String version = world.version();
            Optional<ApiClass> declared = world.find(type);
            if (declared.isEmpty()) {
                findings.add(Kind.MISSING_CLASS, version, compiled, reference,
                        world.place() + " has no class " + shown + " (NoClassDefFoundError)");
                continue;
            }
            ApiClass typeThere = declared.get();
            found.put(version, typeThere);
            if (!typeThere.isPublic() && !world.sameRuntimePackage(compiled.name(), type)) {
                findings.add(Kind.INACCESSIBLE, version, compiled, reference,
                        shown + " is not public in " + world.place() + " (IllegalAccessError)");
            }
            String wrongKind = wrongKind(reference, typeThere, shown, world.place());
            if (wrongKind != null) {
                findings.add(Kind.WRONG_KIND, version, compiled, reference, wrongKind);
            }
        }
        if (found.values().stream().map(ApiClass::isInterface).distinct().count() > 1) {
            String kinds = found.entrySet().stream()
                    .map(entry -> entry.getValue().kindName() + " in " + entry.getKey())
                    .collect(Collectors.joining(" but "));
            findings.add(Kind.KIND_CHANGED, String.join(" and ", found.keySet()), compiled, reference,
                    shown + " is " + kinds + ": bytecode naming it cannot link on all of them");
        }
    }

    private static String wrongKind(Reference reference, ApiClass type, String shown, String place) {
        String isThere = shown + " is " + type.kindName() + " in " + place;
        return switch (reference.use()) {
            case SUPERCLASS -> type.isInterface() ? isThere + ": a class cannot extend it (IncompatibleClassChangeError)"
                    : type.isFinal() ? shown + " is final in " + place + ": it cannot be extended (VerifyError)"
                    : null;
            case INTERFACE, LAMBDA -> type.isInterface() ? null
                    : isThere + ": it cannot be implemented (IncompatibleClassChangeError)";
            case NEW -> type.isInterface() || type.isAbstract()
                    ? isThere + ": it cannot be instantiated (InstantiationError)" : null;
            case METHOD -> reference.onInterface() == type.isInterface() ? null
                    : isThere + ": " + (reference.onInterface() ? "an interface method reference" : "a class method reference")
                    + " to it fails (IncompatibleClassChangeError)";
            case TYPE, FIELD -> null;
        };
    }

    private static void checkMember(CompiledClass compiled, Reference reference, List<ClassHierarchy> worlds,
                                    Findings findings) {
        if (reference.owner().startsWith("[")) {
            checkType(compiled, reference, worlds, findings);
            return;
        }
        checkType(compiled, reference, worlds, findings);
        boolean method = reference.use() == Reference.Use.METHOD;
        for (ClassHierarchy world : worlds) {
            String version = world.version();
            Optional<ApiClass> owner = world.find(reference.owner());
            if (owner.isEmpty() || !world.governs(reference.owner()) && !world.touchesGoverned(owner.get())) {
                continue;
            }
            findings.checked(reference);
            ClassHierarchy.Resolution resolution = method
                    ? world.resolveMethod(owner.get(), reference.name(), reference.descriptor())
                    : world.resolveField(owner.get(), reference.name(), reference.descriptor());
            if (!resolution.found()) {
                findings.add(Kind.MISSING_MEMBER, version, compiled, reference,
                        missingMember(world, owner.get(), reference, resolution.unresolvedTypes()));
                continue;
            }
            ApiMember member = resolution.member();
            if (!world.governs(member.owner())) {
                continue;
            }
            String where = "in " + world.place() + ", " + member.display();
            if (member.isStatic() != reference.expectsStatic()) {
                findings.add(Kind.STATIC_MISMATCH, version, compiled, reference, where + " is "
                        + (member.isStatic() ? "static" : "an instance " + (method ? "method" : "field"))
                        + " (IncompatibleClassChangeError)");
            }
            String inaccessible = inaccessible(world, compiled, reference, member);
            if (inaccessible != null) {
                findings.add(Kind.INACCESSIBLE, version, compiled, reference, where + " " + inaccessible);
            }
            if (reference.opcode() == Opcodes.INVOKESPECIAL && !reference.name().equals("<init>")
                    && member.isAbstract()) {
                findings.add(Kind.UNIMPLEMENTED_ABSTRACT, version, compiled, reference,
                        where + " is abstract: a super call to it fails (AbstractMethodError)");
            }
        }
    }

    private static String missingMember(ClassHierarchy world, ApiClass owner, Reference reference,
                                        Set<String> unresolvedTypes) {
        boolean method = reference.use() == Reference.Use.METHOD;
        StringBuilder reason = new StringBuilder(world.place()).append(" has no ")
                .append(method ? "method " : "field ").append(reference.name())
                .append(method ? "" : ":").append(reference.descriptor()).append(" in ")
                .append(Names.binary(owner.name())).append(" or its supertypes (")
                .append(method ? "NoSuchMethodError" : "NoSuchFieldError").append(")");
        List<ApiMember> sameName = world.methodsNamed(owner, reference.name(), method);
        if (!sameName.isEmpty()) {
            reason.append("; it has ").append(sameName.stream()
                    .map(member -> Names.binary(member.owner()) + "." + member.signatureWithFlags())
                    .distinct().collect(Collectors.joining(", ")));
        }
        if (!unresolvedTypes.isEmpty()) {
            reason.append("; could not inspect supertypes ").append(unresolvedTypes.stream().map(Names::binary)
                    .collect(Collectors.joining(", ")));
        }
        return reason.toString();
    }

    private static String inaccessible(ClassHierarchy world, CompiledClass compiled, Reference reference,
                                       ApiMember member) {
        if (world.sameRuntimePackage(compiled.name(), member.owner())) {
            // Our own package, compiled together (nest-mates' private members, our final fields in constructors).
            return null;
        }
        if (member.isPrivate()) {
            return "is private (IllegalAccessError)";
        }
        if (!member.isPublic() && !member.isProtected()) {
            return "is package-private (IllegalAccessError)";
        }
        if (member.isProtected() && !world.isSubtype(compiled.name(), member.owner())) {
            return "is protected and " + Names.binary(compiled.name()) + " is not a subclass of "
                    + Names.binary(member.owner()) + " (IllegalAccessError)";
        }
        if (reference.writesField() && member.isFinal()) {
            return "is final: it cannot be written (IllegalAccessError)";
        }
        return null;
    }

    /** Every method abstract in a governed supertype needs a body in the class or what it inherits. */
    private static void checkAbstractMethods(CompiledClass compiled, List<ClassHierarchy> worlds,
                                             Findings findings) {
        ApiClass ours = compiled.declarations();
        if (ours.isInterface() || ours.isAbstract()) {
            return;
        }
        for (ClassHierarchy world : worlds) {
            for (ApiMember missing : unimplemented(world, ours)) {
                findings.add(Kind.UNIMPLEMENTED_ABSTRACT, world.version(), compiled.name(), CompiledClass.HEADER, 0,
                        "abstract " + missing.display(),
                        "abstract in " + world.place() + " (declared by " + Names.binary(missing.owner())
                                + "); " + Names.binary(ours.name()) + " neither implements it nor inherits a body "
                                + "(AbstractMethodError when Openfire calls it)");
            }
        }
    }

    private static List<ApiMember> unimplemented(ClassHierarchy world, ApiClass concrete) {
        Set<String> unresolved = new LinkedHashSet<>();
        Map<String, ApiMember> abstractMethods = new LinkedHashMap<>();
        for (ApiClass supertype : world.supertypes(concrete, unresolved)) {
            if (!world.governs(supertype.name())) {
                continue;
            }
            supertype.methods().values().stream()
                    .filter(method -> method.isAbstract() && !method.isStatic())
                    .sorted((a, b) -> (a.name() + a.descriptor()).compareTo(b.name() + b.descriptor()))
                    .forEach(method -> abstractMethods.putIfAbsent(
                            ApiClass.methodKey(method.name(), method.descriptor()), method));
        }
        return abstractMethods.values().stream()
                .filter(method -> !world.hasImplementation(concrete, method.name(), method.descriptor(), unresolved))
                .collect(Collectors.toList());
    }

    /** The object a lambda makes has bodies only for its functional method: other abstract methods fail. */
    private static void checkLambda(CompiledClass compiled, CompiledClass.Lambda lambda,
                                    List<ClassHierarchy> worlds, Findings findings) {

        Map<String, ApiMember> bodies = new LinkedHashMap<>();
        for (String descriptor : lambda.descriptors()) {
            bodies.put(ApiClass.methodKey(lambda.name(), descriptor),
                    new ApiMember(compiled.name(), lambda.name(), descriptor, Opcodes.ACC_PUBLIC));
        }
        ApiClass made = new ApiClass(compiled.name() + "$$Lambda", Opcodes.ACC_PUBLIC | Opcodes.ACC_FINAL,
                "java/lang/Object", lambda.interfaces(), bodies, Map.of());
        for (ClassHierarchy world : worlds) {
            if (lambda.interfaces().stream().noneMatch(world::governs)) {
                continue;
            }
            for (ApiMember missing : unimplemented(world, made)) {
                findings.add(Kind.UNIMPLEMENTED_ABSTRACT, world.version(), compiled.name(), lambda.site(),
                        lambda.line(), "lambda or method reference implementing " + lambda.interfaces().stream()
                                .map(Names::binary).collect(Collectors.joining(", ")),
                        "abstract in " + world.place() + ": " + missing.display()
                                + "; the lambda only has a body for " + lambda.name() + lambda.descriptors().get(0)
                                + " (AbstractMethodError when Openfire calls it)");
            }
        }
    }

    /** Findings in the order found, each reported once per class, site, reference and reason. */
    private static final class Findings {
        private final Map<String, Finding> found = new LinkedHashMap<>();
        private final Set<Reference> checked = Collections.newSetFromMap(new IdentityHashMap<>());

        /** Counts a reference that names, or resolves into, a governed class (each once, however many worlds). */
        void checked(Reference reference) {
            checked.add(reference);
        }

        int referencesChecked() {
            return checked.size();
        }

        void add(Kind kind, String version, CompiledClass compiled, Reference reference, String reason) {
            add(kind, version, compiled.name(), reference.site(), reference.line(), reference.display(), reason);
        }

        void add(Kind kind, String version, String className, String site, int line, String reference,
                 String reason) {
            String key = String.join("\n", kind.name(), version, className, site, reference, reason);
            found.putIfAbsent(key, new Finding(kind, version, className, site, line, reference, reason));
        }

        List<Finding> all() {
            return List.copyOf(found.values());
        }
    }
}
