package social.waddle.openfire.community;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.dom4j.Element;
import org.dom4j.QName;
import org.jivesoftware.openfire.commands.AdHocCommand;
import org.jivesoftware.openfire.commands.AdHocCommandManager;
import org.xmpp.packet.IQ;
import org.xmpp.packet.JID;

/**
 * Runs commands through Openfire's own {@link AdHocCommandManager} with XEP-0050 IQs, as the component does: execute
 * to get the form, then complete with the submitted values.
 */
final class CommandDriver {

    static final String COMMANDS = "http://jabber.org/protocol/commands";
    static final JID COMPONENT = new JID("waddle.example.com");

    private final AdHocCommandManager manager = new AdHocCommandManager();

    CommandDriver(List<AdHocCommand> commands) {
        commands.forEach(manager::addCommand);
    }

    AdHocCommandManager manager() {
        return manager;
    }

    /** The answer to executing {@code node}: the command element with the form to fill in (or an error IQ). */
    IQ start(JID from, String node) {
        IQ request = new IQ(IQ.Type.set);
        request.setFrom(from);
        request.setTo(COMPONENT);
        request.setChildElement("command", COMMANDS).addAttribute("node", node).addAttribute("action", "execute");
        return manager.process(request);
    }

    /** Executes {@code node}, submits {@code values} and completes it. */
    Outcome run(JID from, String node, Map<String, List<String>> values) {
        IQ started = start(from, node);
        if (started.getType() == IQ.Type.error) {
            throw new AssertionError("Executing " + node + " failed: " + started.toXML());
        }
        Element form = started.getChildElement().element(QName.get("x", CommandForm.DATA_FORMS));
        IQ request = new IQ(IQ.Type.set);
        request.setFrom(from);
        request.setTo(COMPONENT);
        Element command = request.setChildElement("command", COMMANDS).addAttribute("node", node)
                .addAttribute("sessionid", started.getChildElement().attributeValue("sessionid"))
                .addAttribute("action", "complete");
        Element submitted = command.addElement("x", CommandForm.DATA_FORMS).addAttribute("type", "submit");
        values.forEach((variable, list) -> {
            if (form == null || fieldOf(form, variable) == null) {
                throw new AssertionError("The form of " + node + " has no field " + variable);
            }
            Element field = submitted.addElement("field").addAttribute("var", variable);
            list.forEach(value -> field.addElement("value").setText(value));
        });
        IQ reply = manager.process(request);
        if (reply.getType() == IQ.Type.error) {
            throw new AssertionError("Completing " + node + " failed: " + reply.toXML());
        }
        return new Outcome(reply.getChildElement());
    }

    static Element fieldOf(Element form, String variable) {
        for (Element field : form.elements("field")) {
            if (variable.equals(field.attributeValue("var"))) {
                return field;
            }
        }
        return null;
    }

    /** A completed command: its notes by type and its result form. */
    record Outcome(Element command) {

        String status() {
            return command.attributeValue("status");
        }

        List<String> notes(String type) {
            List<String> notes = new ArrayList<>();
            for (Element note : command.elements("note")) {
                if (type.equals(note.attributeValue("type"))) {
                    notes.add(note.getText());
                }
            }
            return notes;
        }

        List<String> errors() {
            return notes("error");
        }

        List<String> infos() {
            return notes("info");
        }

        /** The values of {@code variable} in the result form; empty when there is none. */
        List<String> result(String variable) {
            Element form = command.element(QName.get("x", CommandForm.DATA_FORMS));
            Element field = form == null ? null : fieldOf(form, variable);
            List<String> values = new ArrayList<>();
            if (field != null) {
                field.elements("value").forEach(value -> values.add(value.getText()));
            }
            return values;
        }
    }
}
