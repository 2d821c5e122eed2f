/**
 * The real-Openfire test bed: an Openfire 4.2.0 server (the only one on Maven Central) started in a JVM process of
 * its own with our plugin JAR installed ({@link social.waddle.testbed.openfire.OpenfireServer}), a JUnit 5
 * extension handing it to integration tests, and a Smack client to talk to it from outside.
 *
 * <p>May depend on the JDK, JUnit, Smack and SLF4J. {@link social.waddle.testbed.openfire.OpenfireLauncher} alone
 * runs inside the server process and depends on Openfire only. Nothing here reaches into the plugin's classes:
 * tests observe the plugin over XMPP and through Openfire's log, as an admin would.
 */
package social.waddle.testbed.openfire;
