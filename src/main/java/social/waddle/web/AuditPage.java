package social.waddle.web;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import social.waddle.atproto.syntax.Did;
import social.waddle.community.Actor;
import social.waddle.community.AuditAction;
import social.waddle.community.AuditEntry;
import social.waddle.community.AuditQuery;
import social.waddle.community.WaddleRepository;
import social.waddle.community.WaddleSlug;

/**
 * The Waddle audit log of every Waddle, deleted ones included, newest first: filtered by Waddle, actor (a DID, a
 * known handle, or a console admin's username), action and a range of days (UTC), and paged by the database.
 */
public final class AuditPage extends AdminPage {

    private static final long serialVersionUID = 1L;

    public static final String PAGE_ID = "waddle-audit";

    @Override
    protected String pageId() {
        return PAGE_ID;
    }

    @Override
    protected String titleKey() {
        return "admin.audit.title";
    }

    public record Row(String at, String waddle, String waddleHref, String actor, boolean byServerAdmin, String action,
                      String target, String channel, String detail) {
    }

    /** @param problems why a filter was not applied, one per refused filter */
    public record View(String waddle, String actor, String from, String to, List<Option> actions, List<Row> rows,
                       Paging paging, List<WaddlesPage.PageLink> pages, String previousHref, String nextHref,
                       List<String> problems, boolean filtered) {

        public boolean empty() {
            return rows.isEmpty();
        }
    }

    @Override
    protected PageResult get(PageRequest request) {
        WaddleRepository repository = request.services().require(WaddleAdministration.class).repository();
        People people = People.of(request);
        List<String> problems = new ArrayList<>();
        AuditQuery query = AuditQuery.all();

        String waddle = request.parameter("waddle");
        if (!waddle.isEmpty()) {
            if (WaddleSlug.isValid(waddle)) {
                query = query.withWaddle(new WaddleSlug(waddle));
            } else {
                problems.add(request.t("admin.audit.badWaddle", waddle));
            }
        }
        String actor = request.parameter("actor");
        if (!actor.isEmpty()) {
            Optional<Actor> who = actor(people, actor);
            if (who.isPresent()) {
                query = query.withActor(who.get());
            } else {
                problems.add(request.t("admin.audit.badActor", actor));
            }
        }
        String action = request.parameter("action");
        Optional<AuditAction> chosen = Optional.empty();
        if (!action.isEmpty()) {
            try {
                chosen = Optional.of(AuditAction.valueOf(action));
                query = query.withAction(chosen.get());
            } catch (IllegalArgumentException e) {
                problems.add(request.t("admin.audit.badAction", action));
            }
        }
        String from = request.parameter("from");
        String to = request.parameter("to");
        Optional<Instant> start = day(from, problems, request).map(day -> day.atStartOfDay().toInstant(ZoneOffset.UTC));
        Optional<Instant> end = day(to, problems, request).map(day -> day.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC));
        query = query.between(start, end);

        int total = problems.isEmpty() ? repository.countAudit(query) : 0;
        Paging paging = Paging.from(request.http(), total);
        List<Row> rows = new ArrayList<>();
        if (problems.isEmpty()) {
            for (AuditEntry entry : repository.findAudit(query, paging.start(), paging.range())) {
                rows.add(row(request, people, entry));
            }
        }
        Map<String, String> keep = new LinkedHashMap<>();
        keep.put("waddle", waddle);
        keep.put("actor", actor);
        keep.put("action", action);
        keep.put("from", from);
        keep.put("to", to);
        List<WaddlesPage.PageLink> pages = paging.links().stream()
                .map(link -> new WaddlesPage.PageLink(link.number(), PAGE_ID + "?" + paging.query(link.start(), keep), link.current(),
                        link.gapBefore()))
                .toList();
        String previous = paging.currentPage() > 1 ? PAGE_ID + "?" + paging.query(paging.start() - paging.range(), keep) : "";
        String next = paging.currentPage() < paging.pageCount() ? PAGE_ID + "?" + paging.query(paging.start() + paging.range(), keep) : "";
        List<Option> actions = new ArrayList<>();
        actions.add(new Option("", request.t("admin.audit.anyAction"), chosen.isEmpty()));
        for (AuditAction each : AuditAction.values()) {
            actions.add(new Option(each.name(), actionLabel(request, each), chosen.filter(each::equals).isPresent()));
        }
        boolean filtered = keep.values().stream().anyMatch(value -> !value.isEmpty());
        return PageResult.view("audit.jte", new View(waddle, actor, from, to, actions, rows, paging, pages, previous, next,
                problems, filtered));
    }

    private static Optional<Actor> actor(People people, String input) {
        if (input.startsWith("did:") || input.startsWith("@") || input.contains(".")) {
            Optional<Did> did = people.find(input);
            if (did.isPresent() || input.startsWith("did:") || input.startsWith("@")) {
                return did.map(Actor::of);
            }
        }
        try {
            return Optional.of(Actor.serverAdmin(input));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static Optional<LocalDate> day(String value, List<String> problems, PageRequest request) {
        if (value.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(LocalDate.parse(value));
        } catch (DateTimeParseException e) {
            problems.add(request.t("admin.audit.badDay", value));
            return Optional.empty();
        }
    }

    private static Row row(PageRequest request, People people, AuditEntry entry) {
        Optional<Actor> actedBy = entry.actedBy();
        String actor = actedBy.map(who -> WaddlesPage.actorName(request, people, who)).orElse(request.t("admin.audit.server"));
        String slug = entry.waddleSlug().value();
        return new Row(Dates.format(entry.at()), slug, WaddlesPage.detailHref(slug), actor,
                actedBy.filter(Actor.ServerAdmin.class::isInstance).isPresent(), actionLabel(request, entry.action()),
                entry.target().map(people::name).orElse(""), entry.channel().map(Object::toString).orElse(""), entry.detail());
    }

    private static String actionLabel(PageRequest request, AuditAction action) {
        return request.t("admin.audit.action." + action.name().toLowerCase(Locale.ROOT));
    }
}
