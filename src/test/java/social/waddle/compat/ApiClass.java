package social.waddle.compat;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.objectweb.asm.Opcodes;

/**
 * A class or interface as one version declares it. Members are only those it declares (not inherited), keyed by
 * name and descriptor. {@code superName} is {@code null} only for {@code java/lang/Object}.
 */
record ApiClass(String name, int access, String superName, List<String> interfaces,
                Map<String, ApiMember> methods, Map<String, ApiMember> fields) {

    ApiClass {
        interfaces = List.copyOf(interfaces);
        methods = Map.copyOf(methods);
        fields = Map.copyOf(fields);
    }

    static String methodKey(String name, String descriptor) {
        return name + descriptor;
    }

    static String fieldKey(String name, String descriptor) {
        return name + ":" + descriptor;
    }

    boolean isInterface() {
        return (access & Opcodes.ACC_INTERFACE) != 0;
    }

    boolean isAbstract() {
        return (access & Opcodes.ACC_ABSTRACT) != 0;
    }

    boolean isFinal() {
        return (access & Opcodes.ACC_FINAL) != 0;
    }

    boolean isPublic() {
        return (access & Opcodes.ACC_PUBLIC) != 0;
    }

    String kindName() {
        return isInterface() ? "an interface" : isAbstract() ? "an abstract class" : "a class";
    }

    ApiMember method(String name, String descriptor) {
        return methods.get(methodKey(name, descriptor));
    }

    ApiMember field(String name, String descriptor) {
        return fields.get(fieldKey(name, descriptor));
    }

    /** Members of this name declared here, whatever their descriptor: a report's "did you mean". */
    List<ApiMember> membersNamed(String name, boolean method) {
        Collection<ApiMember> members = method ? methods.values() : fields.values();
        return members.stream().filter(member -> member.name().equals(name))
                .sorted((a, b) -> a.descriptor().compareTo(b.descriptor()))
                .collect(Collectors.toList());
    }
}
