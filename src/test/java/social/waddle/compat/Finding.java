package social.waddle.compat;

/**
 * One reason our bytecode would not link (or would fail when called) in a class world.
 *
 * @param kind      what is wrong
 * @param version   the world it fails in ({@code 4.2.0}, {@code 5.1.1}, {@code 5.1.1 distribution}, or two of them
 *                  for a changed kind)
 * @param className our class (binary name)
 * @param site      where in it: {@code method(descriptor)}, {@code field name} or {@code <class header>}
 * @param line      source line, 0 if unknown
 * @param reference what our bytecode names ({@code invokestatic org.jivesoftware.util.JiveGlobals.…})
 * @param reason    why it fails there, with what that version has instead
 */
record Finding(Kind kind, String version, String className, String site, int line, String reference,
               String reason) {

    enum Kind {
        /** The class does not exist in that version (NoClassDefFoundError). */
        MISSING_CLASS,
        /** No method or field of that name and descriptor (NoSuchMethodError / NoSuchFieldError). */
        MISSING_MEMBER,
        /** Static in one world, instance in the other (IncompatibleClassChangeError). */
        STATIC_MISMATCH,
        /** Exists but not accessible to us, or a final field we write (IllegalAccessError). */
        INACCESSIBLE,
        /** An interface in one version and a class in the other (the {@code MUCRoom} trap). */
        KIND_CHANGED,
        /**
         * The instruction or declaration needs the other kind: invokeinterface on a class, invokevirtual on an
         * interface, {@code new} of an interface, extending an interface or a final class…
         * (IncompatibleClassChangeError / InstantiationError / VerifyError).
         */
        WRONG_KIND,
        /** An abstract method our class neither implements nor inherits a body for (AbstractMethodError). */
        UNIMPLEMENTED_ABSTRACT
    }

    String render() {
        String where = Names.binary(className) + (site.equals(CompiledClass.HEADER) ? " " + site : "." + site)
                + (line > 0 ? " (line " + line + ")" : "");
        return kind + " on Openfire " + version + " at " + where + System.lineSeparator()
                + "      " + reference + System.lineSeparator()
                + "      " + reason;
    }
}
