package social.waddle.openfire.commands;

import java.util.List;
import java.util.Map;

import org.dom4j.Element;
import org.jivesoftware.openfire.commands.AdHocCommand;
import org.jivesoftware.openfire.commands.SessionData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xmpp.packet.JID;

/**
 * A one-stage <a href="https://xmpp.org/extensions/xep-0050.html">XEP-0050</a> command run by Openfire's
 * {@code AdHocCommandManager}: executing it answers its form (or, without a form, runs it at once); {@code complete}
 * runs it; {@code cancel} ends the session with status {@code canceled} (§3.4). Whatever happens, the answer is a
 * completed command: a refusal is an {@code error} note with its reason, an unexpected failure an {@code error} note
 * pointing to the log, where its stack trace goes.
 *
 * <p>Why {@code cancel} is among the session's allowed actions but not among those announced: Openfire 4.2.0 and
 * 5.1.1 answer a cancel with {@code canceled}, then go on to check the action against the session's allowed actions
 * and replace that answer with {@code bad-request} when it is not one of them. XEP-0050 §3.4 allows cancelling in any
 * stage without announcing it, and its {@code <actions/>} element has no {@code <cancel/>}, so it is taken out of
 * what is sent.
 */
public abstract class SingleStageCommand extends AdHocCommand {

    private static final Logger Log = LoggerFactory.getLogger(SingleStageCommand.class);

    static final String UNEXPECTED = "Something went wrong on the server; the server's admins can find the details in "
            + "its log.";

    private final String node;
    private final String label;
    private final boolean hasForm;

    /**
     * @param node    the command's node
     * @param label   its name in command lists
     * @param hasForm whether executing it first answers a form ({@link #describe}); without one it runs at once
     */
    protected SingleStageCommand(String node, String label, boolean hasForm) {
        this.node = node;
        this.label = label;
        this.hasForm = hasForm;
    }

    @Override
    public final String getCode() {
        return node;
    }

    @Override
    public final String getDefaultLabel() {
        return label;
    }

    @Override
    public final int getMaxStages(SessionData data) {
        return hasForm ? 1 : 0;
    }

    @Override
    protected final List<Action> getActions(SessionData data) {
        return List.of(Action.complete, Action.cancel);
    }

    @Override
    protected final Action getExecuteAction(SessionData data) {
        return Action.complete;
    }

    /** Announces the actions without {@code <cancel/>}, which XEP-0050 does not list (see the class comment). */
    @Override
    protected void addStageActions(SessionData data, Element command) {
        super.addStageActions(data, command);
        Element actions = command.element("actions");
        if (actions != null) {
            for (Element cancel : actions.elements(Action.cancel.name())) {
                actions.remove(cancel);
            }
        }
    }

    @Override
    protected final void addStageInformation(SessionData data, Element command) {
        describe(data == null ? null : data.getOwner(), command);
    }

    /** Adds the form to fill in for {@code requester}; called only for commands with a form. */
    protected void describe(JID requester, Element command) {
    }

    /** Openfire 4.2.0 passes no session data to commands without a form. */
    @Override
    public final void execute(SessionData data, Element command) {
        JID requester = data == null ? null : data.getOwner();
        Map<String, List<String>> values = data == null ? Map.of() : data.getData();
        try {
            run(requester, values, command);
        } catch (CommandRefusedException e) {
            Log.debug("Command {} by {} refused: {}", node, requester, e.getMessage());
            note(command, "error", e.getMessage());
        } catch (RuntimeException e) {
            Log.error("Command {} by {} failed", node, requester, e);
            note(command, "error", UNEXPECTED);
        }
    }

    /**
     * Does what the submitted form asks; adds notes and a result form to {@code command}.
     *
     * @param values the submitted form's values by field variable (empty for commands without a form)
     */
    protected abstract void run(JID requester, Map<String, List<String>> values, Element command)
            throws CommandRefusedException;

    /** A XEP-0050 §4.5 note: {@code type} is {@code info}, {@code warn} or {@code error}. */
    public static void note(Element command, String type, String text) {
        command.addElement("note").addAttribute("type", type).setText(text);
    }
}
