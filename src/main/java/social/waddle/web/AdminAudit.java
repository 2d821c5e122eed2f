package social.waddle.web;

/**
 * Where admin actions are written down: Openfire's security audit log and the plugin's own audit logger in production.
 * Never hand it secrets.
 */
@FunctionalInterface
public interface AdminAudit {

    void record(String admin, String summary, String details);
}
