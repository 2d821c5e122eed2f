package social.waddle.compat;

import java.util.ArrayList;
import java.util.List;

import org.objectweb.asm.Type;

/** Internal names ({@code org/xmpp/packet/JID}) and what the guard treats as Openfire or Tinder. */
final class Names {

    private Names() {
    }

    /** Openfire's and Tinder's packages: classes here come from the version under test, never from elsewhere. */
    static boolean isOpenfireOrTinder(String internalName) {
        return internalName.startsWith("org/jivesoftware/") || internalName.startsWith("org/xmpp/");
    }

    static String binary(String internalName) {
        return internalName.replace('/', '.');
    }

    static String internal(String binaryName) {
        return binaryName.replace('.', '/');
    }

    /**
     * The class an operand names once array dimensions are stripped ({@code [Lorg/xmpp/packet/JID;} →
     * {@code org/xmpp/packet/JID}), or {@code null} for primitive arrays.
     */
    static String elementClass(String internalNameOrArrayDescriptor) {
        if (!internalNameOrArrayDescriptor.startsWith("[")) {
            return internalNameOrArrayDescriptor;
        }
        Type element = Type.getType(internalNameOrArrayDescriptor).getElementType();
        return element.getSort() == Type.OBJECT ? element.getInternalName() : null;
    }

    /** Every class a field or method descriptor mentions. */
    static List<String> classesIn(String descriptor) {
        List<String> classes = new ArrayList<>();
        Type type = Type.getType(descriptor);
        if (type.getSort() == Type.METHOD) {
            for (Type argument : type.getArgumentTypes()) {
                addClass(classes, argument);
            }
            addClass(classes, type.getReturnType());
        } else {
            addClass(classes, type);
        }
        return classes;
    }

    private static void addClass(List<String> classes, Type type) {
        Type element = type.getSort() == Type.ARRAY ? type.getElementType() : type;
        if (element.getSort() == Type.OBJECT) {
            classes.add(element.getInternalName());
        }
    }
}
