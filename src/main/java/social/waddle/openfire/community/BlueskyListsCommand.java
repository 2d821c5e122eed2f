package social.waddle.openfire.community;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import org.dom4j.Element;
import org.jivesoftware.openfire.commands.AdHocCommand;

import social.waddle.atproto.syntax.Did;
import social.waddle.community.Actor;
import social.waddle.community.ListLink;
import social.waddle.community.ListSync;
import social.waddle.community.SyncMode;
import social.waddle.community.SyncPlan;
import social.waddle.community.WaddleException;
import social.waddle.community.WaddleService;
import social.waddle.community.WaddleSlug;

/**
 * Links, unlinks and syncs a Waddle's Bluesky lists (admins and the owner; {@link WaddleService} checks): link a list
 * by its AT URI or bsky.app address (or {@value ListSync#BLOCKS_INPUT} for the owner's blocks), unlink it, sync now,
 * or see what a sync would change (dry run). The note says what was done and each linked list's state.
 */
public final class BlueskyListsCommand extends UserCommand {

    public static final String NODE = CommunityCommands.NODE_PREFIX + "bluesky-lists";

    static final String ACTION = "action";
    static final String LIST = "list";
    static final String MODE = "mode";

    private final ListSync lists;

    private BlueskyListsCommand(CommunityCommands.Context context, ListSync lists) {
        super(context, "bluesky-lists", "Bluesky lists of a Waddle");
        this.lists = lists;
    }

    public static AdHocCommand create(WaddleService service, ListSync lists, String xmppDomain, String mucDomain,
                                      Clock clock) {
        return new BlueskyListsCommand(new CommunityCommands.Context(service, new People(xmppDomain), mucDomain, clock),
                lists);
    }

    @Override
    String instructions() {
        return "Link a Bluesky list to a Waddle (its people become members; a moderation list bans its people), "
                + "unlink it, or sync now. Only lists of the Waddle's owner or admins can be linked.";
    }

    @Override
    void describeForm(Optional<Did> caller, CommandForm form) {
        waddleChoice(caller, form);
        Map<String, String> actions = new LinkedHashMap<>();
        actions.put("link", "Link a list");
        actions.put("unlink", "Unlink a list");
        actions.put("sync", "Sync now");
        actions.put("dry-run", "Show what a sync would change");
        form.listSingle(ACTION, "Action", actions).required();
        form.textSingle(LIST, "List (bsky.app address, at:// URI, or 'blocks' for the owner's blocks)");
        Map<String, String> modes = new LinkedHashMap<>();
        modes.put("add-only", "Add only: people added by hand stay");
        modes.put("exact", "Exact: the list is the member list (owner and admins stay)");
        form.listSingle(MODE, "Members mode", modes);
    }

    @Override
    String run(Did caller, FormValues form, Element command) throws CommandInputException, WaddleException {
        WaddleSlug slug = waddle(form);
        String action = form.required(ACTION, "Action");
        Actor actor = Actor.of(caller);
        ListSync.Outcome outcome;
        String done;
        switch (action) {
            case "link" -> {
                SyncMode mode = form.text(MODE).orElse("add-only").equals("exact") ? SyncMode.EXACT : SyncMode.ADD_ONLY;
                outcome = lists.link(actor, slug, form.required(LIST, "List"), mode);
                done = "Linked. ";
            }
            case "unlink" -> {
                service.unlinkList(actor, slug, linkedUri(slug, form.required(LIST, "List")));
                return "Unlinked; the next sync removes the members it added that no other list names and lifts its bans.";
            }
            case "sync", "dry-run" -> {
                requireAdmin(caller, slug);
                outcome = lists.sync(slug, action.equals("dry-run"));
                done = action.equals("dry-run") ? "Dry run, nothing changed. " : "Synced. ";
            }
            default -> throw new CommandInputException("Unknown action '" + action + "'");
        }
        if (outcome.error().isPresent()) {
            return done + "The sync stopped and changed nothing: " + outcome.error().get();
        }
        SyncPlan plan = outcome.plan().orElseThrow();
        return done + describe(plan, outcome.xrpcCalls()) + "\n" + status(slug);
    }

    /** Sync and dry run are for admins and the owner, like linking. */
    private void requireAdmin(Did caller, WaddleSlug slug) throws WaddleException {
        boolean admin = service.members(slug).stream().anyMatch(member -> member.did().equals(caller)
                && member.role().atLeast(social.waddle.community.Role.ADMIN));
        if (!admin) {
            throw new WaddleException(WaddleException.Reason.FORBIDDEN, "Only admins and the owner of Waddle '" + slug
                    + "' can sync its Bluesky lists");
        }
    }

    /** The linked URI the input names: the URI itself, or the link whose URI ends with the bsky.app address's key. */
    private String linkedUri(WaddleSlug slug, String input) throws WaddleException {
        String trimmed = input.strip();
        List<ListLink> links = service.listLinks(slug);
        for (ListLink link : links) {
            if (link.uri().equals(trimmed) || (trimmed.equalsIgnoreCase(ListSync.BLOCKS_INPUT)
                    && link.kind() == social.waddle.community.LinkKind.BLOCKS)
                    || (trimmed.startsWith("https://bsky.app/") && trimmed.replaceAll("/+$", "")
                            .endsWith("/lists/" + link.uri().substring(link.uri().lastIndexOf('/') + 1)))) {
                return link.uri();
            }
        }
        return trimmed;
    }

    static String describe(SyncPlan plan, int calls) {
        StringBuilder text = new StringBuilder(plan.adds().size() + " added, " + plan.removals().size() + " removed, "
                + plan.bans().size() + " banned, " + plan.lifts().size() + " bans lifted (" + calls + " XRPC calls).");
        if (!plan.notes().isEmpty()) {
            text.append(" Notes: ").append(String.join("; ", plan.notes().subList(0, Math.min(5, plan.notes().size()))));
        }
        return text.toString();
    }

    private String status(WaddleSlug slug) throws WaddleException {
        return service.listLinks(slug).stream().map(link -> link.uri() + " — " + link.name() + " ("
                + link.kind().name().toLowerCase(Locale.ROOT) + "): " + link.people() + " people"
                + link.lastError().map(error -> "; last error: " + error).orElse(""))
                .collect(Collectors.joining("\n"));
    }
}
