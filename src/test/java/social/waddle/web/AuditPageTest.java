package social.waddle.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.ZoneOffset;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import social.waddle.atproto.AtprotoException;
import social.waddle.atproto.syntax.Did;
import social.waddle.community.Actor;
import social.waddle.community.ChannelKind;
import social.waddle.community.ChannelSlug;
import social.waddle.community.Visibility;
import social.waddle.community.WaddleException;
import social.waddle.community.WaddleSlug;

class AuditPageTest {

    private static final String ALICE = "did:plc:aliceaaaaaaaaaaaaaaaaaaa";
    private static final String BOB = "did:plc:bobbbbbbbbbbbbbbbbbbbbbb";
    private static final WaddleSlug PENGUINS = new WaddleSlug("penguins");
    private static final WaddleSlug PUFFINS = new WaddleSlug("puffins");

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

    /** Alice creates Penguins and Bob joins; the console admin creates Puffins for Bob and adds a channel to it. */
    private void history() throws WaddleException {
        console.waddles.service().createWaddle(did(ALICE), PENGUINS, "Penguins", "", Visibility.PUBLIC);
        console.waddles.service().join(did(BOB), PENGUINS);
        Actor console = Actor.serverAdmin(ConsoleFixture.ADMIN);
        this.console.waddles.service().createWaddle(console, did(BOB), PUFFINS, "<img src=x onerror=alert(1)>", "",
                Visibility.PRIVATE);
        this.console.waddles.service().addChannel(console, PUFFINS, new ChannelSlug("news"), "News", "", ChannelKind.TEXT);
    }

    @Test
    void refusesSomeoneNotLoggedIn() throws Exception {
        assertThat(console.client().get(AuditPage.PAGE_ID).status()).isEqualTo(403);
    }

    @Test
    void anEmptyLogSaysSo() throws Exception {
        assertThat(admin.get(AuditPage.PAGE_ID).body()).contains("The audit log is empty");
    }

    @Test
    void listsEveryWaddlesEntriesNewestFirstNamingWhoActed() throws Exception {
        console.addAccount(ALICE, "alice.test", "Alice");
        history();

        String page = admin.get(AuditPage.PAGE_ID).body();

        assertThat(page).contains("Showing 1-4 of 4 entries.")
                .contains("admin (server admin)").contains("alice.test").contains(BOB)
                .contains("<td>Channel added</td>").contains("<td>Waddle created</td>").contains("<td>Member joined</td>")
                .contains("href=\"waddle-waddles?waddle=puffins\"")
                .contains("name '&lt;img src=x onerror=alert(1)&gt;'")
                .doesNotContain("<img");
        assertThat(page.indexOf("<td>Channel added</td>")).isLessThan(page.indexOf("<td>Member joined</td>"));
    }

    @Test
    void filtersByWaddleActorActionAndDay() throws Exception {
        console.addAccount(ALICE, "alice.test", "Alice");
        history();
        String today = LocalDate.now(ZoneOffset.UTC).toString();
        String yesterday = LocalDate.now(ZoneOffset.UTC).minusDays(1).toString();

        String byWaddle = admin.get("waddle-audit?waddle=penguins").body();
        String byAdmin = admin.get("waddle-audit?actor=admin").body();
        String byHandle = admin.get("waddle-audit?actor=alice.test").body();
        String byDid = admin.get("waddle-audit?actor=" + BOB).body();
        String byAction = admin.get("waddle-audit?action=CHANNEL_ADDED").body();
        String byDay = admin.get("waddle-audit?from=" + today + "&to=" + today).body();
        String before = admin.get("waddle-audit?to=" + yesterday).body();

        assertThat(byWaddle).contains("Showing 1-2 of 2 entries.").doesNotContain("<td>Channel added</td>");
        assertThat(byAdmin).contains("Showing 1-2 of 2 entries.").doesNotContain("<td>Member joined</td>");
        assertThat(byHandle).contains("Showing 1-1 of 1 entries.").contains("<td>Waddle created</td>");
        assertThat(byDid).contains("Showing 1-1 of 1 entries.").contains("<td>Member joined</td>");
        assertThat(byAction).contains("Showing 1-1 of 1 entries.").contains("<option value=\"CHANNEL_ADDED\" selected>");
        assertThat(byDay).contains("Showing 1-4 of 4 entries.").contains("value=\"" + today + "\"");
        assertThat(before).contains("No entry matches these filters").contains("Show all");
    }

    @Test
    void refusedFiltersAreExplainedAndEscaped() throws Exception {
        history();

        String page = admin.get("waddle-audit?waddle=%3Cb%3E&actor=did:nope&action=EXPLODE&from=yesterday").body();

        assertThat(page).contains("\"&lt;b&gt;\" is not a Waddle address").contains("Nobody known as \"did:nope\"")
                .contains("\"EXPLODE\" is not an audit action").contains("\"yesterday\" is not a day")
                .contains("No entry matches these filters").doesNotContain("<b>");
    }

    @Test
    void pagesOnTheServerKeepingTheFilters() throws Exception {
        console.waddles.service().createWaddle(did(ALICE), PENGUINS, "Penguins", "", Visibility.PUBLIC);
        for (int i = 0; i < 30; i++) {
            console.waddles.service().setChannelTopic(did(ALICE), PENGUINS, new ChannelSlug("general"), "Topic " + i);
        }

        String first = admin.get("waddle-audit?waddle=penguins&action=CHANNEL_TOPIC_CHANGED").body();
        String second = admin.get("waddle-audit?waddle=penguins&action=CHANNEL_TOPIC_CHANGED&start=25&range=25").body();

        assertThat(first).contains("Showing 1-25 of 30 entries.").contains(">Topic 29<").doesNotContain(">Topic 0<")
                .contains("href=\"waddle-audit?waddle=penguins&amp;action=CHANNEL_TOPIC_CHANGED&amp;start=25&amp;range=25\"");
        assertThat(second).contains("Showing 26-30 of 30 entries.").contains(">Topic 0<").contains("rel=\"prev\"");
    }
}
