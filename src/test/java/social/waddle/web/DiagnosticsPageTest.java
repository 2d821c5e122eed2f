package social.waddle.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import social.waddle.atproto.AtprotoException;
import social.waddle.atproto.AtprotoException.Failure;
import social.waddle.atproto.identity.ResolutionTrace;
import social.waddle.atproto.identity.ResolutionTrace.Outcome;
import social.waddle.atproto.identity.ResolutionTrace.Step;
import social.waddle.atproto.identity.ResolutionTrace.StepKind;
import social.waddle.atproto.graph.ListPurpose;
import social.waddle.atproto.syntax.Did;
import social.waddle.community.Actor;
import social.waddle.community.ListSync;
import social.waddle.community.Member;
import social.waddle.community.SyncMode;
import social.waddle.community.Visibility;
import social.waddle.community.WaddleSlug;

class DiagnosticsPageTest {

    private static final String ALICE = "did:plc:aliceaaaaaaaaaaaaaaaaaaa";

    private ConsoleFixture console;
    private ConsoleFixture.Client admin;

    @BeforeEach
    void start() throws Exception {
        console = new ConsoleFixture();
        admin = console.admin();
    }

    @AfterEach
    void stop() throws Exception {
        console.close();
    }

    @Test
    void aResolvedHandleShowsEveryStepWithItsTime() throws Exception {
        console.diagnostics.traces.put("alice.test", new ResolutionTrace("alice.test", List.of(
                ConsoleFixture.FakeDiagnostics.step(StepKind.SYNTAX, Outcome.OK, "handle"),
                ConsoleFixture.FakeDiagnostics.step(StepKind.DNS_TXT, Outcome.OK, ALICE),
                new Step(StepKind.HTTPS_WELL_KNOWN, Outcome.FAILED, "Could not connect to alice.test", Duration.ofMillis(40), Optional.of(Failure.NETWORK)),
                ConsoleFixture.FakeDiagnostics.step(StepKind.XRPC_RESOLVE_HANDLE, Outcome.SKIPPED, ""),
                ConsoleFixture.FakeDiagnostics.step(StepKind.DID_DOCUMENT, Outcome.OK, "https://plc.directory/" + ALICE),
                ConsoleFixture.FakeDiagnostics.step(StepKind.HANDLE_CHECK, Outcome.OK, "claims alice.test"),
                ConsoleFixture.FakeDiagnostics.step(StepKind.PDS, Outcome.OK, "https://pds.example.com"),
                ConsoleFixture.FakeDiagnostics.step(StepKind.SIGNING_KEY, Outcome.OK, "SECP256K1 " + ConsoleFixture.MULTIKEY)),
                Optional.of(ConsoleFixture.identity(ALICE, "alice.test", "https://pds.example.com")), Optional.empty()));

        ConsoleFixture.Client.Response response = admin.submit(DiagnosticsPage.PAGE_ID, "action", "trace", "input", "@alice.test");

        assertThat(response.status()).isEqualTo(303);
        String page = admin.follow(response).body();
        assertThat(page).contains("<div class=\"success\" role=\"status\">Diagnosis of alice.test finished: it resolves.</div>")
                .contains("Resolves to " + ALICE + " with the verified handle alice.test; PDS https://pds.example.com.")
                .contains("DNS TXT _atproto").contains("HTTPS /.well-known/atproto-did").contains("Not configured")
                .contains("40 ms").contains("Could not connect: check this server's outbound network")
                .contains("Signing key").contains(ConsoleFixture.MULTIKEY)
                .contains("value=\"alice.test\"")
                .contains("value=\"https://pds.example.com\"");
        assertThat(console.audit).singleElement().asString().contains("alice.test: resolved");
    }

    @Test
    void aFailedResolutionSaysWhyAndWhatToDo() throws Exception {
        ConsoleFixture.Client.Response response = admin.submit(DiagnosticsPage.PAGE_ID, "action", "trace", "input", "nobody.test");

        String page = admin.follow(response).body();
        assertThat(page).contains("<div class=\"error\" role=\"alert\">Diagnosis of nobody.test finished: it does not resolve.")
                .contains("Does not resolve: Handle nobody.test does not resolve to a DID (tried dns)")
                .contains("Nothing is published for this name").contains("No answer");
    }

    @Test
    void hostileInputAndDetailsAreEscaped() throws Exception {
        String hostile = "<img src=x onerror=alert(1)>";
        console.diagnostics.traces.put(hostile, new ResolutionTrace(hostile, List.of(new Step(StepKind.SYNTAX, Outcome.FAILED,
                "Not a handle: " + hostile, Duration.ofMillis(1), Optional.of(Failure.INVALID_SYNTAX))), Optional.empty(),
                Optional.of(new AtprotoException(Failure.INVALID_SYNTAX, "Not a handle: " + hostile))));

        ConsoleFixture.Client.Response response = admin.submit(DiagnosticsPage.PAGE_ID, "action", "trace", "input", hostile);

        assertThat(admin.follow(response).body()).doesNotContain("<img").contains("&lt;img src=x onerror=alert(1)&gt;")
                .contains("Check the spelling");
    }

    @Test
    void anEmptyInputAsksForAHandleOrDid() throws Exception {
        ConsoleFixture.Client.Response response = admin.submit(DiagnosticsPage.PAGE_ID, "action", "trace", "input", "  ");

        assertThat(admin.follow(response).body()).contains("class=\"error\"").contains("Type a handle");
    }

    @Test
    void reachabilityGetsThePlcRootAndThePdsHealth() throws Exception {
        URI plc = URI.create("https://plc.example.test");
        URI health = URI.create("https://pds.example.com/xrpc/_health");
        console.diagnostics.probes.put(plc, new Diagnostics.Probe(plc, 200, Duration.ofMillis(21), ""));
        console.diagnostics.probes.put(health, new Diagnostics.Probe(health, 503, Duration.ofMillis(8), "HTTP 503"));

        ConsoleFixture.Client.Response response = admin.submit(DiagnosticsPage.PAGE_ID, "action", "reach", "pds", "https://pds.example.com/");

        assertThat(console.diagnostics.probed).containsExactly(plc, health);
        String page = admin.follow(response).body();
        assertThat(page).contains("Not every service answered").contains("HTTP 200").contains("21 ms").contains("HTTP 503")
                .contains(health.toString());
    }

    @Test
    void aPdsThatIsNotAnHttpUrlIsNotRequested() throws Exception {
        ConsoleFixture.Client.Response response = admin.submit(DiagnosticsPage.PAGE_ID, "action", "reach", "pds", "file:///etc/passwd");

        assertThat(console.diagnostics.probed).containsExactly(URI.create("https://plc.example.test"));
        assertThat(admin.follow(response).body()).contains("is not an http(s) URL");
    }

    @Test
    void xmppFeaturesShowWhatIsOfferedAndAdviseOnWhatIsMissing() throws Exception {
        console.diagnostics.discovery = new Diagnostics.XmppDiscovery("example.test", "conference.example.test", List.of(
                new Diagnostics.Entity("example.test", Set.of("server/im", "pubsub/pep"), Set.of("vcard-temp", XmppRequirements.MAM)),
                new Diagnostics.Entity("conference.example.test", Set.of("conference/text"), Set.of(XmppRequirements.MUC))),
                List.of("httpfileupload.example.test: no answer within 15 s"));

        ConsoleFixture.Client.Response response = admin.submit(DiagnosticsPage.PAGE_ID, "action", "xmpp");

        String page = admin.follow(response).body();
        assertThat(page).contains("<div class=\"warning\" role=\"status\">2 feature(s) Waddle relies on are missing")
                .contains("Install the HTTP File Upload plugin")
                .contains("Install the Monitoring Service plugin and enable group chat archiving")
                .contains("conference.example.test").contains("httpfileupload.example.test: no answer within 15 s");
    }

    @Test
    void anUnknownActionChangesNothing() throws Exception {
        ConsoleFixture.Client.Response response = admin.submit(DiagnosticsPage.PAGE_ID, "action", "format-disk");

        assertThat(admin.follow(response).body()).contains("That action is not known");
    }

    @Test
    void aDrySyncOfALinkedListShowsWhatItWouldChangeAndChangesNothing() throws Exception {
        Did owner = did("did:plc:aaaaaaaaaaaaaaaaaaaaaaaa");
        Did stays = did("did:plc:bbbbbbbbbbbbbbbbbbbbbbbb");
        Did joins = did("did:plc:cccccccccccccccccccccccc");
        Did troll = did("did:plc:dddddddddddddddddddddddd");
        WaddleSlug penguins = new WaddleSlug("penguins");
        console.waddles.service().createWaddle(owner, penguins, "Penguins", "", Visibility.PUBLIC);
        console.lists.put(owner, "crew", "Crew <b>", ListPurpose.CURATION, Set.of(stays));
        console.lists.put(owner, "trolls", "Trolls", ListPurpose.MODERATION, Set.of());
        ListSync sync = console.listSync();
        sync.link(Actor.of(owner), penguins, "at://" + owner + "/app.bsky.graph.list/crew", SyncMode.EXACT);
        sync.link(Actor.of(owner), penguins, "at://" + owner + "/app.bsky.graph.list/trolls", SyncMode.ADD_ONLY);
        console.lists.put(owner, "crew", "Crew <b>", ListPurpose.CURATION, Set.of(joins, troll));
        console.lists.put(owner, "trolls", "Trolls", ListPurpose.MODERATION, Set.of(troll));
        var linksBefore = console.waddles.service().listLinks(penguins);
        long crew = linksBefore.get(0).id();

        String form = admin.get(DiagnosticsPage.PAGE_ID).body();
        assertThat(form).contains("Penguins (penguins): Crew &lt;b&gt;, Members").doesNotContain("Crew <b>");
        ConsoleFixture.Client.Response response = admin.submit(DiagnosticsPage.PAGE_ID, "action", "drySync", "link",
                Long.toString(crew));

        assertThat(response.status()).isEqualTo(303);
        String page = admin.follow(response).body();
        assertThat(page).contains("A sync would make 2 change(s) for Crew &lt;b&gt;; nothing was changed.")
                .contains("Would add 1, remove 1, ban 0 and lift 0 bans")
                .contains("Add as member").contains(joins.toString())
                .contains("Remove from members").contains(stays.toString())
                .contains("other linked lists would make 1 more change(s)");
        assertThat(console.waddles.service().members(penguins).stream().map(Member::did))
                .containsExactlyInAnyOrder(owner, stays);
        assertThat(console.waddles.service().listLinks(penguins)).as("not even the links' last sync")
                .isEqualTo(linksBefore);
        assertThat(console.audit).anySatisfy(line -> assertThat(line).contains("Ran a dry Bluesky sync"));

        console.lists.down = true;
        String failed = admin.follow(admin.submit(DiagnosticsPage.PAGE_ID, "action", "drySync", "link",
                Long.toString(crew))).body();
        assertThat(failed).contains("could not read Bluesky; nothing was changed")
                .contains("Could not connect to the PDS");
        assertThat(admin.follow(admin.submit(DiagnosticsPage.PAGE_ID, "action", "drySync", "link", "999")).body())
                .contains("no longer linked");
    }

    private static Did did(String value) {
        try {
            return Did.parse(value);
        } catch (AtprotoException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
