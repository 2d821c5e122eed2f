/**
 * Test beds: real servers and networks that integration tests and the {@link social.waddle.testbed.Sandbox} start
 * on the loopback interface. Test sources only.
 */
package social.waddle.testbed;
