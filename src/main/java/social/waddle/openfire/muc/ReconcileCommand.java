package social.waddle.openfire.muc;

import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.dom4j.Element;
import org.xmpp.packet.JID;

import social.waddle.community.Provisioner;
import social.waddle.community.ReconcileReport;
import social.waddle.openfire.commands.SingleStageCommand;

/**
 * <a href="https://xmpp.org/extensions/xep-0050.html">XEP-0050</a> command of the Waddle component, for this server's
 * admins only: reconciles every channel room now and answers with the report (one line per room, the unmanaged rooms
 * and the errors). It waits for the whole reconcile, so a large server may need a patient client.
 */
public final class ReconcileCommand extends SingleStageCommand {

    public static final String RECONCILE = RoomCommands.NODE_PREFIX + "reconcile";

    /** Result form fields. */
    public static final String SUMMARY = "summary";
    public static final String REPORT = "report";
    public static final String UNMANAGED = "unmanaged";

    private final Provisioner provisioner;

    public ReconcileCommand(Provisioner provisioner) {
        super(RECONCILE, "Reconcile channel rooms", false);
        this.provisioner = Objects.requireNonNull(provisioner);
    }

    @Override
    public boolean hasPermission(JID requester) {
        return RoomCommands.isServerAdmin(requester);
    }

    @Override
    protected void run(JID requester, Map<String, List<String>> values, Element command) {
        ReconcileReport report = provisioner.reconcile();
        Element form = Stanzas.addDataForm(command, "result");
        Stanzas.addValues(Stanzas.addField(form, SUMMARY, "text-single", "Summary"), List.of(report.summary()));
        Stanzas.addValues(Stanzas.addField(form, REPORT, "text-multi", "Report"), report.toLines());
        Stanzas.addValues(Stanzas.addField(form, UNMANAGED, "text-multi", "Unmanaged rooms"), report.unmanagedRooms());
        note(command, report.errors().isEmpty() ? "info" : "warn", report.summary());
    }
}
