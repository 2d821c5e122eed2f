package social.waddle.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import social.waddle.account.AtprotoAccount;
import social.waddle.atproto.AtprotoException;
import social.waddle.atproto.AtprotoException.Failure;
import social.waddle.atproto.syntax.Did;
import social.waddle.community.Visibility;
import social.waddle.community.WaddleSlug;

class AccountsPageTest {

    private static final String ALICE = "did:plc:aliceaaaaaaaaaaaaaaaaaaa";
    private static final String BOB = "did:plc:bobbbbbbbbbbbbbbbbbbbbbb";
    private static final String HOSTILE_NAME = "<img src=x onerror=alert(1)>";

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
    void withNoAccountTheListSaysHowAccountsAppear() throws Exception {
        String page = admin.get(AccountsPage.PAGE_ID).body();

        assertThat(page).contains("No ATProto account has logged in yet").contains("Create accounts on first login");
    }

    @Test
    void listsAccountsWithAHostileDisplayNameEscaped() throws Exception {
        console.addAccount(ALICE, "alice.test", HOSTILE_NAME);

        String page = admin.get(AccountsPage.PAGE_ID).body();

        assertThat(page).contains("alice.test").contains(ALICE).contains("https://pds.example.com").contains("2025-03-04 05:06 UTC")
                .contains("&lt;img src=x onerror=alert(1)&gt;").doesNotContain("<img")
                .contains("href=\"waddle-accounts?did=did%3Aplc%3Aaliceaaaaaaaaaaaaaaaaaaa\"");
    }

    @Test
    void searchesByHandleDidOrNameAndSaysWhenNothingMatches() throws Exception {
        console.addAccount(ALICE, "alice.test", "Alice");
        console.addAccount(BOB, "bob.example", "Robert");

        assertThat(admin.get("waddle-accounts?q=alice").body()).contains("alice.test").doesNotContain("bob.example");
        assertThat(admin.get("waddle-accounts?q=bobbbb").body()).contains("bob.example").doesNotContain("alice.test");
        assertThat(admin.get("waddle-accounts?q=robert").body()).contains("bob.example");
        assertThat(admin.get("waddle-accounts?q=*.example").body()).contains("bob.example").doesNotContain("alice.test");
        assertThat(admin.get("waddle-accounts?q=%3Cscript%3E").body()).contains("No account matches \"&lt;script&gt;\"")
                .contains("value=\"&lt;script>\"");
    }

    @Test
    void pagesOnTheServerKeepingTheQuery() throws Exception {
        for (int i = 0; i < 30; i++) {
            String suffix = "" + (char) ('a' + i / 26) + (char) ('a' + i % 26);
            console.addAccount("did:plc:user" + "a".repeat(18) + suffix, "user" + i + ".test", null);
        }

        String first = admin.get("waddle-accounts?q=user").body();
        String second = admin.get("waddle-accounts?q=user&start=25&range=25").body();

        assertThat(first).contains("Showing 1-25 of 30 account(s).").contains("user0.test").doesNotContain("user29.test")
                .contains("href=\"waddle-accounts?q=user&amp;start=25&amp;range=25\"")
                .contains("class=\"jive-current\" aria-current=\"page\">1</a>");
        assertThat(second).contains("Showing 26-30 of 30 account(s).").contains("user29.test").doesNotContain(">user0.test<")
                .contains("rel=\"prev\"");
    }

    @Test
    void detailShowsTheAccountAndItsActionsWithTokens() throws Exception {
        console.addAccount(ALICE, "alice.test", HOSTILE_NAME);

        String page = admin.get("waddle-accounts?did=" + ALICE).body();

        assertThat(page).contains(ALICE).contains("alice.test").contains("verified (the handle resolves")
                .contains("App password").contains("(member of no Waddle)")
                .contains("value=\"reresolve\"").contains("value=\"block\"").contains("value=\"forget\"")
                .doesNotContain("<img");
        assertThat(page.split("name=\"csrf\"")).hasSize(5);
        assertThat(page).contains("Bluesky profile").contains("Not read yet").contains("value=\"refreshProfile\"");
    }

    @Test
    void detailShowsTheBlueskyProfileEscapedWithItsLastProblem() throws Exception {
        console.addAccount(ALICE, "alice.test", "Alice");
        java.time.Instant at = java.time.Instant.parse("2026-12-01T10:00:00Z");
        console.profiles.stored.put(ALICE, new social.waddle.account.StoredProfile(ALICE, java.util.Optional.of(HOSTILE_NAME),
                java.util.Optional.of("bafkreiavatar"), java.util.Optional.of("image/png"),
                java.util.Optional.of("0123456789abcdef0123456789abcdef01234567"), 2048, java.util.Optional.empty(),
                java.util.Optional.of("alice.test"), java.util.Optional.of(at), java.util.Optional.of(at),
                java.util.Optional.of(at.plusSeconds(90_000)), 2, java.util.Optional.of(at.plusSeconds(91_000)),
                java.util.Optional.of("reading the profile failed: pds.example timed out")));

        String page = admin.get("waddle-accounts?did=" + ALICE).body();

        assertThat(page).contains("&lt;img src=x onerror=alert(1)&gt;").doesNotContain(HOSTILE_NAME)
                .contains("image/png, 2048 bytes, SHA-1 0123456789abcdef0123456789abcdef01234567")
                .contains("pds.example timed out").contains("2 failed attempt(s) in a row");
    }

    @Test
    void refreshingTheProfileQueuesItAndIsAudited() throws Exception {
        console.addAccount(ALICE, "alice.test", "Alice");

        ConsoleFixture.Client.Response response = admin.submit("waddle-accounts?did=" + ALICE, "did", ALICE, "action",
                "refreshProfile");

        assertThat(console.profiles.refreshed).containsExactly(ALICE);
        assertThat(admin.follow(response).body()).contains("The profile of alice.test is being read from its PDS");
        assertThat(console.audit).singleElement().asString().contains("Bluesky profile");
    }

    @Test
    void anUnknownDidRedirectsToTheListWithAnError() throws Exception {
        ConsoleFixture.Client.Response response = admin.get("waddle-accounts?did=did:plc:nobody");

        assertThat(response.status()).isEqualTo(303);
        assertThat(admin.follow(response).body()).contains("class=\"error\"").contains("No ATProto account with DID did:plc:nobody");
    }

    @Test
    void blockingAndUnblockingAreStoredAuditedAndShown() throws Exception {
        console.addAccount(ALICE, "alice.test", "Alice");

        ConsoleFixture.Client.Response blocked = admin.submit("waddle-accounts?did=" + ALICE, "did", ALICE, "action", "block");

        assertThat(blocked.status()).isEqualTo(303);
        assertThat(console.accounts.accounts().findByDid(ALICE)).map(AtprotoAccount::loginBlocked).contains(true);
        assertThat(console.accounts.forgotten).containsExactly(ALICE);
        assertThat(admin.follow(blocked).body()).contains("Logins of alice.test are now blocked.").contains("value=\"unblock\"");
        assertThat(admin.get(AccountsPage.PAGE_ID).body()).contains(">Blocked<");

        admin.submit("waddle-accounts?did=" + ALICE, "did", ALICE, "action", "unblock");

        assertThat(console.accounts.accounts().findByDid(ALICE)).map(AtprotoAccount::loginBlocked).contains(false);
        assertThat(console.audit).hasSize(2).first().asString().contains("Blocked the logins").contains(ALICE);
    }

    @Test
    void anAdminSeesTheDevicePasswordsEscapedAndRevokesOneButCannotCreateOne() throws Exception {
        console.addAccount(ALICE, "alice.test", "Alice");
        console.devices.create(ALICE, "Phone – Conversations");
        String hostile = console.devices.create(ALICE, "<script>alert(1)</script>").password().id();
        console.devices.create(BOB, "Bob's phone");

        String page = admin.get("waddle-accounts?did=" + ALICE).body();
        assertThat(page).contains("Device passwords").contains("Phone – Conversations").contains("wdl-")
                .contains("&lt;script&gt;alert(1)&lt;/script&gt;").doesNotContain("<script>alert(1)")
                .doesNotContain("Bob&#39;s phone").doesNotContain("value=\"create");

        ConsoleFixture.Client.Response bobsById = admin.submit("waddle-accounts?did=" + ALICE, "did", ALICE, "action",
                "revokeDevice", "device", console.devices.list(BOB).get(0).id());
        assertThat(admin.follow(bobsById).body()).contains("does not exist (any more). Nothing was changed.");
        assertThat(console.devices.list(BOB)).hasSize(1);

        ConsoleFixture.Client.Response revoked = admin.submit("waddle-accounts?did=" + ALICE, "did", ALICE, "action",
                "revokeDevice", "device", hostile);
        assertThat(admin.follow(revoked).body()).contains("Revoked the device password")
                .contains("&lt;script&gt;alert(1)&lt;/script&gt;");
        assertThat(console.devices.list(ALICE)).extracting(social.waddle.device.DevicePassword::name)
                .containsExactly("Phone – Conversations");
        assertThat(console.revokedDevices).containsExactly(hostile);
        assertThat(console.audit).singleElement().asString().contains("Revoked a device password").contains(ALICE);
    }

    @Test
    void forgettingCredentialsIsAudited() throws Exception {
        console.addAccount(ALICE, "alice.test", "Alice");

        ConsoleFixture.Client.Response response = admin.submit("waddle-accounts?did=" + ALICE, "did", ALICE, "action", "forget");

        assertThat(console.accounts.forgotten).containsExactly(ALICE);
        assertThat(admin.follow(response).body()).contains("remembered password checks of alice.test are forgotten");
        assertThat(console.audit).singleElement().asString().contains("Forgot");
    }

    @Test
    void reResolvingUpdatesHandleAndPdsButKeepsTheRest() throws Exception {
        console.addAccount(ALICE, "alice.test", "Alice");
        console.accounts.identities.put(ALICE, ConsoleFixture.identity(ALICE, "alice.new.test", "https://pds2.example.com"));

        ConsoleFixture.Client.Response response = admin.submit("waddle-accounts?did=" + ALICE, "did", ALICE, "action", "reresolve");

        AtprotoAccount updated = console.accounts.accounts().findByDid(ALICE).orElseThrow();
        assertThat(updated.handle()).contains("alice.new.test");
        assertThat(updated.pdsUrl()).contains("https://pds2.example.com");
        assertThat(updated.displayName()).contains("Alice");
        assertThat(updated.firstSeen()).isEqualTo(ConsoleFixture.SEEN);
        assertThat(admin.follow(response).body()).contains("Identity re-resolved: handle alice.new.test (verified), PDS https://pds2.example.com.");
        assertThat(console.audit).singleElement().asString().contains("alice.test → alice.new.test");
    }

    @Test
    void aFailedReResolutionSaysWhatToDoAndChangesNothing() throws Exception {
        AtprotoAccount before = console.addAccount(ALICE, "alice.test", "Alice");
        console.accounts.failures.put(ALICE, new AtprotoException(Failure.TIMEOUT, "plc.directory did not answer"));

        ConsoleFixture.Client.Response response = admin.submit("waddle-accounts?did=" + ALICE, "did", ALICE, "action", "reresolve");

        assertThat(admin.follow(response).body()).contains("class=\"error\"").contains("right now: plc.directory did not answer")
                .contains("Waddle Diagnostics");
        assertThat(console.accounts.accounts().findByDid(ALICE)).contains(before);
        assertThat(console.audit).isEmpty();
    }

    @Test
    void listsTheWaddlesTheAccountBelongsToWithLinks() throws Exception {
        console.addAccount(ALICE, "alice.test", "Alice");
        Did alice = Did.parse(ALICE);
        console.waddles.service().createWaddle(alice, new WaddleSlug("penguins"), HOSTILE_NAME, "", Visibility.PUBLIC);
        console.waddles.service().createWaddle(Did.parse(BOB), new WaddleSlug("puffins"), "Puffins", "", Visibility.PUBLIC);
        console.waddles.service().join(alice, new WaddleSlug("puffins"));

        String page = admin.get("waddle-accounts?did=" + ALICE).body();

        assertThat(page).contains("<a href=\"waddle-waddles?waddle=penguins\">&lt;img src=x onerror=alert(1)&gt;</a>")
                .contains("(Owner)").contains("<a href=\"waddle-waddles?waddle=puffins\">Puffins</a>").contains("(Member)")
                .doesNotContain("<img");
    }

    @Test
    void withoutWaddlesTheDetailSaysMembershipsAreNotKnown() throws Exception {
        console.addAccount(ALICE, "alice.test", "Alice");
        ConsoleServices installed = ConsoleServices.current().orElseThrow();
        ConsoleServices.install(ConsoleServices.builder().messages(installed.messages()).users(installed.users())
                .audit(installed.audit()).with(AccountAdministration.class, console.accounts).build());
        try {
            assertThat(admin.get("waddle-accounts?did=" + ALICE).body()).contains("not known: the Waddle service is not running");
        } finally {
            ConsoleServices.install(installed);
        }
    }

    @Test
    void membershipsComeFromWhoeverKnowsAboutWaddles() throws Exception {
        console.addAccount(ALICE, "alice.test", "Alice");
        ConsoleServices installed = ConsoleServices.current().orElseThrow();
        ConsoleServices.install(ConsoleServices.builder().messages(installed.messages()).users(installed.users())
                .audit(installed.audit()).with(AccountAdministration.class, console.accounts)
                .with(AccountMemberships.class, did -> List.of(new AccountMemberships.Membership("<b>Penguins</b>", "owner", "waddle-waddles?id=1")))
                .build());
        try {
            String page = admin.get("waddle-accounts?did=" + ALICE).body();

            assertThat(page).contains("<a href=\"waddle-waddles?id=1\">&lt;b&gt;Penguins&lt;/b&gt;</a>").contains("(owner)");
        } finally {
            ConsoleServices.install(installed);
        }
    }
}
