package social.waddle.openfire.commands;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.dom4j.Element;
import org.jivesoftware.openfire.commands.AdHocCommandManager;
import org.junit.jupiter.api.Test;
import org.xmpp.packet.IQ;
import org.xmpp.packet.JID;

/** The command base run by Openfire's own {@link AdHocCommandManager}, as the Waddle component runs it. */
class SingleStageCommandTest {

    private static final String COMMANDS = "http://jabber.org/protocol/commands";
    private static final JID ALICE = new JID("alice", "example.com", "phone");

    private final List<Map<String, List<String>>> ran = new ArrayList<>();
    private RuntimeException failure;
    private final AdHocCommandManager manager = new AdHocCommandManager();

    private final class Echo extends SingleStageCommand {
        Echo(String node, boolean hasForm) {
            super(node, "Echo " + node, hasForm);
        }

        @Override
        public boolean hasPermission(JID requester) {
            return true;
        }

        @Override
        protected void describe(JID requester, Element command) {
            Element form = command.addElement("x", "jabber:x:data").addAttribute("type", "form");
            form.addElement("field").addAttribute("var", "text").addAttribute("type", "text-single");
        }

        @Override
        protected void run(JID requester, Map<String, List<String>> values, Element command)
                throws CommandRefusedException {
            if (failure != null) {
                throw failure;
            }
            ran.add(values);
            List<String> text = values.getOrDefault("text", List.of());
            if (text.contains("no")) {
                throw new CommandRefusedException("You said no.");
            }
            note(command, "info", "Echoed " + text + " for " + requester.toBareJID());
        }
    }

    SingleStageCommandTest() {
        manager.addCommand(new Echo("form", true));
        manager.addCommand(new Echo("formless", false));
    }

    /** XEP-0050 §3.4: a cancelled session ends with status canceled, not with an error. */
    @Test
    void cancellingAfterTheFormCompletesTheSessionAsCanceled() {
        Element started = execute("form").getChildElement();

        IQ cancelled = send("form", started.attributeValue("sessionid"), "cancel", null);

        assertThat(cancelled.getType()).isEqualTo(IQ.Type.result);
        assertThat(cancelled.getChildElement().attributeValue("status")).isEqualTo("canceled");
        assertThat(cancelled.getChildElement().attributeValue("sessionid")).isEqualTo(started.attributeValue("sessionid"));
        assertThat(ran).isEmpty();
        // The session is gone: completing it now is refused.
        assertThat(send("form", started.attributeValue("sessionid"), "complete", "yes").getType())
                .isEqualTo(IQ.Type.error);
    }

    @Test
    void theFormAnnouncesCompleteOnlyAndCompletingRunsIt() {
        Element started = execute("form").getChildElement();
        Element actions = started.element("actions");

        IQ completed = send("form", started.attributeValue("sessionid"), "complete", "hello");

        assertThat(started.attributeValue("status")).isEqualTo("executing");
        assertThat(actions.attributeValue("execute")).isEqualTo("complete");
        assertThat(actions.elements()).extracting(Element::getName).containsExactly("complete");
        assertThat(completed.getChildElement().attributeValue("status")).isEqualTo("completed");
        assertThat(notes(completed, "info")).containsExactly("Echoed [hello] for alice@example.com");
    }

    @Test
    void aRefusalAndAnUnexpectedFailureAreErrorNotesOfACompletedCommand() {
        Element first = execute("form").getChildElement();
        IQ refused = send("form", first.attributeValue("sessionid"), "complete", "no");
        failure = new IllegalStateException("secret detail");
        Element second = execute("form").getChildElement();
        IQ failed = send("form", second.attributeValue("sessionid"), "complete", "hello");

        assertThat(refused.getChildElement().attributeValue("status")).isEqualTo("completed");
        assertThat(notes(refused, "error")).containsExactly("You said no.");
        assertThat(failed.getChildElement().attributeValue("status")).isEqualTo("completed");
        assertThat(notes(failed, "error")).containsExactly(SingleStageCommand.UNEXPECTED);
    }

    @Test
    void aCommandWithoutAFormRunsWhenExecuted() {
        IQ answer = execute("formless");

        assertThat(answer.getChildElement().attributeValue("status")).isEqualTo("completed");
        assertThat(ran).containsExactly(Map.of());
    }

    private IQ execute(String node) {
        return send(node, null, "execute", null);
    }

    private IQ send(String node, String sessionId, String action, String text) {
        IQ request = new IQ(IQ.Type.set);
        request.setFrom(ALICE);
        request.setTo(new JID("waddle.example.com"));
        Element command = request.setChildElement("command", COMMANDS).addAttribute("node", node)
                .addAttribute("action", action);
        if (sessionId != null) {
            command.addAttribute("sessionid", sessionId);
        }
        if (text != null) {
            Element form = command.addElement("x", "jabber:x:data").addAttribute("type", "submit");
            form.addElement("field").addAttribute("var", "text").addElement("value").setText(text);
        }
        return manager.process(request);
    }

    private static List<String> notes(IQ answer, String type) {
        List<String> notes = new ArrayList<>();
        for (Element note : answer.getChildElement().elements("note")) {
            if (type.equals(note.attributeValue("type"))) {
                notes.add(note.getText());
            }
        }
        return notes;
    }
}
