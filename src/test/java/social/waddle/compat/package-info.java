/**
 * The Openfire compatibility guard: checks, from bytecode, that every reference our compiled classes make to
 * Openfire ({@code org.jivesoftware.*}) and Tinder ({@code org.xmpp.*}) links on both Openfire 4.2.0 (what we
 * compile against) and 5.1.1 (what admins run).
 *
 * <p>Lives in the tests only and depends on ASM, the JDK, the 5.1.1 API table in
 * {@code src/test/resources/compat/} and the jars the build copies to {@code target/openfire-4.2.0/lib} and
 * {@code target/compat-lib}. Never on Openfire classes themselves: they are read as data, not loaded.
 */
package social.waddle.compat;
