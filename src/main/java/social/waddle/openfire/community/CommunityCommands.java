package social.waddle.openfire.community;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

import org.dom4j.Element;
import org.jivesoftware.openfire.commands.AdHocCommand;

import social.waddle.atproto.syntax.Did;
import social.waddle.community.Ban;
import social.waddle.community.Channel;
import social.waddle.community.ChannelKind;
import social.waddle.community.ChannelSlug;
import social.waddle.community.Invite;
import social.waddle.community.Role;
import social.waddle.community.Visibility;
import social.waddle.community.Waddle;
import social.waddle.community.WaddleException;
import social.waddle.community.WaddleService;
import social.waddle.community.WaddleSlug;

/**
 * The <a href="https://xmpp.org/extensions/xep-0050.html">XEP-0050</a> commands people use to run Waddles from their
 * XMPP client. Each is one form; who may do what is decided by {@link WaddleService}.
 */
public final class CommunityCommands {

    public static final String NODE_PREFIX = "urn:waddle:openfire:0#";

    public static final String CREATE_WADDLE = NODE_PREFIX + "create-waddle";
    public static final String EDIT_WADDLE = NODE_PREFIX + "edit-waddle";
    public static final String ADD_CHANNEL = NODE_PREFIX + "add-channel";
    public static final String REMOVE_CHANNEL = NODE_PREFIX + "remove-channel";
    public static final String CREATE_INVITE = NODE_PREFIX + "create-invite";
    public static final String JOIN_WADDLE = NODE_PREFIX + "join-waddle";
    public static final String JOIN_WITH_INVITE = NODE_PREFIX + "join-with-invite";
    public static final String LEAVE_WADDLE = NODE_PREFIX + "leave-waddle";
    public static final String SET_ROLE = NODE_PREFIX + "set-role";
    public static final String BAN = NODE_PREFIX + "ban";
    public static final String UNBAN = NODE_PREFIX + "unban";
    public static final String DELETE_WADDLE = NODE_PREFIX + "delete-waddle";

    /** Form field variables. */
    public static final String WADDLE = UserCommand.WADDLE;
    public static final String ROOMS = UserCommand.ROOMS;
    public static final String SLUG = "slug";
    public static final String NAME = "name";
    public static final String DESCRIPTION = "description";
    public static final String VISIBILITY = "visibility";
    public static final String CHANNELS = "channels";
    public static final String CHANNEL = "channel";
    public static final String TOPIC = "topic";
    public static final String KIND = "kind";
    public static final String EXPIRES = "expires";
    public static final String MAX_USES = "max-uses";
    public static final String CODE = "code";
    public static final String PERSON = "person";
    public static final String ROLE = "role";
    public static final String REASON = "reason";
    public static final String CONFIRM = "confirm";

    /** What every command needs: the domain, who people are, where the rooms live, the time. */
    record Context(WaddleService service, People people, String mucDomain, Clock clock) {

        Context {
            Objects.requireNonNull(service);
            Objects.requireNonNull(people);
            Objects.requireNonNull(mucDomain);
            Objects.requireNonNull(clock);
        }
    }

    private CommunityCommands() {
    }

    /**
     * The commands in the order clients list them: what everyone does (join, leave), then running a Waddle, the
     * irreversible delete last.
     *
     * @param xmppDomain the server's domain, where the callers' accounts live
     * @param mucDomain  the MUC service's domain, where channel rooms live, e.g. {@code conference.example.com}
     */
    public static List<AdHocCommand> all(WaddleService service, String xmppDomain, String mucDomain, Clock clock) {
        Context context = new Context(service, new People(xmppDomain), mucDomain, clock);
        return List.of(new JoinWaddle(context), new JoinWithInvite(context), new LeaveWaddle(context),
                new CreateWaddle(context), new EditWaddle(context), new AddChannel(context), new RemoveChannel(context),
                new CreateInvite(context), new SetRole(context), new BanPerson(context), new LiftBan(context),
                new DeleteWaddle(context));
    }

    private static final String SLUG_RULES = "lower-case letters, digits and hyphens";

    static Map<String, String> visibilityOptions() {
        Map<String, String> options = new LinkedHashMap<>();
        options.put(FormValues.optionValue(Visibility.PUBLIC), "Public: listed, anyone may join");
        options.put(FormValues.optionValue(Visibility.INVITE_ONLY), "Invite only: listed, joined with an invite");
        options.put(FormValues.optionValue(Visibility.PRIVATE), "Private: unlisted, joined with an invite");
        return options;
    }

    /** Ownership is not a role to give: it moves by a transfer. */
    static final List<Role> OFFERED_ROLES = List.of(Role.MEMBER, Role.MODERATOR, Role.ADMIN);

    static Map<String, String> roleOptions() {
        Map<String, String> options = new LinkedHashMap<>();
        options.put(FormValues.optionValue(Role.MEMBER), "Member");
        options.put(FormValues.optionValue(Role.MODERATOR), "Moderator: invites, removes and bans members");
        options.put(FormValues.optionValue(Role.ADMIN), "Admin: also manages the Waddle, its channels and roles");
        return options;
    }

    static Map<String, String> kindOptions() {
        Map<String, String> options = new LinkedHashMap<>();
        options.put(FormValues.optionValue(ChannelKind.TEXT), "Text: everyone talks");
        options.put(FormValues.optionValue(ChannelKind.ANNOUNCEMENT), "Announcements: only moderators and above post");
        return options;
    }

    /** A channel named on one line of the create form: {@code <slug> [display name]}. */
    record ChannelLine(ChannelSlug slug, String name) {

        static ChannelLine parse(String line) throws WaddleException {
            String[] parts = line.strip().split("\\s+", 2);
            ChannelSlug slug = ChannelSlug.parse(parts[0].toLowerCase(Locale.ROOT));
            String name = parts.length > 1 ? parts[1].strip() : displayName(slug);
            return new ChannelLine(slug, name);
        }

        /** {@code off-topic} → {@code Off topic}. */
        static String displayName(ChannelSlug slug) {
            String spaced = slug.value().replace('-', ' ');
            return Character.toUpperCase(spaced.charAt(0)) + spaced.substring(1);
        }
    }

    static final class CreateWaddle extends UserCommand {

        CreateWaddle(Context context) {
            super(context, "create-waddle", "Create a Waddle");
        }

        @Override
        String instructions() {
            return "A Waddle is a community whose channels are chat rooms. You will be its owner.";
        }

        @Override
        void describeForm(Optional<Did> caller, CommandForm form) {
            form.textSingle(SLUG, "Address").required()
                    .describedAs("Unique and permanent, " + SLUG_RULES + "; it names the channel rooms.");
            form.textSingle(NAME, "Name").required();
            form.textMulti(DESCRIPTION, "Description");
            form.listSingle(VISIBILITY, "Who may find and join it", visibilityOptions()).required()
                    .value(FormValues.optionValue(Visibility.PUBLIC));
            form.textMulti(CHANNELS, "Channels")
                    .describedAs("One per line: an address (" + SLUG_RULES + ") and a name, e.g. 'news News'. A '"
                            + WaddleService.FIRST_CHANNEL_SLUG + "' channel is always there.");
        }

        @Override
        String run(Did caller, FormValues form, Element command) throws CommandInputException, WaddleException {
            WaddleSlug slug = WaddleSlug.parse(form.required(SLUG, "Address").toLowerCase(Locale.ROOT));
            String name = form.required(NAME, "Name");
            String description = form.multiline(DESCRIPTION);
            Visibility visibility = form.choice(VISIBILITY, "Who may find and join it", Visibility.class)
                    .orElse(Visibility.PUBLIC);
            List<ChannelLine> channels = channelLines(form.lines(CHANNELS));

            service.createWaddle(caller, slug, name, description, visibility);
            List<String> problems = new ArrayList<>();
            for (ChannelLine channel : channels) {
                try {
                    if (channel.slug().equals(WaddleService.FIRST_CHANNEL_SLUG)) {
                        service.renameChannel(caller, slug, channel.slug(), channel.name());
                    } else {
                        service.addChannel(caller, slug, channel.slug(), channel.name(), "", ChannelKind.TEXT);
                    }
                } catch (WaddleException e) {
                    problems.add(e.getMessage());
                }
            }
            List<Channel> created = service.channels(slug);
            addRooms(slug, command, "Waddle " + slug);
            if (!problems.isEmpty()) {
                note(command, "warn", "Some channels could not be set up: " + String.join("; ", problems));
            }
            return "Waddle '" + slug + "' created with channels " + channelList(created) + ".";
        }

        /** Every line read before anything is created, so a typo creates nothing. */
        private static List<ChannelLine> channelLines(List<String> lines) throws CommandInputException, WaddleException {
            List<ChannelLine> channels = new ArrayList<>();
            Set<ChannelSlug> seen = new LinkedHashSet<>();
            for (String line : lines) {
                ChannelLine channel = ChannelLine.parse(line);
                if (!seen.add(channel.slug())) {
                    throw new CommandInputException("'Channels' names '" + channel.slug() + "' twice.");
                }
                channels.add(channel);
            }
            if (channels.size() >= WaddleService.MAX_CHANNELS) {
                throw new CommandInputException("'Channels' names more than " + (WaddleService.MAX_CHANNELS - 1)
                        + " channels.");
            }
            return channels;
        }
    }

    static final class EditWaddle extends UserCommand {

        EditWaddle(Context context) {
            super(context, "edit-waddle", "Edit a Waddle");
        }

        @Override
        String instructions() {
            return "Fields left empty keep their value. Admins and the owner may edit.";
        }

        @Override
        void describeForm(Optional<Did> caller, CommandForm form) {
            waddleChoice(caller, form);
            form.textSingle(NAME, "New name");
            form.textMulti(DESCRIPTION, "New description");
            form.listSingle(VISIBILITY, "Who may find and join it", visibilityOptions());
        }

        @Override
        String run(Did caller, FormValues form, Element command) throws CommandInputException, WaddleException {
            WaddleSlug slug = waddle(form);
            Optional<Visibility> visibility = form.choice(VISIBILITY, "Who may find and join it", Visibility.class);
            Waddle current = existing(slug);
            String description = form.multiline(DESCRIPTION);
            Waddle updated = service.updateWaddle(caller, slug, form.text(NAME).orElse(current.name()),
                    description.isEmpty() ? current.description() : description,
                    visibility.orElse(current.visibility()));
            return updated.equals(current) ? "Nothing to change in Waddle '" + slug + "'."
                    : "Waddle '" + slug + "' saved.";
        }
    }

    static final class AddChannel extends UserCommand {

        AddChannel(Context context) {
            super(context, "add-channel", "Add a channel to a Waddle");
        }

        @Override
        void describeForm(Optional<Did> caller, CommandForm form) {
            waddleChoice(caller, form);
            form.textSingle(CHANNEL, "Channel address").required()
                    .describedAs("Unique in the Waddle and permanent, " + SLUG_RULES + ".");
            form.textSingle(NAME, "Channel name").required();
            form.textSingle(TOPIC, "Topic");
            form.listSingle(KIND, "Kind", kindOptions()).required().value(FormValues.optionValue(ChannelKind.TEXT));
        }

        @Override
        String run(Did caller, FormValues form, Element command) throws CommandInputException, WaddleException {
            WaddleSlug slug = waddle(form);
            ChannelSlug channel = ChannelSlug.parse(form.required(CHANNEL, "Channel address").toLowerCase(Locale.ROOT));
            ChannelKind kind = form.choice(KIND, "Kind", ChannelKind.class).orElse(ChannelKind.TEXT);
            Channel added = service.addChannel(caller, slug, channel, form.required(NAME, "Channel name"),
                    form.text(TOPIC).orElse(""), kind);
            CommandForm result = CommandForm.result(command, FORM_TYPE_PREFIX + name(), "Channel " + channel);
            result.jidSingle(ROOMS, "Channel room").value(added.roomJid(mucDomain));
            return "Channel '" + channel + "' added to Waddle '" + slug + "': " + added.roomJid(mucDomain) + ".";
        }
    }

    static final class RemoveChannel extends UserCommand {

        RemoveChannel(Context context) {
            super(context, "remove-channel", "Remove a channel from a Waddle");
        }

        @Override
        String instructions() {
            return "The channel's room is destroyed. The default channel cannot be removed.";
        }

        @Override
        void describeForm(Optional<Did> caller, CommandForm form) {
            waddleChoice(caller, form);
            form.textSingle(CHANNEL, "Channel address").required();
        }

        @Override
        String run(Did caller, FormValues form, Element command) throws CommandInputException, WaddleException {
            WaddleSlug slug = waddle(form);
            ChannelSlug channel = ChannelSlug.parse(form.required(CHANNEL, "Channel address").toLowerCase(Locale.ROOT));
            service.removeChannel(caller, slug, channel);
            return "Channel '" + channel + "' removed from Waddle '" + slug + "'.";
        }
    }

    static final class CreateInvite extends UserCommand {

        CreateInvite(Context context) {
            super(context, "create-invite", "Create an invite to a Waddle");
        }

        @Override
        void describeForm(Optional<Did> caller, CommandForm form) {
            waddleChoice(caller, form);
            form.textSingle(EXPIRES, "Expires after")
                    .describedAs("A time span such as 30m, 12h, 7d or 2w, or a time such as 2030-01-01T00:00:00Z. "
                            + "Empty: never.");
            form.textSingle(MAX_USES, "Number of uses")
                    .describedAs("1 to " + WaddleService.MAX_INVITE_USES + ". Empty: any number.");
        }

        @Override
        String run(Did caller, FormValues form, Element command) throws CommandInputException, WaddleException {
            WaddleSlug slug = waddle(form);
            Optional<Instant> expiresAt = form.expiry(EXPIRES, "Expires after", clock.instant());
            OptionalInt maxUses = form.number(MAX_USES, "Number of uses", 1, WaddleService.MAX_INVITE_USES);
            Invite invite = service.createInvite(caller, slug, expiresAt, maxUses);
            CommandForm result = CommandForm.result(command, FORM_TYPE_PREFIX + name(), "Invite to " + slug);
            result.textSingle(CODE, "Invite code").value(invite.code());
            invite.expiresAt().ifPresent(at -> result.textSingle(EXPIRES, "Expires at").value(at.toString()));
            return "Invite to Waddle '" + slug + "': " + invite.code()
                    + invite.expiresAt().map(at -> ", valid until " + at).orElse("")
                    + (maxUses.isPresent() ? ", for " + maxUses.getAsInt() + " use(s)" : "") + ".";
        }
    }

    static final class JoinWaddle extends UserCommand {

        JoinWaddle(Context context) {
            super(context, "join-waddle", "Join a public Waddle");
        }

        @Override
        void describeForm(Optional<Did> caller, CommandForm form) {
            form.textSingle(WADDLE, "Waddle address").required();
        }

        @Override
        String run(Did caller, FormValues form, Element command) throws CommandInputException, WaddleException {
            WaddleSlug slug = WaddleSlug.parse(form.required(WADDLE, "Waddle address").toLowerCase(Locale.ROOT));
            service.join(caller, slug);
            List<String> rooms = addRooms(slug, command, "Waddle " + slug);
            return "You are now a member of Waddle '" + slug + "'. Its channels: " + String.join(", ", rooms) + ".";
        }
    }

    static final class JoinWithInvite extends UserCommand {

        JoinWithInvite(Context context) {
            super(context, "join-with-invite", "Join a Waddle with an invite");
        }

        @Override
        void describeForm(Optional<Did> caller, CommandForm form) {
            form.textSingle(CODE, "Invite code").required();
        }

        @Override
        String run(Did caller, FormValues form, Element command) throws CommandInputException, WaddleException {
            String code = form.required(CODE, "Invite code");
            long waddleId = service.joinWithInvite(caller, code).waddleId();
            WaddleSlug slug = service.waddlesOf(caller).stream().filter(waddle -> waddle.id() == waddleId)
                    .map(Waddle::slug).findFirst().orElseThrow(() -> new WaddleException(
                            WaddleException.Reason.NOT_FOUND, "The Waddle of this invite has just been deleted"));
            List<String> rooms = addRooms(slug, command, "Waddle " + slug);
            return "You are now a member of Waddle '" + slug + "'. Its channels: " + String.join(", ", rooms) + ".";
        }
    }

    static final class LeaveWaddle extends UserCommand {

        LeaveWaddle(Context context) {
            super(context, "leave-waddle", "Leave a Waddle");
        }

        @Override
        void describeForm(Optional<Did> caller, CommandForm form) {
            waddleChoice(caller, form);
        }

        @Override
        String run(Did caller, FormValues form, Element command) throws CommandInputException, WaddleException {
            WaddleSlug slug = waddle(form);
            service.leave(caller, slug);
            return "You have left Waddle '" + slug + "'.";
        }
    }

    static final class SetRole extends UserCommand {

        SetRole(Context context) {
            super(context, "set-role", "Set a member's role");
        }

        @Override
        void describeForm(Optional<Did> caller, CommandForm form) {
            waddleChoice(caller, form);
            form.jidSingle(PERSON, "Member").required().describedAs("Their JID on " + people.xmppDomain()
                    + ", or their DID.");
            form.listSingle(ROLE, "Role", roleOptions()).required();
        }

        @Override
        String run(Did caller, FormValues form, Element command) throws CommandInputException, WaddleException {
            WaddleSlug slug = waddle(form);
            Did member = people.person("Member", form.required(PERSON, "Member"));
            Role role = form.requiredChoice(ROLE, "Role", OFFERED_ROLES);
            service.changeRole(caller, slug, member, role);
            return people.jidOf(member) + " is now " + FormValues.optionValue(role) + " of Waddle '" + slug + "'.";
        }
    }

    static final class BanPerson extends UserCommand {

        BanPerson(Context context) {
            super(context, "ban", "Ban someone from a Waddle");
        }

        @Override
        String instructions() {
            return "They stop being a member, are sent out of its channel rooms and cannot come back until the ban ends.";
        }

        @Override
        void describeForm(Optional<Did> caller, CommandForm form) {
            waddleChoice(caller, form);
            form.jidSingle(PERSON, "Person").required().describedAs("Their JID on " + people.xmppDomain()
                    + ", or their DID.");
            form.textSingle(REASON, "Reason");
            form.textSingle(EXPIRES, "Ban ends after")
                    .describedAs("A time span such as 30m, 12h, 7d or 2w, or a time such as 2030-01-01T00:00:00Z. "
                            + "Empty: never.");
        }

        @Override
        String run(Did caller, FormValues form, Element command) throws CommandInputException, WaddleException {
            WaddleSlug slug = waddle(form);
            Did target = people.person("Person", form.required(PERSON, "Person"));
            Optional<Instant> expiresAt = form.expiry(EXPIRES, "Ban ends after", clock.instant());
            Ban ban = service.ban(caller, slug, target, form.text(REASON).orElse(""), expiresAt);
            return people.jidOf(target) + " is banned from Waddle '" + slug + "'"
                    + ban.expiresAt().map(at -> " until " + at).orElse(" for good") + ".";
        }
    }

    static final class LiftBan extends UserCommand {

        LiftBan(Context context) {
            super(context, "unban", "Lift a ban from a Waddle");
        }

        @Override
        void describeForm(Optional<Did> caller, CommandForm form) {
            waddleChoice(caller, form);
            form.jidSingle(PERSON, "Person").required().describedAs("Their JID on " + people.xmppDomain()
                    + ", or their DID.");
        }

        @Override
        String run(Did caller, FormValues form, Element command) throws CommandInputException, WaddleException {
            WaddleSlug slug = waddle(form);
            Did target = people.person("Person", form.required(PERSON, "Person"));
            service.unban(caller, slug, target);
            return "The ban of " + people.jidOf(target) + " from Waddle '" + slug + "' is lifted; they may join again.";
        }
    }

    static final class DeleteWaddle extends UserCommand {

        DeleteWaddle(Context context) {
            super(context, "delete-waddle", "Delete a Waddle");
        }

        @Override
        String instructions() {
            return "The Waddle, its members, invites and bans are deleted and every channel room is destroyed. This "
                    + "cannot be undone. Only the owner may delete it.";
        }

        @Override
        void describeForm(Optional<Did> caller, CommandForm form) {
            waddleChoice(caller, form);
            form.bool(CONFIRM, "Yes, delete it and destroy its rooms").required().value("0");
        }

        @Override
        String run(Did caller, FormValues form, Element command) throws CommandInputException, WaddleException {
            WaddleSlug slug = waddle(form);
            if (!form.bool(CONFIRM)) {
                throw new CommandInputException("Waddle '" + slug + "' was not deleted: tick 'Yes, delete it and "
                        + "destroy its rooms' to confirm.");
            }
            service.deleteWaddle(caller, slug);
            return "Waddle '" + slug + "' is deleted and its rooms destroyed.";
        }
    }
}
