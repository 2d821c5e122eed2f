package social.waddle.openfire.community;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.jivesoftware.smack.XMPPException;
import org.jivesoftware.smackx.commands.AdHocCommandManager;
import org.jivesoftware.smackx.commands.AdHocCommandNote;
import org.jivesoftware.smackx.commands.RemoteCommand;
import org.jivesoftware.smackx.muc.Affiliate;
import org.jivesoftware.smackx.muc.MultiUserChat;
import org.jivesoftware.smackx.muc.MultiUserChatManager;
import org.jivesoftware.smackx.xdata.FormField;
import org.jivesoftware.smackx.xdata.form.FillableForm;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.jid.parts.Resourcepart;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

import social.waddle.testbed.Await;
import social.waddle.testbed.LocalNetworkSettings;
import social.waddle.testbed.atproto.AtprotoNetwork;
import social.waddle.testbed.atproto.AtprotoNetworkExtension;
import social.waddle.testbed.atproto.TestAccount;
import social.waddle.testbed.openfire.OpenfireServer;
import social.waddle.testbed.openfire.XmppTestClient;
import social.waddle.testbed.web.BlueskyWebSignIn;
import social.waddle.web.WebDriverClient;
import social.waddle.web.site.SiteCookies;

/**
 * The moderator pages and invite links on a real Openfire 5.x with the real PDS, in headless Chromium: a moderator
 * signed in with Bluesky sees only the Waddle they moderate, creates an invite link, bans and unbans a member (the
 * channel room's outcast list and the kicked occupant show it, over Smack) and cannot touch a Waddle where they are a
 * plain member (hidden, and refused on direct POST); a new person opens the invite link, signs in, comes back, finds
 * it pending on their home page, joins,
 * and enters the channel room with Smack. CSRF, markup in names, spent and revoked links, guessing codes. Screenshots:
 * {@code target/screenshots/manage-*.png}, {@code invite-*.png}.
 */
@ExtendWith(AtprotoNetworkExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ModeratorPagesBrowserIT {

    private static final String DOMAIN = "mods.test";
    private static final String COMPONENT = "waddle." + DOMAIN;
    private static final String MUC = "conference." + DOMAIN;
    private static final Duration ROOMS_FOLLOW = Duration.ofSeconds(30);
    private static final String HOSTILE_NAME = "Penguins \"><script>alert(1)</script><img src=x onerror=alert(2)>";
    private static final String HOSTILE_CHANNEL = "News <img src=x onerror=alert(3)>";
    private static final String SLUG = "penguins";
    private static final String PLAIN_SLUG = "plain";
    private static final String GENERAL = "general~" + SLUG + "@" + MUC;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();
    private AtprotoNetwork network;
    private OpenfireServer server;
    private Path screenshots;
    private WebDriverClient moderatorBrowser;
    private WebDriverClient newcomerBrowser;
    private TestAccount owner;
    private TestAccount moderator;
    private TestAccount troll;
    private TestAccount newcomer;
    private XmppTestClient ownerClient;
    private String managePath;
    private String inviteLink;

    @BeforeAll
    void start(AtprotoNetwork atprotoNetwork) throws Exception {
        network = atprotoNetwork;
        owner = network.createAccount("modowner");
        moderator = network.createAccount("modmo");
        troll = network.createAccount("modtroll");
        newcomer = network.createAccount("modnew");
        server = OpenfireServer.start(OpenfireServer.Options.defaults().label("mods").domain(DOMAIN).publicWeb()
                .properties(LocalNetworkSettings.forPlugin(network, "did:web:" + DOMAIN)));
        Assumptions.assumeTrue(server.isOpenfire5(), "the public pages need Openfire 5.x (Jetty 12 ee8)");
        Path build = Path.of(System.getProperty("waddle.buildDir", "target"));
        screenshots = build.resolve("screenshots");

        // The owner sets the Waddles up with the ad-hoc commands; the moderator moderates one, is a plain member of the other.
        ownerClient = XmppTestClient.login(server, owner.handle(), owner.appPassword());
        assertThat(run(ownerClient, CommunityCommands.CREATE_WADDLE, Map.of(CommunityCommands.SLUG, SLUG,
                CommunityCommands.NAME, HOSTILE_NAME, CommunityCommands.VISIBILITY, "public"))).isEmpty();
        assertThat(run(ownerClient, CommunityCommands.CREATE_WADDLE, Map.of(CommunityCommands.SLUG, PLAIN_SLUG,
                CommunityCommands.NAME, "Plain", CommunityCommands.VISIBILITY, "public"))).isEmpty();
        assertThat(run(ownerClient, CommunityCommands.ADD_CHANNEL, Map.of(UserCommand.WADDLE, SLUG,
                CommunityCommands.CHANNEL, "news", CommunityCommands.NAME, HOSTILE_CHANNEL))).isEmpty();
        try (XmppTestClient mo = XmppTestClient.login(server, moderator.handle(), moderator.appPassword());
             XmppTestClient trollClient = XmppTestClient.login(server, troll.handle(), troll.appPassword())) {
            for (String slug : List.of(SLUG, PLAIN_SLUG)) {
                assertThat(run(mo, CommunityCommands.JOIN_WADDLE, Map.of(UserCommand.WADDLE, slug))).isEmpty();
                assertThat(run(trollClient, CommunityCommands.JOIN_WADDLE, Map.of(UserCommand.WADDLE, slug))).isEmpty();
            }
        }
        assertThat(run(ownerClient, CommunityCommands.SET_ROLE, Map.of(UserCommand.WADDLE, SLUG,
                CommunityCommands.PERSON, moderator.did(), CommunityCommands.ROLE, "moderator"))).isEmpty();

        moderatorBrowser = BlueskyWebSignIn.startBrowser(build.resolve("chromedriver-mods.log"));
        newcomerBrowser = BlueskyWebSignIn.startBrowser(build.resolve("chromedriver-mods-newcomer.log"));
    }

    @AfterAll
    void stop() throws Exception {
        for (WebDriverClient browser : new WebDriverClient[] {moderatorBrowser, newcomerBrowser}) {
            if (browser != null) {
                browser.close();
            }
        }
        if (ownerClient != null) {
            ownerClient.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    @Order(1)
    void aModeratorSeesOnlyTheWaddleTheyModerateAndOnlyWhatTheirRoleAllows() throws Exception {
        BlueskyWebSignIn.signIn(moderatorBrowser, server, moderator, "/manage");
        List<String> links = moderatorBrowser.findAll("#managed a.site-waddle");
        assertThat(links).hasSize(1);
        assertThat(moderatorBrowser.text(links.get(0))).isEqualTo(HOSTILE_NAME);
        moderatorBrowser.screenshot(screenshots.resolve("manage-index.png"));
        moderatorBrowser.click(links.get(0));
        moderatorBrowser.find("#waddle-name");
        managePath = URI.create(moderatorBrowser.currentUrl()).getPath().substring("/waddle".length());
        assertThat(managePath).matches("/manage/[0-9]+");
        assertThat(moderatorBrowser.text(moderatorBrowser.find("#waddle-name"))).isEqualTo(HOSTILE_NAME);
        assertThat(moderatorBrowser.text(moderatorBrowser.find("#my-role"))).isEqualTo("Moderator");
        assertThat(moderatorBrowser.findAll("main script")).as("markup in names stays text").isEmpty();
        assertThat(moderatorBrowser.findAll("main img")).isEmpty();
        assertThat(moderatorBrowser.source()).contains(HOSTILE_CHANNEL.replace("<", "&lt;").replace(">", "&gt;"));
        assertThat(moderatorBrowser.alert()).isEmpty();
        // Hidden: channel management, roles, lists (admins and the owner); shown: bans, invites, removing members.
        assertThat(moderatorBrowser.findAll("#add-channel")).isEmpty();
        assertThat(moderatorBrowser.findAll("#lists")).isEmpty();
        assertThat(moderatorBrowser.findAll("select[name=\"role\"]")).isEmpty();
        assertThat(moderatorBrowser.findAll("#ban")).hasSize(1);
        assertThat(moderatorBrowser.findAll("#create-invite")).hasSize(1);
        // People by handle, not by DID.
        assertThat(moderatorBrowser.findAll("#members .site-person").stream().map(this::text).toList())
                .contains(troll.handle()).noneMatch(label -> label.startsWith("did:"));
        assertThat(text(moderatorBrowser.find("#member-count"))).startsWith("1\u20133 of 3 members");
        moderatorBrowser.screenshot(screenshots.resolve("manage-moderator.png"));

        // The member search (a GET form: no token in the address) finds people by part of their handle.
        moderatorBrowser.type(moderatorBrowser.find("#member-search input[name=\"q\"]"), "modtro");
        submit(moderatorBrowser, moderatorBrowser.find("#member-search button[type=\"submit\"]"));
        assertThat(moderatorBrowser.currentUrl()).contains("q=modtro").doesNotContain("csrf");
        assertThat(moderatorBrowser.findAll("#members .site-person").stream().map(this::text).toList())
                .containsExactly(troll.handle());
        assertThat(text(moderatorBrowser.find("#member-count"))).isEqualTo("1\u20131 of 1 members matching the search (3 in all)");
        moderatorBrowser.screenshot(screenshots.resolve("manage-member-search.png"));
    }

    @Test
    @Order(2)
    void aModeratorBansAndUnbansFromTheWebAndTheRoomFollows() throws Exception {
        try (XmppTestClient trollClient = XmppTestClient.login(server, troll.handle(), troll.appPassword())) {
            MultiUserChat ownerRoom = enter(ownerClient, GENERAL, owner.handle());
            MultiUserChat trollRoom = enter(trollClient, GENERAL, troll.handle());
            String trollJid = bareJid(troll);

            openManagePage();
            String ban = moderatorBrowser.find("#ban");
            moderatorBrowser.type(moderatorBrowser.find("#ban input[name=\"person\"]"), troll.handle());
            moderatorBrowser.type(moderatorBrowser.find("#ban input[name=\"reason\"]"), "spam <b>links</b>");
            moderatorBrowser.type(moderatorBrowser.find("#ban input[name=\"expires\"]"), "7d");
            submit(moderatorBrowser, moderatorBrowser.find("#ban button[type=\"submit\"]"));
            assertThat(ban).isNotEmpty();
            assertThat(text(moderatorBrowser.find(".site-flash-success"))).contains(troll.handle(), "banned until");
            assertThat(text(moderatorBrowser.find("#bans .site-person"))).isEqualTo(troll.handle());
            assertThat(moderatorBrowser.source()).contains("spam &lt;b&gt;links&lt;/b&gt;");
            moderatorBrowser.screenshot(screenshots.resolve("manage-banned.png"));

            Await.until(trollJid + " to be an outcast of " + GENERAL, ROOMS_FOLLOW,
                    () -> jids(outcasts(ownerRoom)).contains(trollJid));
            Await.until(trollJid + " to be sent out of " + GENERAL, ROOMS_FOLLOW, () -> !trollRoom.isJoined());

            // Banning the owner is refused by the service, with its reason, and changes nothing.
            moderatorBrowser.type(moderatorBrowser.find("#ban input[name=\"person\"]"), owner.handle());
            submit(moderatorBrowser, moderatorBrowser.find("#ban button[type=\"submit\"]"));
            assertThat(text(moderatorBrowser.find(".site-flash-error"))).contains("You cannot ban", owner.handle());
            moderatorBrowser.screenshot(screenshots.resolve("manage-refused.png"));

            submit(moderatorBrowser, moderatorBrowser.find("#bans button[type=\"submit\"]"));
            assertThat(text(moderatorBrowser.find(".site-flash-success"))).contains("lifted");
            assertThat(moderatorBrowser.findAll("#bans .site-person")).isEmpty();
            Await.until(trollJid + "'s ban to be lifted in " + GENERAL, ROOMS_FOLLOW,
                    () -> !jids(outcasts(ownerRoom)).contains(trollJid));
            ownerRoom.leave();
        }
    }

    @Test
    @Order(3)
    void aModeratorCannotTouchAWaddleWhereTheyAreAPlainMember() throws Exception {
        openManagePage();
        String token = csrf(moderatorBrowser.source());
        long managed = Long.parseLong(managePath.substring("/manage/".length()));
        // Every other Waddle id (the plain one among them) is "not yours" to GET and to POST, with a valid token.
        for (long id = 1; id <= managed + 3; id++) {
            if (id == managed) {
                continue;
            }
            HttpResponse<String> page = asModerator("/manage/" + id, null);
            assertThat(page.statusCode()).as("GET /manage/%s", id).isEqualTo(404);
            HttpResponse<String> ban = asModerator("/manage/" + id, Map.of("csrf", token, "action", "ban",
                    "person", troll.did(), "reason", "x"));
            assertThat(ban.statusCode()).as("POST /manage/%s", id).isEqualTo(404);
            assertThat(ban.body()).contains("There is no Waddle here that you moderate");
        }
        moderatorBrowser.open(URI.create(server.publicWebUri() + "/manage/" + (managed + 1)));
        assertThat(text(moderatorBrowser.find(".site-flash-error"))).contains("There is no Waddle here that you moderate");
        moderatorBrowser.screenshot(screenshots.resolve("manage-not-yours.png"));
        // The troll is still a member of the plain Waddle: joining again is refused as "already a member".
        try (XmppTestClient trollClient = XmppTestClient.login(server, troll.handle(), troll.appPassword())) {
            assertThat(String.join(" ", run(trollClient, CommunityCommands.JOIN_WADDLE,
                    Map.of(UserCommand.WADDLE, PLAIN_SLUG)))).contains("already a member");
        }
    }

    @Test
    @Order(4)
    void everyFormIsRefusedWithoutTheCsrfToken() throws Exception {
        openManagePage();
        int invitesBefore = moderatorBrowser.findAll("#invites .site-invite-link").size();
        List<String> membersBefore = moderatorBrowser.findAll("#members .site-person").stream().map(this::text).toList();
        for (String action : List.of("create-invite", "ban", "unban", "remove-member", "revoke-invite", "add-channel",
                "change-role", "link-list", "sync-lists", "dry-run", "rename-channel", "set-topic", "remove-channel",
                "unlink-list")) {
            HttpResponse<String> refused = asModerator(managePath, Map.of("action", action, "person", troll.did()));
            assertThat(refused.statusCode()).as(action).isEqualTo(403);
            assertThat(refused.body()).contains("Nothing was changed");
            HttpResponse<String> forged = asModerator(managePath, Map.of("action", action, "person", troll.did(),
                    "csrf", "forged"));
            assertThat(forged.statusCode()).as(action).isEqualTo(403);
        }
        HttpResponse<String> join = asModerator("/invite/abcdefgh", Map.of());
        assertThat(join.statusCode()).isEqualTo(403);
        openManagePage();
        assertThat(moderatorBrowser.findAll("#invites .site-invite-link")).hasSize(invitesBefore);
        assertThat(moderatorBrowser.findAll("#members .site-person").stream().map(this::text).toList())
                .isEqualTo(membersBefore);
    }

    @Test
    @Order(5)
    void anInviteLinkJoinsANewPersonEndToEnd() throws Exception {
        openManagePage();
        moderatorBrowser.type(moderatorBrowser.find("#create-invite input[name=\"expires\"]"), "1h");
        moderatorBrowser.type(moderatorBrowser.find("#create-invite input[name=\"uses\"]"), "1");
        submit(moderatorBrowser, moderatorBrowser.find("#create-invite button[type=\"submit\"]"));
        String flash = text(moderatorBrowser.find(".site-flash-success"));
        Matcher link = Pattern.compile("(http://\\S+/waddle/invite/[a-z0-9]+)").matcher(flash);
        assertThat(link.find()).as(flash).isTrue();
        inviteLink = link.group(1);
        assertThat(moderatorBrowser.findAll("#invites .site-invite-link").stream().map(this::text).toList())
                .contains(inviteLink);
        moderatorBrowser.screenshot(screenshots.resolve("manage-invite-created.png"));

        // Signed out: the Waddle's name and who invited, and a sign-in that comes back here.
        newcomerBrowser.open(URI.create(inviteLink));
        assertThat(text(newcomerBrowser, newcomerBrowser.find("#invite-waddle"))).isEqualTo(HOSTILE_NAME);
        assertThat(text(newcomerBrowser, newcomerBrowser.find("#invite-from"))).contains(moderator.handle());
        assertThat(newcomerBrowser.findAll("main script")).isEmpty();
        String signIn = newcomerBrowser.find("#sign-in-to-join");
        String invitePath = URI.create(inviteLink).getPath();
        assertThat(newcomerBrowser.script("return arguments[0].getAttribute('href')",
                Map.of("element-6066-11e4-a52e-4f735466cecf", signIn)).asText())
                .isEqualTo("/waddle/signin?return=" + URLEncoder.encode(invitePath, StandardCharsets.UTF_8));
        newcomerBrowser.screenshot(screenshots.resolve("invite-signed-out.png"));

        BlueskyWebSignIn.signIn(newcomerBrowser, server, newcomer, invitePath.substring("/waddle".length()));
        newcomerBrowser.find("#join-button");
        newcomerBrowser.screenshot(screenshots.resolve("invite-join.png"));

        // Not joined yet: the home page lists the invite they opened, and its link leads back to it.
        newcomerBrowser.open(URI.create(server.publicWebUri() + "/"));
        String pending = newcomerBrowser.find("#pending-invites li");
        assertThat(text(newcomerBrowser, pending)).contains(HOSTILE_NAME, moderator.handle());
        newcomerBrowser.screenshot(screenshots.resolve("home-pending-invite.png"));
        submit(newcomerBrowser, newcomerBrowser.find("#pending-invites a"));
        assertThat(newcomerBrowser.currentUrl()).isEqualTo(inviteLink);
        submit(newcomerBrowser, newcomerBrowser.find("#join-button"));
        assertThat(text(newcomerBrowser, newcomerBrowser.find(".site-flash-success"))).contains("You are now a member");
        assertThat(text(newcomerBrowser, newcomerBrowser.find("#room"))).isEqualTo(GENERAL);
        assertThat(text(newcomerBrowser, newcomerBrowser.find("#jid"))).isEqualTo(bareJid(newcomer));
        newcomerBrowser.screenshot(screenshots.resolve("invite-joined.png"));
        newcomerBrowser.open(URI.create(server.publicWebUri() + "/"));
        assertThat(text(newcomerBrowser, newcomerBrowser.find("#waddles"))).contains(HOSTILE_NAME);
        assertThat(newcomerBrowser.findAll("#pending-invites")).as("a used invite is no longer pending").isEmpty();

        // The new member is in the room's member list and enters it with Smack under their handle.
        try (XmppTestClient client = XmppTestClient.login(server, newcomer.handle(), newcomer.appPassword())) {
            MultiUserChat ownerRoom = enter(ownerClient, GENERAL, owner.handle());
            Await.until(bareJid(newcomer) + " to be a member of " + GENERAL, ROOMS_FOLLOW,
                    () -> jids(members(ownerRoom)).contains(bareJid(newcomer)));
            MultiUserChat room = enter(client, GENERAL, newcomer.handle());
            assertThat(room.isJoined()).isTrue();
            room.leave();
            ownerRoom.leave();
        }
    }

    @Test
    @Order(6)
    void spentRevokedAndUnknownLinksGetClearPagesAndGuessingIsLimited() throws Exception {
        // The newcomer, signed out, sees the single-use invite as used up.
        newcomerBrowser.open(URI.create(server.publicWebUri() + "/"));
        newcomerBrowser.click(newcomerBrowser.find("#signout-everywhere"));
        newcomerBrowser.find("#identifier");
        newcomerBrowser.open(URI.create(inviteLink));
        assertThat(text(newcomerBrowser, newcomerBrowser.find("#invite-used-up"))).contains("used as many times");
        newcomerBrowser.screenshot(screenshots.resolve("invite-used-up.png"));

        openManagePage();
        submit(moderatorBrowser, moderatorBrowser.find("#create-invite button[type=\"submit\"]"));
        Matcher link = Pattern.compile("(http://\\S+/waddle/invite/[a-z0-9]+)")
                .matcher(text(moderatorBrowser.find(".site-flash-success")));
        assertThat(link.find()).isTrue();
        String revoked = link.group(1);
        String code = revoked.substring(revoked.lastIndexOf('/') + 1);
        submit(moderatorBrowser, moderatorBrowser.find("#invites li[data-code=\"" + code + "\"] button[type=\"submit\"]"));
        assertThat(text(moderatorBrowser.find(".site-flash-success"))).contains("revoked");
        newcomerBrowser.open(URI.create(revoked));
        assertThat(text(newcomerBrowser, newcomerBrowser.find(".site-flash-error"))).contains("not valid");
        newcomerBrowser.screenshot(screenshots.resolve("invite-revoked.png"));

        // A member opening a link of their own Waddle is told how to chat, not asked to join again.
        moderatorBrowser.open(URI.create(inviteLink));
        assertThat(text(moderatorBrowser.find("#room"))).isEqualTo(GENERAL);
        moderatorBrowser.screenshot(screenshots.resolve("invite-already-member.png"));

        // Guessing: every lookup from one address counts; once spent, even a real code answers 429.
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 70; i++) {
            statuses.add(http.send(HttpRequest.newBuilder(URI.create(server.publicWebUri() + "/invite/guess" + i)).GET()
                    .build(), HttpResponse.BodyHandlers.ofString()).statusCode());
        }
        assertThat(statuses).contains(404, 429);
        assertThat(statuses.subList(statuses.indexOf(429), statuses.size())).containsOnly(429);
        HttpResponse<String> real = http.send(HttpRequest.newBuilder(URI.create(inviteLink)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(real.statusCode()).isEqualTo(429);
        assertThat(real.body()).contains("Too many invite links");
        newcomerBrowser.open(URI.create(inviteLink));
        newcomerBrowser.screenshot(screenshots.resolve("invite-too-many.png"));
    }

    @Test
    @Order(7)
    void theOwnerManagesChannelsRolesAndListsOnTheWeb() throws Exception {
        WebDriverClient browser = newcomerBrowser;
        BlueskyWebSignIn.signIn(browser, server, owner, managePath);
        assertThat(text(browser, browser.find("#my-role"))).isEqualTo("Owner");
        assertThat(browser.findAll("#add-channel")).hasSize(1);
        assertThat(browser.findAll("#lists")).hasSize(1);

        browser.type(browser.find("#add-channel input[name=\"slug\"]"), "web");
        browser.type(browser.find("#add-channel input[name=\"name\"]"), "Web <script>alert(4)</script>");
        submit(browser, browser.find("#add-channel button[type=\"submit\"]"));
        assertThat(text(browser, browser.find(".site-flash-success"))).contains("Web <script>alert(4)</script>");
        assertThat(browser.findAll("main script")).isEmpty();
        String webRoom = "web~" + SLUG + "@" + MUC;
        Await.until(webRoom + " to exist", ROOMS_FOLLOW, () -> {
            try {
                ownerClient.discoInfo(webRoom);
                return true;
            } catch (Exception e) {
                return false;
            }
        });

        String row = browser.find("#members li[data-did=\"" + newcomer.did() + "\"] select[name=\"role\"]");
        browser.script("arguments[0].value = 'moderator'", Map.of("element-6066-11e4-a52e-4f735466cecf", row));
        submit(browser, browser.find("#members li[data-did=\"" + newcomer.did() + "\"] form button[type=\"submit\"]"));
        assertThat(text(browser, browser.find(".site-flash-success"))).contains(newcomer.handle(), "Moderator");

        browser.type(browser.find("#link-list input[name=\"list\"]"), "blocks");
        submit(browser, browser.find("#link-list button[type=\"submit\"]"));
        assertThat(text(browser, browser.find(".site-flash-success"))).contains("Linked and synced");
        submit(browser, browser.find("#dry-run button[type=\"submit\"]"));
        assertThat(text(browser, browser.find(".site-flash-success"))).contains("Dry run, nothing changed");
        browser.screenshot(screenshots.resolve("manage-owner.png"));
        submit(browser, browser.find("#lists li button[type=\"submit\"]"));
        assertThat(text(browser, browser.find(".site-flash-success"))).contains("Unlinked");
        assertThat(browser.findAll("#lists li")).isEmpty();
    }

    // ---- helpers

    private void openManagePage() throws Exception {
        moderatorBrowser.open(URI.create(server.publicWebUri() + managePath));
        moderatorBrowser.find("#waddle-name");
    }

    private String text(String element) {
        return text(moderatorBrowser, element);
    }

    private static String text(WebDriverClient browser, String element) {
        try {
            return browser.text(element);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** Clicks a form's submit button and waits until the page the POST redirected to has replaced this one. */
    private static void submit(WebDriverClient browser, String button) throws Exception {
        browser.script("document.documentElement.setAttribute('data-before-submit', '1')");
        browser.click(button);
        browser.waitUntil("the page after the form", () -> {
            try {
                return browser.script("return document.readyState === 'complete' && "
                        + "!document.documentElement.hasAttribute('data-before-submit')").asBoolean();
            } catch (Exception e) {
                return false;
            }
        });
    }

    /** GET (form null) or POST with the moderator browser's cookies, following no redirect. */
    private HttpResponse<String> asModerator(String path, Map<String, String> form) throws Exception {
        String cookies = SiteCookies.SESSION + "=" + moderatorBrowser.cookie(SiteCookies.SESSION).orElseThrow() + "; "
                + SiteCookies.BROWSER + "=" + moderatorBrowser.cookie(SiteCookies.BROWSER).orElseThrow();
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.publicWebUri() + path))
                .header("Cookie", cookies);
        if (form == null) {
            request.GET();
        } else {
            String body = form.entrySet().stream().map(entry -> URLEncoder.encode(entry.getKey(), StandardCharsets.UTF_8)
                    + "=" + URLEncoder.encode(entry.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
            request.header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(body));
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String csrf(String html) {
        Matcher token = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"").matcher(html);
        assertThat(token.find()).isTrue();
        return token.group(1);
    }

    private static String bareJid(TestAccount account) {
        return account.did().substring("did:plc:".length()) + "@" + DOMAIN;
    }

    /** Runs the command with these answers; returns its error notes. */
    private static List<String> run(XmppTestClient client, String node, Map<String, String> values) throws Exception {
        RemoteCommand command = AdHocCommandManager.getAddHocCommandsManager(client.connection())
                .getRemoteCommand(JidCreate.from(COMPONENT), node);
        command.execute();
        FillableForm form = new FillableForm(command.getForm());
        for (Map.Entry<String, String> entry : new LinkedHashMap<>(values).entrySet()) {
            FormField field = form.getField(entry.getKey());
            assertThat(field).as(node + " has field " + entry.getKey()).isNotNull();
            form.setAnswer(entry.getKey(), entry.getValue());
        }
        command.complete(form);
        return command.getNotes().stream().filter(note -> note.getType() == AdHocCommandNote.Type.error)
                .map(AdHocCommandNote::getValue).toList();
    }

    private static MultiUserChat enter(XmppTestClient client, String room, String nickname) throws Exception {
        MultiUserChat chat = MultiUserChatManager.getInstanceFor(client.connection())
                .getMultiUserChat(JidCreate.entityBareFrom(room));
        try {
            chat.join(Resourcepart.from(nickname));
        } catch (XMPPException.XMPPErrorException e) {
            throw new IllegalStateException(client.jid() + " could not enter " + room + ": " + e, e);
        }
        return chat;
    }

    private static List<Affiliate> outcasts(MultiUserChat chat) {
        try {
            return chat.getOutcasts();
        } catch (Exception e) {
            throw new AssertionError("The outcast list of " + chat.getRoom() + " could not be read: " + e, e);
        }
    }

    private static List<Affiliate> members(MultiUserChat chat) {
        try {
            return chat.getMembers();
        } catch (Exception e) {
            throw new AssertionError("The member list of " + chat.getRoom() + " could not be read: " + e, e);
        }
    }

    private static List<String> jids(List<Affiliate> affiliates) {
        return affiliates.stream().map(affiliate -> affiliate.getJid().toString()).toList();
    }
}
