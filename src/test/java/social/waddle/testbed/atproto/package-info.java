/**
 * The real local ATProto network test bed: a PLC directory and a PDS from the official npm packages, run by
 * {@code testbed/atproto/network.mjs} as a child process on loopback, and the JUnit 5 extension that hands one
 * {@link social.waddle.testbed.atproto.AtprotoNetwork} per JVM to integration tests.
 *
 * <p>Test code only. May depend on the JDK ({@code java.net.http}), Jackson, SLF4J and JUnit 5; never on Openfire
 * or on the plugin's production classes, so any test can use it.
 */
package social.waddle.testbed.atproto;
