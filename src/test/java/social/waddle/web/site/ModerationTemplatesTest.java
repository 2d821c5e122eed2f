package social.waddle.web.site;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringWriter;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.ResourceBundle;

import org.junit.jupiter.api.Test;

import social.waddle.atproto.AtprotoException;
import social.waddle.atproto.syntax.Did;
import social.waddle.community.Actor;
import social.waddle.community.Channel;
import social.waddle.community.ChannelKind;
import social.waddle.community.ChannelSlug;
import social.waddle.community.LinkKind;
import social.waddle.community.ListLink;
import social.waddle.community.Role;
import social.waddle.community.SyncMode;
import social.waddle.community.Visibility;
import social.waddle.community.Waddle;
import social.waddle.community.WaddleSlug;
import social.waddle.web.BundleMessages;
import social.waddle.web.Flash;
import social.waddle.web.Templates;

/**
 * The moderator page and the invite page show hostile Waddle, channel, list and people names as text, and every form
 * they render carries the CSRF token; a moderator's page has no channel, role or list forms.
 */
class ModerationTemplatesTest {

    private static final String HOSTILE = "\"><script>alert(1)</script><img src=x onerror=alert(2)>";
    private static final Instant T0 = Instant.parse("2026-06-01T12:00:00Z");

    private final BundleMessages messages = BundleMessages.of(ResourceBundle.getBundle(BundleMessages.BUNDLE));
    private final Did owner = did('o');
    private final Waddle waddle = new Waddle(7, new WaddleSlug("evil"), HOSTILE, HOSTILE, owner, Visibility.PUBLIC, T0, T0);

    @Test
    void theOwnersPageEscapesEveryNameAndEveryFormCarriesTheToken() {
        String html = render("site/manage.jte", frame(), view(Role.OWNER));
        assertThat(html).doesNotContain("<script>alert(1)", "<img src=x").contains("&lt;script&gt;alert(1)&lt;/script&gt;");
        assertThat(html).contains("name=\"action\" value=\"add-channel\"", "value=\"change-role\"", "value=\"ban\"",
                "value=\"create-invite\"", "value=\"link-list\"", "value=\"dry-run\"", "value=\"unban\"",
                "href=\"https://chat.example/waddle/invite/abc\"", "240 skipped at the last sync (not added):",
                "51\u201351 of 101 members matching the search (120 in all)", "Page 2 of 3", "rel=\"prev\"", "rel=\"next\"",
                "page=3#members", "?q=%22%3E%3Cscript%3E", "until 2026-06-01 12:00 UTC");
        assertThat(html).as("times as people read them, not ISO instants").doesNotContain("2026-06-01T12:00:00Z");
        assertEveryFormHasTheToken(html);
    }

    @Test
    void aModeratorsPageHidesWhatTheirRoleCannotDo() {
        String html = render("site/manage.jte", frame(), view(Role.MODERATOR));
        assertThat(html).doesNotContain("value=\"add-channel\"", "value=\"rename-channel\"", "value=\"change-role\"",
                "value=\"link-list\"", "id=\"lists\"", "value=\"revoke-invite\"");
        assertThat(html).contains("value=\"ban\"", "value=\"create-invite\"", "value=\"remove-member\"");
        assertEveryFormHasTheToken(html);
    }

    @Test
    void theInvitePageEscapesTheWaddleAndInviterAndSendsSignInBackToTheInvite() {
        InviteLinks.Preview preview = new InviteLinks.Preview("abc", waddle,
                new SitePeople.Name(owner.toString(), HOSTILE, Optional.of(HOSTILE)), InviteLinks.State.VALID,
                Optional.empty());
        SiteFrame signedOut = new SiteFrame("Invite", List.of(), "the-token", Optional.empty(), "/waddle", messages);
        String html = render("site/invite.jte", signedOut, new InvitePage.View(preview, Optional.empty(), Optional.empty(),
                Optional.empty(), "/signin?return=%2Fwaddle%2Finvite%2Fabc", "/invite/abc"));
        assertThat(html).doesNotContain("<script>alert(1)").contains("href=\"/waddle/signin?return=%2Fwaddle%2Finvite%2Fabc\"");

        Person person = new Person("did:plc:" + "p".repeat(24), Optional.of(HOSTILE));
        SiteFrame signedIn = new SiteFrame("Invite", List.of(), "the-token", Optional.of(person), "/waddle", messages);
        String join = render("site/invite.jte", signedIn, new InvitePage.View(preview, Optional.of(person), Optional.empty(),
                Optional.empty(), "", "/invite/abc"));
        assertThat(join).doesNotContain("<script>alert(1)").contains("action=\"/waddle/invite/abc\"");
        assertEveryFormHasTheToken(join);

        String member = render("site/invite.jte", signedIn, new InvitePage.View(preview, Optional.of(person),
                Optional.of(new InviteLinks.Joined(waddle, Optional.of("general-7@conference.example"))),
                Optional.of(new SiteAccount.Connection("p@example", "example", "chat.example", 5222)), "", "/invite/abc"));
        assertThat(member).contains("href=\"xmpp:general-7@conference.example?join\"", "id=\"start-chatting\"");
    }

    private WaddleModeration.Overview overviewFor(Role role) {
        WaddleModeration.Access access = new WaddleModeration.Access(waddle, role);
        SitePeople.Name hostile = new SitePeople.Name(did('b').toString(), HOSTILE, Optional.of(HOSTILE));
        Channel general = new Channel(1, 7, new ChannelSlug("general"), "general-7", HOSTILE, HOSTILE, ChannelKind.TEXT, 0,
                true, 0, Optional.empty(), T0);
        Channel news = new Channel(2, 7, new ChannelSlug("news"), "news-7", HOSTILE, "", ChannelKind.TEXT, 1, false, 0,
                Optional.empty(), T0);
        List<WaddleModeration.MemberRow> members = List.of(new WaddleModeration.MemberRow(hostile, Role.MEMBER, T0, true,
                access.grantable()));
        List<WaddleModeration.BanRow> bans = List.of(new WaddleModeration.BanRow(hostile, HOSTILE, HOSTILE, T0,
                Optional.of(T0)));
        List<WaddleModeration.InviteRow> invites = List.of(new WaddleModeration.InviteRow("abc",
                "https://chat.example/waddle/invite/abc", HOSTILE, T0, Optional.empty(), OptionalInt.of(3), 1,
                role.atLeast(Role.ADMIN)));
        List<ListLink> lists = role.atLeast(Role.ADMIN) ? List.of(new ListLink(1, 7, "at://" + owner + "/app.bsky.graph.list/x",
                LinkKind.MEMBERS, SyncMode.ADD_ONLY, HOSTILE, Actor.of(owner), T0, Optional.of(T0), 2, 2, 0, 0,
                Optional.of(HOSTILE), 0, 240, Optional.of(HOSTILE))) : List.of();
        // Page 2 of 3 of a search for markup: the query comes back escaped in the field and in the page links.
        WaddleModeration.MemberPage page = new WaddleModeration.MemberPage(members, HOSTILE, 2, 3, 101, 120);
        return new WaddleModeration.Overview(access, List.of(general, news), page, bans, invites, lists, true);
    }

    private ManagePage.View view(Role role) {
        return new ManagePage.View(overviewFor(role), "/manage/7", "https://chat.example/waddle/invite/");
    }

    private SiteFrame frame() {
        Person person = new Person(owner.toString(), Optional.of(HOSTILE));
        return new SiteFrame("Manage", List.of(new Flash.Message(Flash.Kind.ERROR, HOSTILE)), "the-token",
                Optional.of(person), "/waddle", messages);
    }

    /** Every form that changes something (POST) carries the token; the member search (GET) must not leak it. */
    private static void assertEveryFormHasTheToken(String html) {
        int forms = html.split("<form", -1).length - 1;
        int searches = html.split("<form method=\"get\"", -1).length - 1;
        int tokens = html.split("name=\"csrf\" value=\"the-token\"", -1).length - 1;
        assertThat(forms - searches).isPositive();
        assertThat(tokens).as("POST forms with a token").isEqualTo(forms - searches);
        assertThat(html.split("<form method=\"post\"", -1).length - 1).as("every other form posts").isEqualTo(forms - searches);
    }

    private static String render(String template, SiteFrame frame, Object view) {
        StringWriter out = new StringWriter();
        Templates.render(template, frame, view, out);
        return out.toString();
    }

    private static Did did(char letter) {
        try {
            return Did.parse("did:plc:" + String.valueOf(letter).repeat(24));
        } catch (AtprotoException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
