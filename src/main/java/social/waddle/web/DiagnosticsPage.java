package social.waddle.web;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import social.waddle.atproto.identity.ResolutionTrace;

/**
 * Diagnosis for an admin: resolve a handle or DID step by step, reach the PLC directory and a PDS, and see which XMPP
 * features Waddle relies on the server offers. Each action is a POST (it makes outbound requests); its result is kept
 * in the admin's session and shown by the GET after the redirect.
 */
public final class DiagnosticsPage extends AdminPage {

    private static final long serialVersionUID = 1L;

    public static final String PAGE_ID = "waddle-diagnostics";
    private static final String TRACE = "diagnostics.trace";
    private static final String REACH = "diagnostics.reach";
    private static final String XMPP = "diagnostics.xmpp";

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

    public record View(String lastInput, String lastPds, Optional<TraceView> trace, Optional<List<ProbeRow>> probes,
                       Optional<XmppView> xmpp) {
    }

    @Override
    protected PageResult get(PageRequest request) {
        request.services().require(Diagnostics.class);
        Optional<TraceView> trace = request.kept(TRACE, TraceView.class);
        @SuppressWarnings("unchecked")
        Optional<List<ProbeRow>> probes = request.kept(REACH, List.class).map(list -> (List<ProbeRow>) list);
        String lastPds = request.kept(REACH + ".pds", String.class).orElse("");
        return PageResult.view("diagnostics.jte", new View(trace.map(TraceView::input).orElse(""), lastPds, trace, probes,
                request.kept(XMPP, XmppView.class)));
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

    private static String millis(Duration elapsed) {
        return elapsed.toMillis() + " ms";
    }
}
