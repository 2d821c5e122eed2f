package social.waddle.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import social.waddle.atproto.AtprotoException;
import social.waddle.atproto.syntax.Did;
import social.waddle.community.Actor;
import social.waddle.community.AuditEntry;
import social.waddle.community.Ban;
import social.waddle.community.Channel;
import social.waddle.community.ChannelKind;
import social.waddle.community.ChannelSlug;
import social.waddle.community.Invite;
import social.waddle.community.Member;
import social.waddle.community.Role;
import social.waddle.community.Visibility;
import social.waddle.community.Waddle;
import social.waddle.community.WaddleException;
import social.waddle.community.WaddleSlug;

class WaddlesPageTest {

    private static final String ALICE = "did:plc:aliceaaaaaaaaaaaaaaaaaaa";
    private static final String BOB = "did:plc:bobbbbbbbbbbbbbbbbbbbbbb";
    private static final String CAROL = "did:plc:carolaaaaaaaaaaaaaaaaaaa";
    private static final String HOSTILE_NAME = "<img src=x onerror=alert(1)>";
    private static final String PENGUINS = "penguins";
    private static final String DETAIL = "waddle-waddles?waddle=penguins";

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

    private static Did did(String value) {
        try {
            return Did.parse(value);
        } catch (AtprotoException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** Penguins, owned by Alice, with Bob as a member. */
    private Waddle penguins() throws WaddleException {
        Waddle waddle = console.waddles.service().createWaddle(did(ALICE), new WaddleSlug(PENGUINS), "Penguins",
                "All about penguins", Visibility.PUBLIC);
        console.waddles.service().join(did(BOB), new WaddleSlug(PENGUINS));
        return waddle;
    }

    private List<Channel> channels() throws WaddleException {
        return console.waddles.service().channels(new WaddleSlug(PENGUINS));
    }

    private Optional<Member> member(String did) throws WaddleException {
        return console.waddles.service().members(new WaddleSlug(PENGUINS)).stream()
                .filter(member -> member.did().toString().equals(did)).findFirst();
    }

    private AuditEntry lastAudit() {
        return console.waddles.repository().findAudit(social.waddle.community.AuditQuery.all(), 0, 1).get(0);
    }

    private String followed(ConsoleFixture.Client.Response response) throws Exception {
        assertThat(response.status()).as("redirect after POST").isEqualTo(303);
        return admin.follow(response).body();
    }

    // ---- Access

    @Test
    void refusesSomeoneNotLoggedIn() throws Exception {
        ConsoleFixture.Client.Response response = console.client().get(WaddlesPage.PAGE_ID);

        assertThat(response.status()).isEqualTo(403);
        assertThat(response.body()).contains("You are not logged in");
    }

    @Test
    void refusesAPostWithoutTheTokenAndChangesNothing() throws Exception {
        penguins();
        admin.get(DETAIL);

        ConsoleFixture.Client.Response forged = admin.post(WaddlesPage.PAGE_ID, "action", "delete", "waddle", PENGUINS,
                "confirm", PENGUINS);
        ConsoleFixture.Client.Response wrong = admin.post(WaddlesPage.PAGE_ID, "csrf", "guessed", "action", "delete",
                "waddle", PENGUINS, "confirm", PENGUINS);

        assertThat(forged.status()).isEqualTo(403);
        assertThat(forged.body()).contains("nothing was changed");
        assertThat(wrong.status()).isEqualTo(403);
        assertThat(console.waddles.service().find(new WaddleSlug(PENGUINS))).isPresent();
        assertThat(console.audit).isEmpty();
    }

    @Test
    void saysWhenTheWaddleServiceIsNotRunning() throws Exception {
        ConsoleServices installed = ConsoleServices.current().orElseThrow();
        ConsoleServices.install(ConsoleServices.builder().messages(installed.messages()).users(installed.users())
                .audit(installed.audit()).build());
        try {
            ConsoleFixture.Client.Response response = admin.get(WaddlesPage.PAGE_ID);

            assertThat(response.status()).isEqualTo(503);
            assertThat(response.body()).contains("is not running right now");
        } finally {
            ConsoleServices.install(installed);
        }
    }

    // ---- List

    @Test
    void withNoWaddleTheListSaysHowToMakeOne() throws Exception {
        String page = admin.get(WaddlesPage.PAGE_ID).body();

        assertThat(page).contains("There is no Waddle yet").contains("Create a Waddle").contains("name=\"csrf\"");
    }

    @Test
    void listsOwnerByHandleOrDidWithCountsAndLastActivity() throws Exception {
        console.addAccount(ALICE, "alice.test", "Alice");
        penguins();
        console.waddles.service().createWaddle(did(CAROL), new WaddleSlug("puffins"), "Puffins", "", Visibility.PRIVATE);
        assertThat(console.waddles.service().recordMessage("general~penguins", Optional.of(did(BOB)))).isTrue();

        String page = admin.get(WaddlesPage.PAGE_ID).body();

        assertThat(page).contains("<a href=\"waddle-waddles?waddle=penguins\">Penguins</a>")
                .contains(">Alice (alice.test)<").contains(">" + CAROL + "<")
                .contains("<td>2</td>").contains("<td>1</td>")
                .contains("Showing 1-2 of 2 Waddle(s).")
                .containsPattern("<td nowrap>\\s*\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2} UTC\\s*</td>")
                .contains("(none yet)");
    }

    @Test
    void aHostileNameIsTextInTheListAndOnItsPage() throws Exception {
        console.waddles.service().createWaddle(did(ALICE), new WaddleSlug("hostile"), HOSTILE_NAME, HOSTILE_NAME,
                Visibility.PUBLIC);

        String list = admin.get(WaddlesPage.PAGE_ID).body();
        String detail = admin.get("waddle-waddles?waddle=hostile").body();

        assertThat(list).contains("&lt;img src=x onerror=alert(1)&gt;").doesNotContain("<img");
        assertThat(detail).contains("Waddle &lt;img src=x onerror=alert(1)&gt;")
                .contains("value=\"&lt;img src=x onerror=alert(1)>\"").doesNotContain("<img");
    }

    @Test
    void searchesAndPagesOnTheServerKeepingTheQuery() throws Exception {
        for (int i = 0; i < 30; i++) {
            console.waddles.service().createWaddle(did(ALICE), new WaddleSlug(String.format("club-%02d", i)), "Club " + i,
                    "", Visibility.PUBLIC);
        }
        console.waddles.service().createWaddle(did(ALICE), new WaddleSlug("other"), "Other", "", Visibility.PUBLIC);

        String first = admin.get("waddle-waddles?q=club").body();
        String second = admin.get("waddle-waddles?q=club&start=25&range=25").body();
        String none = admin.get("waddle-waddles?q=%3Cscript%3E").body();

        assertThat(first).contains("Showing 1-25 of 30 Waddle(s).").contains(">Club 0<").doesNotContain(">Club 29<")
                .doesNotContain(">Other<").contains("href=\"waddle-waddles?q=club&amp;start=25&amp;range=25\"");
        assertThat(second).contains("Showing 26-30 of 30 Waddle(s).").contains(">Club 29<").contains("rel=\"prev\"");
        assertThat(none).contains("No Waddle matches \"&lt;script&gt;\"");
    }

    // ---- Create

    @Test
    void createsAWaddleForAnOwnerKnownByHandle() throws Exception {
        console.addAccount(ALICE, "alice.test", "Alice");

        ConsoleFixture.Client.Response created = admin.submit(WaddlesPage.PAGE_ID, "action", "create", "slug", PENGUINS,
                "name", "Penguins", "description", "Cold", "owner", "@alice.test", "visibility", "INVITE_ONLY");

        assertThat(created.location()).contains(DETAIL);
        assertThat(followed(created)).contains("Waddle Penguins was created").contains("Waddle Penguins");
        Waddle waddle = console.waddles.service().find(new WaddleSlug(PENGUINS)).orElseThrow();
        assertThat(waddle.owner()).isEqualTo(did(ALICE));
        assertThat(waddle.visibility()).isEqualTo(Visibility.INVITE_ONLY);
        assertThat(lastAudit().actedBy()).contains(Actor.serverAdmin(ConsoleFixture.ADMIN));
        assertThat(console.audit).singleElement().asString().startsWith("admin | Created a Waddle | penguins");
    }

    @Test
    void aRefusedCreationShowsTheReasonBesideTheFormAndKeepsWhatWasTyped() throws Exception {
        ConsoleFixture.Client.Response badSlug = admin.submit(WaddlesPage.PAGE_ID, "action", "create", "slug", "Bad Slug",
                "name", HOSTILE_NAME, "owner", ALICE, "visibility", "PUBLIC");
        ConsoleFixture.Client.Response unknownOwner = admin.submit(WaddlesPage.PAGE_ID, "action", "create", "slug", PENGUINS,
                "name", "Penguins", "owner", "nobody.test", "visibility", "PUBLIC");

        assertThat(badSlug.status()).isEqualTo(400);
        assertThat(badSlug.body()).contains("class=\"error\" role=\"alert\">Waddle slug 'Bad Slug' may only contain")
                .contains("value=\"&lt;img src=x onerror=alert(1)>\"").doesNotContain("<img");
        assertThat(unknownOwner.status()).isEqualTo(400);
        assertThat(unknownOwner.body()).contains("Nobody known as \"nobody.test\"");
        assertThat(console.waddles.repository().countWaddles("")).isZero();
        assertThat(console.audit).isEmpty();
    }

    @Test
    void aTakenAddressIsRefusedWithTheServicesWords() throws Exception {
        penguins();

        ConsoleFixture.Client.Response response = admin.submit(WaddlesPage.PAGE_ID, "action", "create", "slug", PENGUINS,
                "name", "Again", "owner", BOB, "visibility", "PUBLIC");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.body()).contains("The Waddle address 'penguins' is taken; choose another");
    }

    // ---- One Waddle

    @Test
    void anUnknownWaddleRedirectsToTheListWithAnError() throws Exception {
        ConsoleFixture.Client.Response response = admin.get("waddle-waddles?waddle=nothing-here");

        assertThat(response.status()).isEqualTo(303);
        assertThat(admin.follow(response).body()).contains("class=\"error\"").contains("There is no Waddle with the address nothing-here");
    }

    @Test
    void detailShowsEverythingWithTokensAndLinks() throws Exception {
        console.addAccount(BOB, "bob.test", "Bob");
        penguins();

        String page = admin.get(DETAIL).body();

        assertThat(page).contains("Waddle Penguins").contains(ALICE).contains("bob.test")
                .contains("general~penguins").contains("Nobody is banned").contains("This Waddle has no invites")
                .contains("href=\"waddle-audit?waddle=penguins\"")
                .contains("href=\"waddle-waddles?waddle=penguins&amp;delete=confirm\"");
        assertThat(page.split("name=\"csrf\"").length).isGreaterThan(8);
    }

    @Test
    void changesTheSettings() throws Exception {
        penguins();

        String saved = followed(admin.submit(DETAIL, "action", "update", "waddle", PENGUINS, "name", "Penguin Club",
                "description", "Colder", "visibility", "PRIVATE"));
        String unchanged = followed(admin.submit(DETAIL, "action", "update", "waddle", PENGUINS, "name", "Penguin Club",
                "description", "Colder", "visibility", "PRIVATE"));
        String refused = followed(admin.submit(DETAIL, "action", "update", "waddle", PENGUINS, "name", " ",
                "description", "", "visibility", "PRIVATE"));

        assertThat(saved).contains("The settings of Waddle Penguin Club are saved.");
        assertThat(unchanged).contains("Nothing to save");
        assertThat(refused).contains("<div class=\"error\" role=\"alert\">Waddle name is empty</div>");
        Waddle waddle = console.waddles.service().find(new WaddleSlug(PENGUINS)).orElseThrow();
        assertThat(waddle.name()).isEqualTo("Penguin Club");
        assertThat(waddle.visibility()).isEqualTo(Visibility.PRIVATE);
        assertThat(console.audit).singleElement().asString().contains("Changed the settings of a Waddle");
    }

    @Test
    void managesChannels() throws Exception {
        penguins();

        String added = followed(admin.submit(DETAIL, "action", "addChannel", "waddle", PENGUINS, "slug", "news",
                "name", "News", "topic", "What happened", "kind", "ANNOUNCEMENT"));
        String duplicate = followed(admin.submit(DETAIL, "action", "addChannel", "waddle", PENGUINS, "slug", "news",
                "name", "News again", "topic", "", "kind", "TEXT"));
        followed(admin.submit(DETAIL, "action", "moveUp", "waddle", PENGUINS, "channel", "news"));
        List<ChannelSlug> afterUp = channels().stream().map(Channel::slug).toList();
        followed(admin.submit(DETAIL, "action", "renameChannel", "waddle", PENGUINS, "channel", "news", "name", "Headlines"));
        followed(admin.submit(DETAIL, "action", "setTopic", "waddle", PENGUINS, "channel", "news", "topic", "Today"));
        followed(admin.submit(DETAIL, "action", "moveDown", "waddle", PENGUINS, "channel", "news"));
        String defaultRemoved = followed(admin.submit(DETAIL, "action", "removeChannel", "waddle", PENGUINS, "channel", "general"));
        followed(admin.submit(DETAIL, "action", "makeDefault", "waddle", PENGUINS, "channel", "news"));
        String removed = followed(admin.submit(DETAIL, "action", "removeChannel", "waddle", PENGUINS, "channel", "general"));

        assertThat(added).contains("Channel News was added");
        assertThat(duplicate).contains("class=\"error\"").contains("Waddle 'penguins' already has a channel 'news'");
        assertThat(afterUp).containsExactly(new ChannelSlug("news"), new ChannelSlug("general"));
        assertThat(defaultRemoved).contains("is the default channel of Waddle");
        assertThat(removed).contains("Channel general was removed");
        Channel news = channels().get(0);
        assertThat(channels()).hasSize(1);
        assertThat(news.name()).isEqualTo("Headlines");
        assertThat(news.topic()).isEqualTo("Today");
        assertThat(news.kind()).isEqualTo(ChannelKind.ANNOUNCEMENT);
        assertThat(news.isDefault()).isTrue();
        assertThat(console.audit).hasSize(7);
    }

    @Test
    void changesRolesAndRemovesMembersButNotTheOwner() throws Exception {
        penguins();

        String promoted = followed(admin.submit(DETAIL, "action", "changeRole", "waddle", PENGUINS, "member", BOB,
                "role", "MODERATOR"));
        String ownerKept = followed(admin.submit(DETAIL, "action", "removeMember", "waddle", PENGUINS, "member", ALICE));
        String badRole = followed(admin.submit(DETAIL, "action", "changeRole", "waddle", PENGUINS, "member", BOB,
                "role", "EMPEROR"));

        assertThat(promoted).contains(BOB + " is now Moderator.");
        assertThat(member(BOB)).map(Member::role).contains(Role.MODERATOR);
        assertThat(ownerKept).contains("class=\"error\"").contains("You cannot remove " + ALICE);
        assertThat(badRole).contains("That action is not known");

        String removed = followed(admin.submit(DETAIL, "action", "removeMember", "waddle", PENGUINS, "member", BOB));

        assertThat(removed).contains(BOB + " was removed from the Waddle");
        assertThat(member(BOB)).isEmpty();
        assertThat(member(ALICE)).map(Member::role).contains(Role.OWNER);
    }

    @Test
    void bansWithReasonAndExpiryAndLiftsTheBan() throws Exception {
        console.addAccount(BOB, "bob.test", "Bob");
        penguins();
        Instant before = Instant.now();

        String banned = followed(admin.submit(DETAIL, "action", "ban", "waddle", PENGUINS, "who", "bob.test",
                "reason", "<b>spam</b>", "expiresIn", "7d"));
        String badExpiry = followed(admin.submit(DETAIL, "action", "ban", "waddle", PENGUINS, "who", CAROL,
                "reason", "", "expiresIn", "soon"));

        List<Ban> bans = console.waddles.repository().read(store -> store.bans(
                console.waddles.repository().findWaddleBySlug(new WaddleSlug(PENGUINS)).orElseThrow().id()));
        assertThat(bans).singleElement().satisfies(ban -> {
            assertThat(ban.did()).isEqualTo(did(BOB));
            assertThat(ban.reason()).isEqualTo("<b>spam</b>");
            assertThat(ban.bannedBy()).isEqualTo(Actor.serverAdmin(ConsoleFixture.ADMIN));
            assertThat(ban.expiresAt()).hasValueSatisfying(at -> assertThat(at)
                    .isBetween(before.minusSeconds(1).plus(Duration.ofDays(7)), Instant.now().plus(Duration.ofDays(7))));
        });
        assertThat(banned).contains("Bob (bob.test) is banned from the Waddle until").contains("&lt;b&gt;spam&lt;/b&gt;")
                .contains("admin (server admin)").doesNotContain("<b>spam");
        assertThat(badExpiry).contains("\"soon\" is not a time span");
        assertThat(member(BOB)).isEmpty();

        String lifted = followed(admin.submit(DETAIL, "action", "unban", "waddle", PENGUINS, "member", BOB));

        assertThat(lifted).contains("The ban of Bob (bob.test) is lifted").contains("Nobody is banned");
        assertThat(console.audit).extracting(Object::toString).anyMatch(line -> line.contains("Banned someone"))
                .anyMatch(line -> line.contains("Lifted a ban"));
    }

    /** The console reads expiries as the XMPP commands do (social.waddle.time.Expiry): seconds work, bounds agree. */
    @Test
    void aThirtySecondBanWorksAndACenturyIsRefused() throws Exception {
        console.addAccount(BOB, "bob.test", "Bob");
        penguins();
        Instant before = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);

        String century = followed(admin.submit(DETAIL, "action", "ban", "waddle", PENGUINS, "who", "bob.test",
                "reason", "", "expiresIn", "36500d"));
        String banned = followed(admin.submit(DETAIL, "action", "ban", "waddle", PENGUINS, "who", "bob.test",
                "reason", "", "expiresIn", "30s"));

        assertThat(century).contains("\"36500d\" is not a time span from 1s to 3650 days");
        assertThat(banned).contains("Bob (bob.test) is banned from the Waddle until");
        List<Ban> bans = console.waddles.repository().read(store -> store.bans(
                console.waddles.repository().findWaddleBySlug(new WaddleSlug(PENGUINS)).orElseThrow().id()));
        assertThat(bans).singleElement().satisfies(ban -> assertThat(ban.expiresAt()).hasValueSatisfying(at -> assertThat(at)
                .isBetween(before.plusSeconds(30), Instant.now().plusSeconds(30))));
    }

    @Test
    void createsInvitesShowingTheCodeAndRevokesThem() throws Exception {
        penguins();

        String created = followed(admin.submit(DETAIL, "action", "createInvite", "waddle", PENGUINS, "expiresIn", "2w",
                "maxUses", "3"));
        String badUses = followed(admin.submit(DETAIL, "action", "createInvite", "waddle", PENGUINS, "expiresIn", "",
                "maxUses", "many"));
        String tooMany = followed(admin.submit(DETAIL, "action", "createInvite", "waddle", PENGUINS, "expiresIn", "",
                "maxUses", "0"));

        List<Invite> invites = console.waddles.service().invites(Actor.serverAdmin(ConsoleFixture.ADMIN), new WaddleSlug(PENGUINS));
        assertThat(invites).singleElement().satisfies(invite -> {
            assertThat(invite.maxUses()).hasValue(3);
            assertThat(invite.expiresAt()).isPresent();
        });
        String code = invites.get(0).code();
        assertThat(created).contains("New invite code: " + code).contains(">" + code).contains("0 / 3");
        assertThat(badUses).contains("\"many\" is not a number of uses");
        assertThat(tooMany).contains("An invite can be used 1 to 100000 times, not 0");
        assertThat(console.audit).singleElement().asString().doesNotContain(code);

        String revoked = followed(admin.submit(DETAIL, "action", "revokeInvite", "waddle", PENGUINS, "code", code));

        assertThat(revoked).contains("The invite is revoked");
        assertThat(console.waddles.service().invites(Actor.serverAdmin(ConsoleFixture.ADMIN), new WaddleSlug(PENGUINS))).isEmpty();
    }

    @Test
    void reconcilesNowAndShowsTheReport() throws Exception {
        penguins();

        String done = followed(admin.submit(DETAIL, "action", "reconcile", "waddle", PENGUINS));
        console.waddles.failingRooms.add("general~penguins");
        String failed = followed(admin.submit(DETAIL, "action", "reconcile", "waddle", PENGUINS));

        assertThat(console.waddles.reconciled).isEqualTo(2);
        assertThat(done).contains("Rooms reconciled: 1 checked, 0 created, 0 repaired.").contains("id=\"reconcile-report\"")
                .contains("in order").contains("1 channel room(s) of 1 Waddle(s) checked in 5 ms");
        assertThat(failed).contains("class=\"error\"").contains("1 room(s) could not be brought in order")
                .contains("the MUC service refused &lt;the&gt; change");
        assertThat(console.audit).hasSize(2).allSatisfy(line -> assertThat(line).contains("Reconciled the rooms"));
    }

    @Test
    void deletesOnlyAfterTheAddressIsTypedToConfirm() throws Exception {
        penguins();

        String confirm = admin.get(DETAIL + "&delete=confirm").body();
        ConsoleFixture.Client.Response notConfirmed = admin.submit(DETAIL + "&delete=confirm", "action", "delete",
                "waddle", PENGUINS, "confirm", "penguin");

        assertThat(confirm).contains("Delete Waddle Penguins").contains("removes its 2 member(s), its 1 channel(s)")
                .contains("name=\"confirm\"");
        assertThat(notConfirmed.location()).contains(DETAIL + "&delete=confirm");
        assertThat(admin.follow(notConfirmed).body()).contains("Nothing was deleted");
        assertThat(console.waddles.service().find(new WaddleSlug(PENGUINS))).isPresent();

        ConsoleFixture.Client.Response deleted = admin.submit(DETAIL + "&delete=confirm", "action", "delete",
                "waddle", PENGUINS, "confirm", PENGUINS);

        assertThat(deleted.location()).contains(WaddlesPage.PAGE_ID);
        assertThat(admin.follow(deleted).body()).contains("Waddle Penguins was deleted").contains("There is no Waddle yet");
        assertThat(console.waddles.service().find(new WaddleSlug(PENGUINS))).isEmpty();
        assertThat(lastAudit().actedBy()).contains(Actor.serverAdmin(ConsoleFixture.ADMIN));
        assertThat(console.audit).singleElement().asString().contains("Deleted a Waddle");
    }

    @Test
    void anUnknownActionChangesNothing() throws Exception {
        penguins();

        String page = followed(admin.submit(DETAIL, "action", "explode", "waddle", PENGUINS));

        assertThat(page).contains("That action is not known");
        assertThat(console.audit).isEmpty();
    }

}
