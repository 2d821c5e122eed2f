package social.waddle.openfire.muc;

import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.dom4j.Element;
import org.jivesoftware.openfire.XMPPServer;
import org.jivesoftware.openfire.admin.AdminManager;
import org.jivesoftware.openfire.commands.AdHocCommand;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xmpp.packet.JID;

import social.waddle.community.rooms.RoomGateway;
import social.waddle.community.rooms.RoomGatewayException;
import social.waddle.community.rooms.RoomSpec;
import social.waddle.openfire.commands.CommandRefusedException;
import social.waddle.openfire.commands.SingleStageCommand;

/**
 * <a href="https://xmpp.org/extensions/xep-0050.html">XEP-0050</a> commands of the Waddle component that drive the
 * {@link RoomGateway}, for this server's admins only: apply a room spec, destroy a room, list rooms. They make the
 * gateway reachable from an admin's XMPP client (and from integration tests) until Waddle communities drive it.
 */
public final class RoomCommands {

    private static final Logger Log = LoggerFactory.getLogger(RoomCommands.class);

    public static final String NODE_PREFIX = "urn:waddle:openfire:0#";
    public static final String APPLY_ROOM = NODE_PREFIX + "apply-room";
    public static final String DESTROY_ROOM = NODE_PREFIX + "destroy-room";
    public static final String LIST_ROOMS = NODE_PREFIX + "list-rooms";

    /** Result form fields. */
    public static final String CHANGES = "changes";
    public static final String ROOMS = "rooms";

    private RoomCommands() {
    }

    public static List<AdHocCommand> all(RoomGateway gateway) {
        return List.of(new ApplyRoom(gateway), new DestroyRoom(gateway), new ListRooms(gateway));
    }

    /** Whether {@code requester} is a local user who is an admin of this server. */
    static boolean isServerAdmin(JID requester) {
        return requester != null && XMPPServer.getInstance().isLocal(requester)
                && AdminManager.getInstance().isUserAdmin(requester, false);
    }

    /** A command for local server admins; a refusal of the gateway becomes an error note. */
    private abstract static class AdminCommand extends SingleStageCommand {

        final RoomGateway gateway;

        AdminCommand(RoomGateway gateway, String node, String label, boolean hasForm) {
            super(node, label, hasForm);
            this.gateway = Objects.requireNonNull(gateway);
        }

        @Override
        public boolean hasPermission(JID requester) {
            return isServerAdmin(requester);
        }

        @Override
        protected final void run(JID requester, Map<String, List<String>> values, Element command)
                throws CommandRefusedException {
            try {
                run(values, command);
            } catch (RoomGatewayException | IllegalArgumentException e) {
                Log.info("Command {} by {} failed: {}", getCode(), requester == null ? "an admin" : requester,
                        e.getMessage());
                throw new CommandRefusedException(e.getMessage());
            }
        }

        abstract void run(Map<String, List<String>> values, Element command) throws RoomGatewayException;
    }

    static final class ApplyRoom extends AdminCommand {

        ApplyRoom(RoomGateway gateway) {
            super(gateway, APPLY_ROOM, "Apply a channel room", true);
        }

        @Override
        protected void describe(JID requester, Element command) {
            RoomSpecForm.addBlankForm(command);
        }

        @Override
        void run(Map<String, List<String>> values, Element command) throws RoomGatewayException {
            RoomSpec spec = RoomSpecForm.parse(values);
            List<String> changes = gateway.apply(spec);
            Element form = Stanzas.addDataForm(command, "result");
            Stanzas.addValues(Stanzas.addField(form, "room", "jid-single", "Room"), List.of(gateway.roomJid(spec.localpart())));
            Stanzas.addValues(Stanzas.addField(form, CHANGES, "text-multi", "Changes"), changes);
            SingleStageCommand.note(command, "info", changes.isEmpty() ? "Nothing to change." : changes.size() + " change(s).");
        }
    }

    static final class DestroyRoom extends AdminCommand {

        DestroyRoom(RoomGateway gateway) {
            super(gateway, DESTROY_ROOM, "Destroy a channel room", true);
        }

        @Override
        protected void describe(JID requester, Element command) {
            Element form = Stanzas.addDataForm(command, "form");
            form.addElement("title").setText(getDefaultLabel());
            Stanzas.addField(form, RoomSpecForm.LOCALPART, "text-single", "Room name in the address (localpart)")
                    .addElement("required");
            Stanzas.addField(form, "reason", "text-single", "Reason shown to occupants");
        }

        @Override
        void run(Map<String, List<String>> values, Element command) throws RoomGatewayException {
            String localpart = RoomSpecForm.first(values, RoomSpecForm.LOCALPART, "").trim();
            if (localpart.isEmpty()) {
                throw new IllegalArgumentException("The field '" + RoomSpecForm.LOCALPART + "' is required.");
            }
            gateway.destroy(localpart, RoomSpecForm.first(values, "reason", ""));
            SingleStageCommand.note(command, "info", gateway.roomJid(localpart) + " does not exist any more.");
        }
    }

    static final class ListRooms extends AdminCommand {

        ListRooms(RoomGateway gateway) {
            super(gateway, LIST_ROOMS, "List channel rooms", false);
        }

        @Override
        void run(Map<String, List<String>> values, Element command) throws RoomGatewayException {
            Element form = Stanzas.addDataForm(command, "result");
            Stanzas.addValues(Stanzas.addField(form, ROOMS, "text-multi", "Rooms (localparts)"), gateway.rooms());
        }
    }
}
