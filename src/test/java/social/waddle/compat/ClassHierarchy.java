package social.waddle.compat;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The class world as the JVM sees it when our plugin runs on one Openfire version: Openfire and Tinder classes
 * come only from that version ({@link OpenfireApi}); anything else (our classes, the JDK, third-party libraries)
 * from {@code ours} and then {@code elsewhere}. Resolves members the way JVMS §5.4.3.2–5.4.3.4 does.
 */
final class ClassHierarchy {

    private static final String OBJECT = "java/lang/Object";

    private final OpenfireApi api;
    private final ClassSource ours;
    private final ClassSource elsewhere;

    ClassHierarchy(OpenfireApi api, ClassSource ours, ClassSource elsewhere) {
        this.api = api;
        this.ours = ours;
        this.elsewhere = elsewhere;
    }

    String version() {
        return api.version();
    }

    Optional<ApiClass> find(String internalName) {
        Optional<ApiClass> openfire = api.find(internalName);
        if (openfire.isPresent() || Names.isOpenfireOrTinder(internalName)) {
            return openfire;
        }
        Optional<ApiClass> own = ours.find(internalName);
        return own.isPresent() ? own : elsewhere.find(internalName);
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

    /** Whether {@code start} is, or inherits from, an Openfire or Tinder type in this world. */
    boolean touchesOpenfire(ApiClass start) {
        Set<String> unresolved = new LinkedHashSet<>();
        List<ApiClass> supertypes = supertypes(start, unresolved);
        return Names.isOpenfireOrTinder(start.name())
                || supertypes.stream().anyMatch(type -> Names.isOpenfireOrTinder(type.name()))
                || unresolved.stream().anyMatch(Names::isOpenfireOrTinder);
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
            if (declared != null) {
                return new Resolution(declared, unresolved);
            }
        }
        return new Resolution(fromSuperinterfaces(owner, name, descriptor, unresolved), unresolved);
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
