package social.waddle.web;

import social.waddle.community.ReconcileReport;
import social.waddle.community.WaddleRepository;
import social.waddle.community.WaddleService;

/**
 * What the Waddle pages use of the running Waddle domain: the service for every change (acting as
 * {@link social.waddle.community.Actor#serverAdmin}), the repository for what admins read (lists, counts, the audit
 * log of all Waddles), and room reconciliation.
 */
public interface WaddleAdministration {

    WaddleService service();

    WaddleRepository repository();

    /** Brings every channel's room to its spec now, and says what it found and did. */
    ReconcileReport reconcile();
}
