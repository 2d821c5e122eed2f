package social.waddle.openfire.community;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.dom4j.Element;
import org.jivesoftware.openfire.commands.AdHocCommand;
import org.jivesoftware.openfire.commands.SessionData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xmpp.packet.JID;

import social.waddle.atproto.syntax.Did;
import social.waddle.community.Channel;
import social.waddle.community.Waddle;
import social.waddle.community.WaddleException;
import social.waddle.community.WaddleService;
import social.waddle.community.WaddleSlug;
import social.waddle.community.WaddleStorageException;

/**
 * A one-form <a href="https://xmpp.org/extensions/xep-0050.html">XEP-0050</a> command for the accounts of this
 * server: the first request gets the form, {@code complete} runs it. The caller acts as the DID behind their JID; the
 * domain decides what that DID may do. Whatever happens, the answer is a completed command with a note: {@code info}
 * when done, {@code error} with the reason when refused. Stack traces go to the log only.
 */
abstract class UserCommand extends AdHocCommand {

    private static final Logger Log = LoggerFactory.getLogger(UserCommand.class);

    static final String FORM_TYPE_PREFIX = CommunityCommands.NODE_PREFIX;

    /** Field variables shared by several commands. */
    static final String WADDLE = "waddle";
    static final String ROOMS = "rooms";

    final WaddleService service;
    final People people;
    final String mucDomain;
    final Clock clock;

    UserCommand(CommunityCommands.Context context) {
        this.service = context.service();
        this.people = context.people();
        this.mucDomain = context.mucDomain();
        this.clock = context.clock();
    }

    /** The part of the node after the prefix, e.g. {@code create-waddle}. */
    abstract String name();

    @Override
    public final String getCode() {
        return CommunityCommands.NODE_PREFIX + name();
    }

    /** Listed to, and runnable by, every account of this server; ATProto is checked when it runs, with a clear note. */
    @Override
    public boolean hasPermission(JID requester) {
        return people.isLocalAccount(requester);
    }

    @Override
    public int getMaxStages(SessionData data) {
        return 1;
    }

    @Override
    protected List<Action> getActions(SessionData data) {
        return List.of(Action.complete);
    }

    @Override
    protected Action getExecuteAction(SessionData data) {
        return Action.complete;
    }

    @Override
    protected void addStageInformation(SessionData data, Element command) {
        JID owner = data == null ? null : data.getOwner();
        Optional<Did> caller = people.didOf(owner);
        if (caller.isEmpty()) {
            try {
                people.caller(owner);
            } catch (CommandInputException notAtproto) {
                note(command, "error", notAtproto.getMessage());
            }
        }
        CommandForm form = CommandForm.toFill(command, FORM_TYPE_PREFIX + name(), getDefaultLabel(), instructions());
        try {
            describeForm(caller, form);
        } catch (RuntimeException e) {
            Log.warn("Could not fill in the form of {} for {}", getCode(), owner, e);
        }
    }

    String instructions() {
        return "";
    }

    /** Adds the fields; {@code caller} is empty for callers that are not ATProto accounts. */
    abstract void describeForm(Optional<Did> caller, CommandForm form);

    @Override
    public void execute(SessionData data, Element command) {
        JID owner = data == null ? null : data.getOwner();
        try {
            Did caller = people.caller(owner);
            String done = run(caller, new FormValues(data == null ? Map.of() : data.getData()), command);
            note(command, "info", done);
        } catch (CommandInputException | WaddleException e) {
            Log.debug("Command {} by {} refused: {}", getCode(), owner, e.getMessage());
            note(command, "error", e.getMessage());
        } catch (WaddleStorageException e) {
            Log.error("Command {} by {} failed in the Waddle database", getCode(), owner, e);
            note(command, "error", "The Waddle database could not be reached; nothing was changed. Try again later.");
        } catch (RuntimeException e) {
            Log.error("Command {} by {} failed", getCode(), owner, e);
            note(command, "error", "Something went wrong on the server; the server's admins can find the details in "
                    + "its log.");
        }
    }

    /**
     * Does what the form asks as {@code caller}; may add a result form to {@code command}.
     *
     * @return what was done, for an {@code info} note
     */
    abstract String run(Did caller, FormValues form, Element command) throws CommandInputException, WaddleException;

    // ---- shared fields

    /** A list-single of the caller's Waddles (required). */
    void waddleChoice(Optional<Did> caller, CommandForm form) {
        Map<String, String> options = new LinkedHashMap<>();
        caller.ifPresent(did -> service.waddlesOf(did).forEach(waddle ->
                options.put(waddle.slug().value(), waddle.name() + " (" + waddle.slug() + ")")));
        form.listSingle(WADDLE, "Waddle", options).required();
    }

    WaddleSlug waddle(FormValues form) throws CommandInputException, WaddleException {
        return WaddleSlug.parse(form.required(WADDLE, "Waddle"));
    }

    Waddle existing(WaddleSlug slug) throws WaddleException {
        return service.find(slug).orElseThrow(() -> new WaddleException(WaddleException.Reason.NOT_FOUND,
                "There is no Waddle '" + slug + "'"));
    }

    /** A result form listing the rooms of the Waddle's channels, so clients can offer to enter them. */
    List<String> addRooms(WaddleSlug slug, Element command, String title) throws WaddleException {
        List<String> rooms = service.channels(slug).stream().map(channel -> channel.roomJid(mucDomain)).toList();
        CommandForm result = CommandForm.result(command, FORM_TYPE_PREFIX + name(), title);
        result.textSingle(WADDLE, "Waddle").value(slug.value());
        result.jidMulti(ROOMS, "Channel rooms").values(rooms);
        return rooms;
    }

    static String channelList(List<Channel> channels) {
        return String.join(", ", channels.stream().map(channel -> channel.slug().value()).toList());
    }

    static void note(Element command, String type, String text) {
        command.addElement("note").addAttribute("type", type).setText(text);
    }
}
