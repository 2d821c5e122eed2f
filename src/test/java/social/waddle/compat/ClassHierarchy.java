package social.waddle.compat;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

import org.objectweb.asm.Opcodes;

/**
 * The class world as the JVM sees it when our plugin runs in one Openfire installation: class loaders consulted in
 * order ({@link Layer}s, the first that has a name defines it), and the names this world vouches for
 * ({@link #governs}): the guard checks references to those, and only those. Resolves members the way
 * JVMS §5.4.3.2–5.4.3.4 does.
 */
final class ClassHierarchy {

    private static final String OBJECT = "java/lang/Object";

    /**
     * One class loader of the world (or a stand-in for one): classes found in the same layer share runtime packages.
     *
     * @param label   what it is, for reports ({@code Openfire 5.1.1 lib/})
     * @param classes what it defines
     */
    record Layer(String label, ClassSource classes) {
    }

    /** A class and the layer that defines it. */
    record Defined(ApiClass type, Layer layer) {
    }

    private final String version;
    private final String place;
    private final List<Layer> layers;
    private final Predicate<String> governs;

    /**
     * @param version what findings name ({@code 5.1.1}, {@code 5.1.1 distribution})
     * @param place   how reasons name the world ({@code Openfire 5.1.1})
     * @param layers  the class loaders, in the order a class name is looked up
     * @param governs which class names (internal) this world vouches for: references to them are checked
     */
    ClassHierarchy(String version, String place, List<Layer> layers, Predicate<String> governs) {
        this.version = version;
        this.place = place;
        this.layers = List.copyOf(layers);
        this.governs = governs;
    }

    String version() {
        return version;
    }

    /** The world as reasons name it: {@code Openfire 5.1.1}. */
    String place() {
        return place;
    }

    boolean governs(String internalName) {
        return governs.test(internalName);
    }

    Optional<ApiClass> find(String internalName) {
        return defined(internalName).map(Defined::type);
    }

    Optional<Defined> defined(String internalName) {
        for (Layer layer : layers) {
            Optional<ApiClass> found = layer.classes().find(internalName);
            if (found.isPresent()) {
                return Optional.of(new Defined(found.get(), layer));
            }
        }
        return Optional.empty();
    }

    /**
     * Whether two classes share a runtime package (JVMS §5.3: same package name, same defining loader), where
     * package-private and private-by-nest access are the compiler's business, not the guard's.
     */
    boolean sameRuntimePackage(String one, String other) {
        if (!packageOf(one).equals(packageOf(other))) {
            return false;
        }
        Optional<Layer> oneLayer = defined(one).map(Defined::layer);
        return oneLayer.isPresent() && oneLayer.equals(defined(other).map(Defined::layer));
    }

    private static String packageOf(String internalName) {
        int slash = internalName.lastIndexOf('/');
        return slash < 0 ? "" : internalName.substring(0, slash);
    }

    /** A member found by resolution, and the supertypes resolution could not inspect (absent in this world). */
    record Resolution(ApiMember member, Set<String> unresolvedTypes) {
        boolean found() {
            return member != null;
        }
    }

    /** Every supertype of {@code start} (classes and interfaces, transitively), nearest first; not itself. */
    List<ApiClass> supertypes(ApiClass start, Set<String> unresolved) {
        List<ApiClass> supertypes = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        Deque<String> pending = new ArrayDeque<>(directSupertypes(start));
        while (!pending.isEmpty()) {
            String name = pending.removeFirst();
            if (!seen.add(name)) {
                continue;
            }
            Optional<ApiClass> type = find(name);
            if (type.isEmpty()) {
                unresolved.add(name);
                continue;
            }
            supertypes.add(type.get());
            pending.addAll(directSupertypes(type.get()));
        }
        return supertypes;
    }

    private static List<String> directSupertypes(ApiClass type) {
        List<String> direct = new ArrayList<>();
        if (type.superName() != null) {
            direct.add(type.superName());
        }
        direct.addAll(type.interfaces());
        return direct;
    }

    /** Whether {@code start} is, or inherits from, a type this world governs. */
    boolean touchesGoverned(ApiClass start) {
        if (governs(start.name())) {
            return true;
        }
        Set<String> unresolved = new LinkedHashSet<>();
        List<ApiClass> supertypes = supertypes(start, unresolved);
        return supertypes.stream().anyMatch(type -> governs(type.name()))
                || unresolved.stream().anyMatch(this::governs);
    }

    boolean isSubtype(String sub, String sup) {
        if (sub.equals(sup)) {
            return true;
        }
        return find(sub).map(type -> supertypes(type, new LinkedHashSet<>()).stream()
                .anyMatch(supertype -> supertype.name().equals(sup))).orElse(false);
    }

    /** JVMS §5.4.3.3 (class) or §5.4.3.4 (interface) method resolution, starting at {@code owner}. */
    Resolution resolveMethod(ApiClass owner, String name, String descriptor) {
        Set<String> unresolved = new LinkedHashSet<>();
        if (name.equals("<init>") || name.equals("<clinit>")) {
            return new Resolution(owner.method(name, descriptor), unresolved);
        }
        if (owner.isInterface()) {
            ApiMember declared = owner.method(name, descriptor);
            if (declared != null) {
                return new Resolution(declared, unresolved);
            }
            ApiMember ofObject = find(OBJECT).map(object -> object.method(name, descriptor))
                    .filter(method -> method.isPublic() && !method.isStatic()).orElse(null);
            if (ofObject != null) {
                return new Resolution(ofObject, unresolved);
            }
            return new Resolution(fromSuperinterfaces(owner, name, descriptor, unresolved), unresolved);
        }
        for (ApiClass type = owner; type != null; type = superclass(type, unresolved)) {
            ApiMember declared = type.method(name, descriptor);
            if (declared == null) {
                declared = signaturePolymorphic(type, name);
            }
            if (declared != null) {
                return new Resolution(declared, unresolved);
            }
        }
        return new Resolution(fromSuperinterfaces(owner, name, descriptor, unresolved), unresolved);
    }

    /**
     * JVMS §2.9.3: {@code MethodHandle.invokeExact} and the {@code VarHandle} accessors link under any call-site
     * descriptor when the class declares exactly one method of that name, native and varargs over {@code Object[]}.
     */
    private static ApiMember signaturePolymorphic(ApiClass type, String name) {
        if (!type.name().equals("java/lang/invoke/MethodHandle") && !type.name().equals("java/lang/invoke/VarHandle")) {
            return null;
        }
        List<ApiMember> named = type.membersNamed(name, true);
        if (named.size() != 1) {
            return null;
        }
        ApiMember only = named.get(0);
        int nativeVarargs = Opcodes.ACC_NATIVE | Opcodes.ACC_VARARGS;
        boolean polymorphic = only.descriptor().startsWith("([Ljava/lang/Object;)")
                && (only.access() & nativeVarargs) == nativeVarargs;
        return polymorphic ? only : null;
    }

    private ApiMember fromSuperinterfaces(ApiClass owner, String name, String descriptor, Set<String> unresolved) {
        ApiMember candidate = null;
        for (ApiClass type : supertypes(owner, unresolved)) {
            if (!type.isInterface()) {
                continue;
            }
            ApiMember declared = type.method(name, descriptor);
            if (declared == null || declared.isPrivate() || declared.isStatic()) {
                continue;
            }
            if (!declared.isAbstract()) {
                return declared;
            }
            if (candidate == null) {
                candidate = declared;
            }
        }
        return candidate;
    }

    /** JVMS §5.4.3.2 field resolution. */
    Resolution resolveField(ApiClass owner, String name, String descriptor) {
        Set<String> unresolved = new LinkedHashSet<>();
        return new Resolution(resolveField(owner, name, descriptor, unresolved, new LinkedHashSet<>()), unresolved);
    }

    private ApiMember resolveField(ApiClass type, String name, String descriptor, Set<String> unresolved,
                                   Set<String> seen) {
        if (!seen.add(type.name())) {
            return null;
        }
        ApiMember declared = type.field(name, descriptor);
        if (declared != null) {
            return declared;
        }
        for (String implemented : type.interfaces()) {
            Optional<ApiClass> superinterface = find(implemented);
            if (superinterface.isEmpty()) {
                unresolved.add(implemented);
                continue;
            }
            ApiMember inherited = resolveField(superinterface.get(), name, descriptor, unresolved, seen);
            if (inherited != null) {
                return inherited;
            }
        }
        ApiClass superclass = superclass(type, unresolved);
        return superclass == null ? null : resolveField(superclass, name, descriptor, unresolved, seen);
    }

    private ApiClass superclass(ApiClass type, Set<String> unresolved) {
        if (type.superName() == null) {
            return null;
        }
        Optional<ApiClass> superclass = find(type.superName());
        if (superclass.isEmpty()) {
            unresolved.add(type.superName());
        }
        return superclass.orElse(null);
    }

    /**
     * Whether a call of {@code name descriptor} on an instance of {@code start} selects a method with a body
     * (JVMS §5.4.6): a non-abstract declaration in {@code start} or a superclass, else a default method of a
     * superinterface.
     */
    boolean hasImplementation(ApiClass start, String name, String descriptor, Set<String> unresolved) {
        for (ApiClass type = start; type != null; type = superclass(type, unresolved)) {
            ApiMember declared = type.method(name, descriptor);
            if (declared != null && !declared.isStatic() && !declared.isPrivate()) {
                return !declared.isAbstract();
            }
        }
        for (ApiClass type : supertypes(start, unresolved)) {
            ApiMember declared = type.method(name, descriptor);
            if (type.isInterface() && declared != null && !declared.isAbstract() && !declared.isStatic()
                    && !declared.isPrivate()) {
                return true;
            }
        }
        return false;
    }

    /** Methods of this name declared by {@code owner} or its supertypes: the near misses a report shows. */
    List<ApiMember> methodsNamed(ApiClass owner, String name, boolean method) {
        List<ApiMember> named = new ArrayList<>(owner.membersNamed(name, method));
        for (ApiClass type : supertypes(owner, new LinkedHashSet<>())) {
            named.addAll(type.membersNamed(name, method));
        }
        return named;
    }
}
