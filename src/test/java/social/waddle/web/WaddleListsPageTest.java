package social.waddle.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import social.waddle.atproto.AtprotoException;
import social.waddle.atproto.graph.ListPurpose;
import social.waddle.atproto.syntax.Did;
import social.waddle.community.Member;
import social.waddle.community.Visibility;
import social.waddle.community.WaddleSlug;

/** The Bluesky lists section of the Waddle page: link, show the last run and its error, sync now, dry run, unlink. */
class WaddleListsPageTest {

    private static final String PENGUINS = "penguins";
    private static final String DETAIL = "waddle-waddles?waddle=penguins";
    private static final Did OWNER = did("did:plc:aaaaaaaaaaaaaaaaaaaaaaaa");
    private static final Did PERSON = did("did:plc:bbbbbbbbbbbbbbbbbbbbbbbb");
    private static final Did STRANGER = did("did:plc:cccccccccccccccccccccccc");
    private static final String CREW = "at://" + OWNER + "/app.bsky.graph.list/crew";

    private ConsoleFixture console;
    private ConsoleFixture.Client admin;

    @BeforeEach
    void start() throws Exception {
        console = new ConsoleFixture();
        admin = console.admin();
        console.waddles.service().createWaddle(OWNER, new WaddleSlug(PENGUINS), "Penguins", "", Visibility.PUBLIC);
        console.lists.put(OWNER, "crew", "Crew <b>", ListPurpose.CURATION, Set.of(PERSON));
        console.lists.put(STRANGER, "theirs", "Theirs", ListPurpose.CURATION, Set.of(PERSON));
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

    private String followed(ConsoleFixture.Client.Response response) throws Exception {
        assertThat(response.status()).as("redirect after POST").isEqualTo(303);
        return admin.follow(response).body();
    }

    private Set<Did> members() throws Exception {
        return Set.copyOf(console.waddles.service().members(new WaddleSlug(PENGUINS)).stream().map(Member::did).toList());
    }

    @Test
    void linksShowsSyncsAndUnlinksAList() throws Exception {
        String linked = followed(admin.submit(DETAIL, "action", "linkList", "waddle", PENGUINS, "list", CREW,
                "mode", "ADD_ONLY"));
        assertThat(linked).contains("Bluesky sync done: 1 added").contains("id=\"linked-lists\"")
                .contains("Crew &lt;b&gt;").doesNotContain("Crew <b>").contains(CREW);
        assertThat(members()).contains(PERSON);
        assertThat(console.audit).anySatisfy(line -> assertThat(line).contains("Linked a Bluesky list"));

        console.lists.put(OWNER, "crew", "Crew", ListPurpose.CURATION, Set.of());
        String dry = followed(admin.submit(DETAIL, "action", "dryRunLists", "waddle", PENGUINS));
        assertThat(dry).contains("A sync would add 0, remove 1").contains("- " + PERSON);
        assertThat(members()).contains(PERSON);

        console.lists.down = true;
        String failed = followed(admin.submit(DETAIL, "action", "syncLists", "waddle", PENGUINS));
        assertThat(failed).contains("stopped and changed nothing").contains("Could not connect to the PDS");
        assertThat(members()).contains(PERSON);
        assertThat(admin.get(DETAIL).body()).contains("Could not connect to the PDS");

        console.lists.down = false;
        assertThat(followed(admin.submit(DETAIL, "action", "syncLists", "waddle", PENGUINS)))
                .contains("Bluesky sync done: 0 added, 1 removed");
        assertThat(members()).doesNotContain(PERSON);

        String unlinked = followed(admin.submit(DETAIL, "action", "unlinkList", "waddle", PENGUINS, "uri", CREW));
        assertThat(unlinked).contains("Unlinked").doesNotContain("id=\"linked-lists\"");
    }

    @Test
    void refusesSomeoneElsesList() throws Exception {
        String refused = followed(admin.submit(DETAIL, "action", "linkList", "waddle", PENGUINS,
                "list", "https://bsky.app/profile/" + STRANGER + "/lists/theirs"));
        assertThat(refused).contains("neither the owner nor an admin");
        assertThat(members()).doesNotContain(PERSON);
    }

    @Test
    void peopleWhoseDidDoesNotResolveAreShownAsSkippedWithTheReason() throws Exception {
        console.lists.unresolvable.add(PERSON);
        String linked = followed(admin.submit(DETAIL, "action", "linkList", "waddle", PENGUINS, "list", CREW,
                "mode", "ADD_ONLY"));
        assertThat(linked).contains("Bluesky sync done: 0 added").contains("1 skipped (not added):")
                .contains(PERSON + " does not resolve: not found");
        assertThat(members()).doesNotContain(PERSON);
    }
}
