package social.waddle.openfire.web;

import org.jivesoftware.openfire.security.SecurityAuditManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import social.waddle.web.AdminAudit;

/**
 * Admin actions into Openfire's security audit log (the console's "Security Audit Viewer") and into the plugin's own
 * audit logger, {@code social.waddle.audit}, which an admin can route to a file of its own in log4j2.xml.
 */
public final class OpenfireAudit implements AdminAudit {

    private static final Logger Log = LoggerFactory.getLogger(OpenfireAudit.class);
    private static final Logger Audit = LoggerFactory.getLogger("social.waddle.audit");

    @Override
    public void record(String admin, String summary, String details) {
        Audit.info("{}: {} ({})", admin, summary, details);
        try {
            SecurityAuditManager.getInstance().logEvent(admin, summary, details);
        } catch (RuntimeException e) {
            Log.warn("Openfire's security audit log did not take \"{}\" by {}", summary, admin, e);
        }
    }
}
