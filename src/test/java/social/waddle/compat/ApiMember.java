package social.waddle.compat;

import org.objectweb.asm.Opcodes;

/**
 * A method or field as the JVM links it: declaring class, name, descriptor and access flags (ASM's {@code ACC_*}).
 * {@code owner} is an internal name ({@code org/xmpp/packet/JID}).
 */
record ApiMember(String owner, String name, String descriptor, int access) {

    boolean isStatic() {
        return (access & Opcodes.ACC_STATIC) != 0;
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

    boolean isProtected() {
        return (access & Opcodes.ACC_PROTECTED) != 0;
    }

    boolean isPrivate() {
        return (access & Opcodes.ACC_PRIVATE) != 0;
    }

    String visibility() {
        if (isPublic()) {
            return "public";
        }
        if (isProtected()) {
            return "protected";
        }
        return isPrivate() ? "private" : "package-private";
    }

    /** {@code org.xmpp.packet.JID.toBareJID()Ljava/lang/String;} */
    String display() {
        String separator = descriptor.startsWith("(") ? "" : ":";
        return Names.binary(owner) + "." + name + separator + descriptor;
    }

    /** {@code toBareJID()Ljava/lang/String; static} — what a report shows for a near miss. */
    String signatureWithFlags() {
        String separator = descriptor.startsWith("(") ? "" : ":";
        return name + separator + descriptor + (isStatic() ? " static" : "") + (isAbstract() ? " abstract" : "")
                + (isPublic() ? "" : " " + visibility());
    }
}
