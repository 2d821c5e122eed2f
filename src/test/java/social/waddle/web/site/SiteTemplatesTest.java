package social.waddle.web.site;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringWriter;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.ResourceBundle;

import org.junit.jupiter.api.Test;

import social.waddle.atproto.AtprotoException;
import social.waddle.atproto.syntax.Did;
import social.waddle.community.Visibility;
import social.waddle.community.Waddle;
import social.waddle.community.WaddleSlug;
import social.waddle.web.BundleMessages;
import social.waddle.web.Flash;
import social.waddle.web.Templates;

/** The public pages' templates escape what people and Waddle owners choose: handles, Waddle names, typed input. */
class SiteTemplatesTest {

    private static final String HOSTILE = "\"><script>alert(1)</script><img src=x onerror=alert(2)>";

    private final BundleMessages messages = BundleMessages.of(ResourceBundle.getBundle(BundleMessages.BUNDLE));

    @Test
    void theHomePageShowsHostileWaddleNamesHandlesAndFlashTextAsText() {
        Person person = new Person("did:plc:aliceaaaaaaaaaaaaaaaaaaa", Optional.of(HOSTILE));
        SiteFrame frame = new SiteFrame("Home", List.of(new Flash.Message(Flash.Kind.SUCCESS, HOSTILE)), "token",
                Optional.of(person), "/waddle", messages);
        HomePage.Home home = new HomePage.Home(person,
                new SiteAccount.Connection("alice@example.com", "example.com", "chat.example.com", 5222),
                List.of(new SiteAccount.Membership(7, HOSTILE, "evil", "owner")),
                List.of(new InviteLinks.Preview("inv1te", hostileWaddle(), new SitePeople.Name("did:plc:x", HOSTILE,
                        Optional.of("x.test")), InviteLinks.State.VALID, Optional.empty())));
        String html = render("site/home.jte", frame, home);
        assertThat(html).doesNotContain("<script>alert(1)", "<img src=x").contains("&lt;script&gt;alert(1)&lt;/script&gt;")
                .contains("href=\"/waddle/manage/7\"", "href=\"xmpp:alice@example.com\"", "name=\"csrf\" value=\"token\"",
                        "href=\"/waddle/invite/inv1te\"", "Invites you opened");
    }

    @Test
    void everyFormOfTheSignInAndHomePagesCarriesTheCsrfToken() {
        Person person = new Person("did:plc:aliceaaaaaaaaaaaaaaaaaaa", Optional.empty());
        SiteFrame frame = new SiteFrame("Home", List.of(), "the-token", Optional.of(person), "/waddle", messages);
        String home = render("site/home.jte", frame, new HomePage.Home(person,
                new SiteAccount.Connection("a@b", "b", "b", 5222), List.of(), List.of()));
        String signIn = render("site/signin.jte", frame, new SignInPage.Form(HOSTILE, "/waddle/devices", HOSTILE));
        for (String html : List.of(home, signIn)) {
            int forms = html.split("<form", -1).length - 1;
            int tokens = html.split("name=\"csrf\" value=\"the-token\"", -1).length - 1;
            assertThat(forms).isPositive();
            assertThat(tokens).as("forms with a token").isEqualTo(forms);
        }
        assertThat(signIn).doesNotContain("<script>alert(1)");
    }

    private static Waddle hostileWaddle() {
        try {
            return new Waddle(7, new WaddleSlug("evil"), HOSTILE, HOSTILE, Did.parse("did:plc:ownerooooooooooooooooooo"),
                    Visibility.INVITE_ONLY, Instant.EPOCH, Instant.EPOCH);
        } catch (AtprotoException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String render(String template, SiteFrame frame, Object view) {
        StringWriter out = new StringWriter();
        Templates.render(template, frame, view, out);
        return out.toString();
    }
}
