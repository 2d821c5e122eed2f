package social.waddle.compat;

import org.objectweb.asm.Opcodes;

/**
 * One place where our bytecode names another class or one of its members.
 *
 * @param use        how the class is named
 * @param site       where: {@code method(descriptor)}, {@code field name}, or {@code <class header>}
 * @param line       source line, 0 if unknown
 * @param owner      the named class (internal name, or an array descriptor for array types)
 * @param name       member name ({@code null} for type references)
 * @param descriptor member descriptor ({@code null} for type references)
 * @param opcode     the instruction ({@code INVOKEVIRTUAL}, {@code GETSTATIC}…), 0 when not an instruction
 * @param onInterface whether the instruction names an interface method ({@code itf} in the constant pool)
 */
record Reference(Use use, String site, int line, String owner, String name, String descriptor, int opcode,
                 boolean onInterface) {

    enum Use {
        SUPERCLASS, INTERFACE, NEW, TYPE, METHOD, FIELD, LAMBDA
    }

    static Reference type(Use use, String site, int line, String owner) {
        return new Reference(use, site, line, owner, null, null, 0, false);
    }

    boolean expectsStatic() {
        return opcode == Opcodes.INVOKESTATIC || opcode == Opcodes.GETSTATIC || opcode == Opcodes.PUTSTATIC;
    }

    boolean writesField() {
        return opcode == Opcodes.PUTFIELD || opcode == Opcodes.PUTSTATIC;
    }

    /** {@code invokestatic org.jivesoftware.util.JiveGlobals.getProperty(Ljava/lang/String;)Ljava/lang/String;} */
    String display() {
        String type = Names.binary(owner);
        return switch (use) {
            case SUPERCLASS -> "extends " + type;
            case INTERFACE -> "implements " + type;
            case NEW -> "new " + type;
            case TYPE -> "type " + type;
            case LAMBDA -> "lambda or method reference implementing " + type;
            case METHOD, FIELD -> instruction() + " " + type + "." + name + (use == Use.FIELD ? ":" : "")
                    + descriptor;
        };
    }

    private String instruction() {
        return switch (opcode) {
            case Opcodes.INVOKEVIRTUAL -> "invokevirtual";
            case Opcodes.INVOKESPECIAL -> "invokespecial";
            case Opcodes.INVOKESTATIC -> "invokestatic";
            case Opcodes.INVOKEINTERFACE -> "invokeinterface";
            case Opcodes.GETFIELD -> "getfield";
            case Opcodes.PUTFIELD -> "putfield";
            case Opcodes.GETSTATIC -> "getstatic";
            case Opcodes.PUTSTATIC -> "putstatic";
            default -> "opcode " + opcode;
        } + (onInterface && opcode != Opcodes.INVOKEINTERFACE ? " (interface)" : "");
    }
}
