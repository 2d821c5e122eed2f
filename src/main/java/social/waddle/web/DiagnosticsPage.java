package social.waddle.web;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import social.waddle.atproto.identity.ResolutionTrace;
import social.waddle.community.ListLink;
import social.waddle.community.ListSync;
import social.waddle.community.SyncPlan;
import social.waddle.community.Waddle;
import social.waddle.community.WaddleException;
import social.waddle.community.WaddleService;

/**
 * Diagnosis for an admin: resolve a handle or DID step by step, reach the PLC directory and a PDS, and see which XMPP
 * features Waddle relies on the server offers, and run a dry Bluesky sync of a Waddle's linked list (what it would
 * change, changing nothing). Each action is a POST (it makes outbound requests); its result is kept
 * in the admin's session and shown by the GET after the redirect.
 */
public final class DiagnosticsPage extends AdminPage {

    private static final long serialVersionUID = 1L;

    public static final String PAGE_ID = "waddle-diagnostics";
    private static final String TRACE = "diagnostics.trace";
    private static final String REACH = "diagnostics.reach";
    private static final String XMPP = "diagnostics.xmpp";
    private static final String DRY_SYNC = "diagnostics.drySync";
    /** The most changes of a dry sync listed; the counts above the table are always complete. */
    static final int MAX_DRY_SYNC_ROWS = 500;

    @Override
    protected String pageId() {
        return PAGE_ID;
    }

    @Override
    protected String titleKey() {
        return "admin.diagnostics.title";
    }

    /** @param advice what the admin can do about a failed step, or empty */
    public record StepRow(String name, String outcome, String outcomeClass, String detail, String elapsed, String advice) {
    }

    public record TraceView(String input, List<StepRow> steps, boolean resolved, String summary, String advice) {
    }

    public record ProbeRow(String what, String uri, boolean ok, String status, String elapsed, String detail) {
    }

    public record XmppRow(String name, boolean present, String where, String advice) {
    }

    public record XmppView(String domain, List<XmppRow> rows, List<String> problems) {
    }

    /** A linked list to pick: {@code value} is the link's id. */
    public record LinkOption(String value, String label, boolean selected) {
    }

    /** One change a dry sync would make, to a person named by handle when known, and always by DID. */
    public record ChangeRow(String change, String person, String did) {
    }

    /**
     * A dry sync of the Waddle {@code waddle} for the list {@code listUri}: its changes, how many the Waddle's other
     * lists would make in the same run, and why it could not run ({@code error}) when it could not.
     */
    public record DrySyncView(String waddle, String listName, String listUri, String counts, List<ChangeRow> rows,
                              int omitted, int otherListsChanges, List<String> notes, String error) {
    }

    public record View(String lastInput, String lastPds, Optional<TraceView> trace, Optional<List<ProbeRow>> probes,
                       Optional<XmppView> xmpp, boolean listSyncAvailable, List<LinkOption> links,
                       Optional<DrySyncView> drySync) {
    }

    @Override
    protected PageResult get(PageRequest request) {
        request.services().require(Diagnostics.class);
        Optional<TraceView> trace = request.kept(TRACE, TraceView.class);
        @SuppressWarnings("unchecked")
        Optional<List<ProbeRow>> probes = request.kept(REACH, List.class).map(list -> (List<ProbeRow>) list);
        String lastPds = request.kept(REACH + ".pds", String.class).orElse("");
        Optional<DrySyncView> drySync = request.kept(DRY_SYNC, DrySyncView.class);
        String lastLink = request.kept(DRY_SYNC + ".link", String.class).orElse("");
        Optional<WaddleAdministration> waddles = request.services().find(WaddleAdministration.class);
        List<LinkOption> links = new ArrayList<>();
        if (waddles.isPresent()) {
            for (ListLink link : waddles.get().service().allListLinks()) {
                Optional<Waddle> waddle = waddles.get().service().find(link.waddleId());
                if (waddle.isPresent()) {
                    String value = Long.toString(link.id());
                    links.add(new LinkOption(value, request.t("admin.diagnostics.drySync.option", waddle.get().name(),
                            waddle.get().slug().value(), link.name().isEmpty() ? link.uri() : link.name(),
                            request.t("admin.waddles.lists.kind." + link.kind().name().toLowerCase(Locale.ROOT))),
                            value.equals(lastLink)));
                }
            }
        }
        return PageResult.view("diagnostics.jte", new View(trace.map(TraceView::input).orElse(""), lastPds, trace, probes,
                request.kept(XMPP, XmppView.class), request.services().find(ListSync.class).isPresent(), links,
                drySync));
    }

    @Override
    protected PageResult post(PageRequest request) {
        Diagnostics diagnostics = request.services().require(Diagnostics.class);
        switch (request.parameter("action")) {
            case "trace":
                return trace(request, diagnostics);
            case "reach":
                return reach(request, diagnostics);
            case "xmpp":
                return xmpp(request, diagnostics);
            case "drySync":
                return drySync(request);
            default:
                return PageResult.error(PAGE_ID, request.t("admin.error.unknownAction"));
        }
    }

    private static PageResult trace(PageRequest request, Diagnostics diagnostics) {
        String input = request.parameter("input");
        if (input.startsWith("@")) {
            input = input.substring(1);
        }
        if (input.isEmpty()) {
            return PageResult.error(PAGE_ID, request.t("admin.diagnostics.trace.empty"));
        }
        ResolutionTrace trace = diagnostics.trace(input);
        List<StepRow> rows = new ArrayList<>();
        for (ResolutionTrace.Step step : trace.steps()) {
            String outcome = step.outcome().name().toLowerCase(Locale.ROOT);
            rows.add(new StepRow(request.t("admin.diagnostics.step." + step.kind().name().toLowerCase(Locale.ROOT)),
                    request.t("admin.diagnostics.outcome." + outcome), "waddle-outcome-" + outcome,
                    step.detail(), millis(step.elapsed()),
                    step.failure().map(failure -> request.t("admin.diagnostics.advice." + failure.name())).orElse("")));
        }
        String summary;
        String advice = "";
        if (trace.identity().isPresent()) {
            var identity = trace.identity().get();
            summary = request.t(identity.handle().isPresent() ? "admin.diagnostics.trace.resolved" : "admin.diagnostics.trace.resolvedNoHandle",
                    identity.did(), identity.handle().map(Object::toString).orElse(""), identity.pds());
            request.keep(REACH + ".pds", identity.pds().toString());
        } else {
            var failure = trace.failure().orElseThrow();
            summary = request.t("admin.diagnostics.trace.failed", failure.getMessage());
            advice = request.t("admin.diagnostics.advice." + failure.failure().name());
        }
        request.keep(TRACE, new TraceView(trace.input(), rows, trace.resolved(), summary, advice));
        request.audit("Ran a Waddle identity diagnosis", trace.input() + (trace.resolved() ? ": resolved" : ": failed"));
        return trace.resolved() ? PageResult.success(PAGE_ID, request.t("admin.diagnostics.trace.done", trace.input()))
                : PageResult.error(PAGE_ID, request.t("admin.diagnostics.trace.doneFailed", trace.input()));
    }

    private static PageResult reach(PageRequest request, Diagnostics diagnostics) {
        List<ProbeRow> rows = new ArrayList<>();
        URI plc = diagnostics.plcDirectory();
        rows.add(row(request, request.t("admin.diagnostics.reach.plc"), diagnostics.probe(plc)));
        String pds = request.parameter("pds");
        request.keep(REACH + ".pds", pds);
        if (!pds.isEmpty()) {
            Optional<URI> health = healthUri(pds);
            if (health.isEmpty()) {
                request.keep(REACH, rows);
                return PageResult.error(PAGE_ID, request.t("admin.diagnostics.reach.badPds", pds));
            }
            rows.add(row(request, request.t("admin.diagnostics.reach.pds"), diagnostics.probe(health.get())));
        }
        request.keep(REACH, rows);
        boolean allOk = rows.stream().allMatch(ProbeRow::ok);
        return allOk ? PageResult.success(PAGE_ID, request.t("admin.diagnostics.reach.done"))
                : PageResult.error(PAGE_ID, request.t("admin.diagnostics.reach.doneFailed"));
    }

    /** {@code <pds>/xrpc/_health} for an http(s) URL with a host; anything else is refused before a request is made. */
    static Optional<URI> healthUri(String pds) {
        try {
            URI uri = new URI(pds.endsWith("/") ? pds.substring(0, pds.length() - 1) : pds);
            if (!("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) || uri.getHost() == null
                    || uri.getUserInfo() != null || uri.getQuery() != null || uri.getFragment() != null) {
                return Optional.empty();
            }
            return Optional.of(new URI(uri.getScheme(), null, uri.getHost(), uri.getPort(), "/xrpc/_health", null, null));
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }

    private static ProbeRow row(PageRequest request, String what, Diagnostics.Probe probe) {
        String status = probe.status() < 0 ? request.t("admin.diagnostics.reach.noAnswer") : "HTTP " + probe.status();
        return new ProbeRow(what, probe.uri().toString(), probe.ok(), status, millis(probe.elapsed()), probe.failure());
    }

    private static PageResult xmpp(PageRequest request, Diagnostics diagnostics) {
        Diagnostics.XmppDiscovery discovery = diagnostics.discoverXmpp();
        List<XmppRow> rows = new ArrayList<>();
        for (XmppRequirements.Result result : XmppRequirements.evaluate(discovery)) {
            rows.add(new XmppRow(request.t(result.nameKey()), result.present(), result.where(),
                    result.present() ? "" : request.t(result.adviceKey(), discovery.domain(), discovery.mucService())));
        }
        request.keep(XMPP, new XmppView(discovery.domain(), rows, discovery.problems()));
        long missing = rows.stream().filter(row -> !row.present()).count();
        return missing == 0 ? PageResult.success(PAGE_ID, request.t("admin.diagnostics.xmpp.done"))
                : new PageResult.Redirect(PAGE_ID, Flash.Kind.WARNING, request.t("admin.diagnostics.xmpp.missing", missing));
    }

    /**
     * Runs {@link ListSync#sync} as a dry run for the Waddle of the chosen link (the plan of a Waddle depends on all its
     * lists: a ban wins over membership) and keeps the changes made for that list.
     */
    private static PageResult drySync(PageRequest request) {
        Optional<ListSync> sync = request.services().find(ListSync.class);
        Optional<WaddleAdministration> waddles = request.services().find(WaddleAdministration.class);
        if (sync.isEmpty() || waddles.isEmpty()) {
            return PageResult.error(PAGE_ID, request.t("admin.waddles.lists.unavailable"));
        }
        String chosen = request.parameter("link");
        request.keep(DRY_SYNC + ".link", chosen);
        WaddleService service = waddles.get().service();
        Optional<ListLink> link = service.allListLinks().stream()
                .filter(candidate -> Long.toString(candidate.id()).equals(chosen)).findFirst();
        Optional<Waddle> waddle = link.flatMap(found -> service.find(found.waddleId()));
        if (link.isEmpty() || waddle.isEmpty()) {
            return PageResult.error(PAGE_ID, request.t("admin.diagnostics.drySync.noLink"));
        }
        String uri = link.get().uri();
        String name = link.get().name().isEmpty() ? uri : link.get().name();
        String slug = waddle.get().slug().value();
        ListSync.Outcome outcome;
        try {
            outcome = sync.get().sync(waddle.get().slug(), true);
        } catch (WaddleException e) {
            outcome = ListSync.Outcome.failed(e.getMessage(), 0, true);
        }
        request.audit("Ran a dry Bluesky sync", slug + ": " + uri + (outcome.error().isPresent() ? ": failed" : ""));
        if (outcome.error().isPresent()) {
            request.keep(DRY_SYNC, new DrySyncView(slug, name, uri, "", List.of(), 0, 0, List.of(),
                    outcome.error().get()));
            return PageResult.error(PAGE_ID, request.t("admin.diagnostics.drySync.failed", name));
        }
        SyncPlan plan = outcome.plan().orElseThrow();
        People people = People.of(request);
        List<ChangeRow> rows = new ArrayList<>();
        int[] mine = new int[4];
        int all = 0;
        List<List<SyncPlan.Change>> groups = List.of(plan.adds(), plan.removals(), plan.bans(), plan.lifts());
        String[] labels = {"add", "remove", "ban", "unban"};
        for (int i = 0; i < groups.size(); i++) {
            for (SyncPlan.Change change : groups.get(i)) {
                all++;
                if (!change.listUri().equals(uri)) {
                    continue;
                }
                mine[i]++;
                if (rows.size() < MAX_DRY_SYNC_ROWS) {
                    String person = people.name(change.did());
                    rows.add(new ChangeRow(request.t("admin.diagnostics.drySync.change." + labels[i]),
                            person.equals(change.did().toString()) ? "" : person, change.did().toString()));
                }
            }
        }
        int total = mine[0] + mine[1] + mine[2] + mine[3];
        String counts = request.t("admin.diagnostics.drySync.counts", mine[0], mine[1], mine[2], mine[3],
                outcome.xrpcCalls());
        request.keep(DRY_SYNC, new DrySyncView(slug, name, uri, counts, rows, total - rows.size(), all - total,
                plan.notes(), ""));
        return PageResult.success(PAGE_ID, request.t(total == 0 ? "admin.diagnostics.drySync.nothing"
                : "admin.diagnostics.drySync.done", name, total));
    }

    private static String millis(Duration elapsed) {
        return elapsed.toMillis() + " ms";
    }
}
