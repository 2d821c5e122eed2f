package social.waddle.compat;

/**
 * An Openfire installation our class files are checked against, before we know which class files: the API of one
 * version ({@link OpenfireApi#world}), or everything a plugin's class loader sees on a real distribution
 * ({@link DistributionWorld}).
 */
interface ClassWorld {

    /** What findings name: {@code 5.1.1}, {@code 5.1.1 distribution}. */
    String version();

    /** The class hierarchy the JVM sees once our classes ({@code ours}, e.g. {@code target/classes}) join it. */
    ClassHierarchy load(ClassSource ours);
}
