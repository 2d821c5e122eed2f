/**
 * Browser helpers for ITs of the plugin's public pages: {@link social.waddle.testbed.web.BlueskyWebSignIn} signs a
 * test-bed account in through the real PDS's pages. Test sources only.
 */
package social.waddle.testbed.web;
