package social.waddle.openfire.community;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.dom4j.Element;
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
import social.waddle.openfire.commands.CommandRefusedException;
import social.waddle.openfire.commands.SingleStageCommand;

/**
 * A one-form <a href="https://xmpp.org/extensions/xep-0050.html">XEP-0050</a> command for the accounts of this
 * server ({@link SingleStageCommand}). The caller acts as the DID behind their JID; the domain decides what that DID
 * may do: its refusals become {@code error} notes, what was done an {@code info} note.
 */
abstract class UserCommand extends SingleStageCommand {

    private static final Logger Log = LoggerFactory.getLogger(UserCommand.class);

    static final String FORM_TYPE_PREFIX = CommunityCommands.NODE_PREFIX;

    /** Field variables shared by several commands. */
    static final String WADDLE = "waddle";
    static final String ROOMS = "rooms";

    final WaddleService service;
    final People people;
    final String mucDomain;
    final Clock clock;
    private final String name;

    /** @param name the part of the node after the prefix, e.g. {@code create-waddle} */
    UserCommand(CommunityCommands.Context context, String name, String label) {
        super(CommunityCommands.NODE_PREFIX + name, label, true);
        this.name = name;
        this.service = context.service();
        this.people = context.people();
        this.mucDomain = context.mucDomain();
        this.clock = context.clock();
    }

    /** The part of the node after the prefix, e.g. {@code create-waddle}. */
    final String name() {
        return name;
    }

    /** Listed to, and runnable by, every account of this server; ATProto is checked when it runs, with a clear note. */
    @Override
    public boolean hasPermission(JID requester) {
        return people.isLocalAccount(requester);
    }

    @Override
    protected void describe(JID owner, Element command) {
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
    protected final void run(JID owner, Map<String, List<String>> values, Element command)
            throws CommandRefusedException {
        try {
            Did caller = people.caller(owner);
            note(command, "info", run(caller, new FormValues(values), command));
        } catch (CommandInputException | WaddleException e) {
            throw new CommandRefusedException(e.getMessage());
        } catch (WaddleStorageException e) {
            Log.error("Command {} by {} failed in the Waddle database", getCode(), owner, e);
            throw new CommandRefusedException("The Waddle database could not be reached; nothing was changed. Try "
                    + "again later.");
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
}
