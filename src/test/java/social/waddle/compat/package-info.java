/**
 * The Openfire compatibility guard: checks, from bytecode, that the references our compiled classes make link in
 * each class world ({@link social.waddle.compat.ClassWorld}) they must run in: the Openfire ({@code
 * org.jivesoftware.*}) and Tinder ({@code org.xmpp.*}) API of 4.2.0 (what we compile against) and 5.1.1 (what admins
 * run), and, when a 5.x distribution is given, every reference against everything the plugin's class loader sees on
 * it ({@link social.waddle.compat.DistributionWorld}). A world says which names it governs: only those are checked.
 *
 * <p>Lives in the tests only and depends on ASM, the JDK, the 5.1.1 API table in
 * {@code src/test/resources/compat/}, the jars the build copies to {@code target/openfire-4.2.0/lib} and
 * {@code target/compat-lib}, the runtime class path it lists in {@code target/plugin-classpath.txt}, and the test
 * bed's {@code OpenfireDistribution}. Never on Openfire classes themselves: they are read as data, not loaded.
 */
package social.waddle.compat;
