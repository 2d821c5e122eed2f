package social.waddle.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import social.waddle.testbed.Await;
import social.waddle.testbed.LocalNetworkSettings;
import social.waddle.testbed.atproto.AtprotoNetwork;
import social.waddle.testbed.atproto.AtprotoNetworkExtension;
import social.waddle.testbed.atproto.TestAccount;
import social.waddle.testbed.openfire.OpenfireServer;
import social.waddle.testbed.openfire.XmppTestClient;

/**
 * A Bluesky list of 240 items (three pages of {@code listRecords}) linked to a Waddle in the real Openfire 5.x admin
 * console, in headless Chromium, against the real PDS and PLC: the items name well-formed DIDs nobody registered, which
 * the sync skips with the reason shown on the Waddle page; the Diagnostics page's dry sync shows who a sync would add
 * (by handle and DID) and changes nothing; the PDS stopped between two pages of a "Sync now" leaves the Waddle unchanged and
 * the Waddle page shows the error; the next sync converges. Calls to the PDS are spaced by 1 s
 * ({@code waddle.lists.pdsCallInterval}) so that the PDS is stopped after the first page, before the second.
 * Screenshots go to {@code target/screenshots/list-sync-*.png}.
 */
@ExtendWith(AtprotoNetworkExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ListSyncConsoleIT {

    private static final String DOMAIN = "waddle.test";
    private static final int LISTED = 240;
    private static final String BASE32 = "abcdefghijklmnopqrstuvwxyz234567";
    private static final ObjectMapper JSON = new ObjectMapper();

    private AtprotoNetwork network;
    private OpenfireServer server;
    private WebDriverClient browser;
    private Path screenshots;
    private TestAccount owner;
    private TestAccount joiner;
    private TestAccount late;

    @BeforeAll
    void start(AtprotoNetwork atprotoNetwork) throws Exception {
        network = atprotoNetwork;
        owner = network.createAccount("lena");
        joiner = network.createAccount("joiner");
        late = network.createAccount("latecomer");
        Map<String, String> properties = new HashMap<>(LocalNetworkSettings.forPlugin(network, "did:web:" + DOMAIN));
        properties.put("waddle.lists.pdsCallInterval", "1s");
        properties.put("waddle.lists.sync.enabled", "false");
        server = OpenfireServer.start(OpenfireServer.Options.defaults().label("list-sync-console").domain(DOMAIN)
                .properties(properties));
        Assumptions.assumeTrue(server.isOpenfire5(), "the Openfire 4.2.0 fallback has no admin console");
        WebDriverClient.missingBrowser().ifPresent(missing -> {
            throw new IllegalStateException(missing);
        });
        Path build = Path.of(System.getProperty("waddle.buildDir", "target"));
        screenshots = build.resolve("screenshots");
        browser = WebDriverClient.start(build.resolve("chromedriver-list-sync.log"));
        browser.open(server.adminConsoleUri().resolve("login.jsp"));
        browser.type(browser.find("#u01"), server.adminUsername());
        browser.type(browser.find("#p01"), server.adminPassword());
        browser.script("HTMLFormElement.prototype.submit.call(document.forms.loginForm)");
        browser.find("#jive-header");
    }

    @AfterAll
    void stop() throws Exception {
        try {
            if (browser != null) {
                browser.close();
            }
        } finally {
            if (server != null) {
                server.close();
            }
        }
    }

    @Test
    void aDrySyncShowsWhatWouldChangeAndAPdsStoppedMidSyncChangesNothingShowsTheErrorAndTheNextSyncConverges()
            throws Exception {
        // The joiner logs in once, so the console knows their handle.
        try (XmppTestClient ignored = XmppTestClient.login(server, joiner.handle(), joiner.appPassword())) {
            assertThat(ignored).isNotNull();
        }
        String list = createList();
        addItems(list, LISTED);

        open(WaddlesPage.PAGE_ID);
        browser.type(browser.find("#create-name"), "Listed");
        browser.type(browser.find("#create-slug"), "listed");
        browser.type(browser.find("#create-owner"), owner.did());
        browser.click(browser.find("#create-form input[type=submit]"));
        awaitBox("div.success", "Waddle Listed was created");

        browser.type(browser.find("#link-list"), list);
        browser.click(browser.find("#link-list-form input[type=submit]"));
        awaitBox("div.success", "Bluesky sync done: 0 added");
        assertThat(browser.text(browser.find("#linked-lists tbody"))).contains(LISTED + " skipped (not added):")
                .containsPattern("(did:plc:[a-z2-7]{24}) does not resolve: No DID document for \\1");
        assertThat(membersHeader()).isEqualTo("Members (1)");
        browser.screenshot(screenshots.resolve("list-sync-unresolvable-skipped.png"));

        // Diagnostics: a dry sync shows the joiner, by handle and DID, and changes nothing.
        createItem(list, joiner.did());
        open(DiagnosticsPage.PAGE_ID);
        browser.click(browser.find("form input[type=submit][value='Show what a sync would change']"));
        awaitBox("div.success", "A sync would make 1 change(s) for Penguin crew");
        String changes = browser.text(browser.find("#dry-sync-changes tbody"));
        assertThat(changes).contains("Add as member").contains(joiner.handle()).contains(joiner.did());
        browser.screenshot(screenshots.resolve("list-sync-diagnostics-dry-sync.png"));
        open("waddle-waddles?waddle=listed");
        assertThat(membersHeader()).isEqualTo("Members (1)");

        // The PDS stops after the first page of a "Sync now": nothing changes, the page shows the error.
        createItem(list, late.did());
        network.resetCounts();
        CompletableFuture<Void> syncing = CompletableFuture.runAsync(() -> {
            try {
                browser.click(browser.find("#sync-lists"));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        Await.until("the first page of list items to be read", Duration.ofSeconds(60), () -> network.xrpcCount("com.atproto.repo.listRecords") >= 1);
        network.stopPds();
        try {
            syncing.get(60, TimeUnit.SECONDS);
            awaitBox("div.error", "The Bluesky sync stopped and changed nothing");
            assertThat(network.xrpcCount("com.atproto.repo.listRecords")).as("stopped between pages").isEqualTo(1);
            String linked = browser.text(browser.find("#linked-lists tbody"));
            assertThat(linked).contains("Reading " + list + " failed");
            assertThat(membersHeader()).isEqualTo("Members (1)");
            browser.screenshot(screenshots.resolve("list-sync-pds-stopped.png"));
        } finally {
            network.startPds();
        }
        Await.until("the PDS to answer again", Duration.ofSeconds(60), network::pdsAcceptsConnections);

        browser.click(browser.find("#sync-lists"));
        awaitBox("div.success", "Bluesky sync done: 2 added, 0 removed");
        assertThat(membersHeader()).isEqualTo("Members (3)");
        assertThat(browser.text(browser.find("#linked-lists tbody"))).doesNotContain("failed");
        browser.screenshot(screenshots.resolve("list-sync-converged.png"));
    }

    private void open(String pageAndQuery) throws Exception {
        browser.open(server.adminConsoleUri().resolve("plugins/waddle/" + pageAndQuery));
        browser.find("#jive-header");
    }

    private void awaitBox(String box, String start) throws InterruptedException {
        browser.waitUntil("a box " + box + " starting with \"" + start + "\"", () -> {
            try {
                return browser.script("var box = document.querySelector(arguments[0]); return box ? box.innerText : ''",
                        box).asText().startsWith(start);
            } catch (Exception stillLoading) {
                return false;
            }
        });
    }

    private String membersHeader() throws Exception {
        return browser.text(browser.find("#members")).strip();
    }

    private String createList() {
        ObjectNode record = JSON.createObjectNode().put("$type", "app.bsky.graph.list")
                .put("purpose", "app.bsky.graph.defs#curatelist").put("name", "Penguin crew")
                .put("createdAt", Instant.now().toString());
        ObjectNode input = JSON.createObjectNode().put("repo", owner.did()).put("collection", "app.bsky.graph.list");
        input.set("record", record);
        return network.xrpcPost("com.atproto.repo.createRecord", input, owner.accessJwt()).get("uri").asText();
    }

    private void createItem(String list, String subject) {
        ObjectNode input = JSON.createObjectNode().put("repo", owner.did()).put("collection", "app.bsky.graph.listitem");
        input.set("record", item(list, subject));
        network.xrpcPost("com.atproto.repo.createRecord", input, owner.accessJwt());
    }

    /** {@code count} items naming syntactically valid did:plc DIDs, with applyWrites (100 per call). */
    private void addItems(String list, int count) {
        for (int start = 0; start < count; start += 100) {
            ArrayNode writes = JSON.createArrayNode();
            for (int i = start; i < Math.min(count, start + 100); i++) {
                writes.addObject().put("$type", "com.atproto.repo.applyWrites#create")
                        .put("collection", "app.bsky.graph.listitem").set("value", item(list, plc(i)));
            }
            ObjectNode input = JSON.createObjectNode().put("repo", owner.did());
            input.set("writes", writes);
            network.xrpcPost("com.atproto.repo.applyWrites", input, owner.accessJwt());
        }
    }

    private static ObjectNode item(String list, String subject) {
        return JSON.createObjectNode().put("$type", "app.bsky.graph.listitem").put("subject", subject).put("list", list)
                .put("createdAt", Instant.now().toString());
    }

    private static String plc(int n) {
        StringBuilder id = new StringBuilder();
        int value = n;
        for (int i = 0; i < 24; i++) {
            id.append(BASE32.charAt(value % 32));
            value /= 32;
        }
        return "did:plc:" + id;
    }
}
