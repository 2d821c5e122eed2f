package social.waddle.openfire.community;

import static org.assertj.core.api.Assertions.assertThat;
import static social.waddle.openfire.community.CommunityCommands.BAN;
import static social.waddle.openfire.community.CommunityCommands.CHANNEL;
import static social.waddle.openfire.community.CommunityCommands.CHANNELS;
import static social.waddle.openfire.community.CommunityCommands.CODE;
import static social.waddle.openfire.community.CommunityCommands.CONFIRM;
import static social.waddle.openfire.community.CommunityCommands.CREATE_INVITE;
import static social.waddle.openfire.community.CommunityCommands.CREATE_WADDLE;
import static social.waddle.openfire.community.CommunityCommands.DELETE_WADDLE;
import static social.waddle.openfire.community.CommunityCommands.DESCRIPTION;
import static social.waddle.openfire.community.CommunityCommands.EDIT_WADDLE;
import static social.waddle.openfire.community.CommunityCommands.EXPIRES;
import static social.waddle.openfire.community.CommunityCommands.JOIN_WADDLE;
import static social.waddle.openfire.community.CommunityCommands.JOIN_WITH_INVITE;
import static social.waddle.openfire.community.CommunityCommands.KIND;
import static social.waddle.openfire.community.CommunityCommands.LEAVE_WADDLE;
import static social.waddle.openfire.community.CommunityCommands.MAX_USES;
import static social.waddle.openfire.community.CommunityCommands.NAME;
import static social.waddle.openfire.community.CommunityCommands.PERSON;
import static social.waddle.openfire.community.CommunityCommands.REASON;
import static social.waddle.openfire.community.CommunityCommands.REMOVE_CHANNEL;
import static social.waddle.openfire.community.CommunityCommands.ROLE;
import static social.waddle.openfire.community.CommunityCommands.ROOMS;
import static social.waddle.openfire.community.CommunityCommands.SET_ROLE;
import static social.waddle.openfire.community.CommunityCommands.SLUG;
import static social.waddle.openfire.community.CommunityCommands.UNBAN;
import static social.waddle.openfire.community.CommunityCommands.VISIBILITY;
import static social.waddle.openfire.community.CommunityCommands.WADDLE;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import org.dom4j.Element;
import org.dom4j.QName;
import org.jivesoftware.openfire.commands.AdHocCommand;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xmpp.packet.IQ;
import org.xmpp.packet.JID;
import org.xmpp.packet.PacketError;

import social.waddle.atproto.syntax.Did;
import social.waddle.community.Ban;
import social.waddle.community.Channel;
import social.waddle.community.HsqldbWaddleDatabase;
import social.waddle.community.JdbcWaddleRepository;
import social.waddle.community.Member;
import social.waddle.community.Role;
import social.waddle.community.Visibility;
import social.waddle.community.Waddle;
import social.waddle.community.WaddleService;
import social.waddle.community.WaddleSlug;

/** The user commands on a real {@link WaddleService} over in-memory HSQLDB, run through Openfire's command manager. */
class CommunityCommandsTest {

    private static final String DOMAIN = "example.com";
    private static final String MUC = "conference.example.com";
    private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
    private static final JID OWNER = jid('o');
    private static final JID MEMBER = jid('b');
    private static final JID OUTSIDER = jid('x');
    private static final JID LOCAL_ADMIN = new JID("admin@" + DOMAIN + "/console");
    private static final WaddleSlug PENGUINS = new WaddleSlug("penguins");

    private HsqldbWaddleDatabase database;
    private JdbcWaddleRepository repository;
    private WaddleService service;
    private List<AdHocCommand> commands;
    private CommandDriver driver;

    @BeforeEach
    void createService() throws SQLException {
        database = HsqldbWaddleDatabase.create();
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        repository = new JdbcWaddleRepository(database.connections());
        service = new WaddleService(repository, clock);
        commands = CommunityCommands.all(service, DOMAIN, MUC, clock);
        driver = new CommandDriver(commands);
    }

    @AfterEach
    void dropDatabase() throws SQLException {
        database.close();
    }

    @Test
    void everyAccountOfThisServerMayRunThemAndNobodyElse() {
        JID remote = new JID("oooooooooooooooooooooooo@elsewhere.org/phone");

        assertThat(commands).allSatisfy(command -> {
            assertThat(command.hasPermission(OWNER)).isTrue();
            assertThat(command.hasPermission(LOCAL_ADMIN)).isTrue();
            assertThat(command.hasPermission(remote)).isFalse();
            assertThat(command.hasPermission(new JID(DOMAIN))).isFalse();
        });
        assertThat(driver.start(remote, CREATE_WADDLE).getError().getCondition())
                .isEqualTo(PacketError.Condition.forbidden);
    }

    @Test
    void everyFormHasATypeLabelsAndRequiredMarksAndChoicesAsListSingleOptions() throws Exception {
        service.createWaddle(did(OWNER), PENGUINS, "Penguins", "", Visibility.PUBLIC);

        for (AdHocCommand command : commands) {
            IQ started = driver.start(OWNER, command.getCode());

            Element form = started.getChildElement().element(QName.get("x", CommandForm.DATA_FORMS));
            assertThat(started.getChildElement().attributeValue("status")).isEqualTo("executing");
            assertThat(form.attributeValue("type")).isEqualTo("form");
            assertThat(form.elementText("title")).isEqualTo(command.getDefaultLabel());
            assertThat(fieldValues(form, "FORM_TYPE")).containsExactly(command.getCode());
            assertThat(form.elements("field")).filteredOn(field -> !"hidden".equals(field.attributeValue("type")))
                    .isNotEmpty()
                    .allSatisfy(field -> assertThat(field.attributeValue("label")).as(field.attributeValue("var")).isNotBlank());
        }
        Element create = formOf(CREATE_WADDLE, OWNER);
        assertThat(required(create)).containsExactlyInAnyOrder(SLUG, NAME, VISIBILITY);
        assertThat(options(create, VISIBILITY)).containsExactly("public", "invite-only", "private");
        assertThat(fieldValues(create, VISIBILITY)).containsExactly("public");
        assertThat(options(formOf(SET_ROLE, OWNER), ROLE)).containsExactly("member", "moderator", "admin");
        assertThat(options(formOf(CommunityCommands.ADD_CHANNEL, OWNER), KIND)).containsExactly("text", "announcement");
        assertThat(options(formOf(EDIT_WADDLE, OWNER), WADDLE)).containsExactly("penguins");
        assertThat(options(formOf(EDIT_WADDLE, MEMBER), WADDLE)).isEmpty();
        assertThat(required(formOf(DELETE_WADDLE, OWNER))).containsExactlyInAnyOrder(WADDLE, CONFIRM);
    }

    @Test
    void createMakesTheCallerOwnerWithTheChannelsNamedOnePerLineAndListsTheirRooms() throws Exception {
        CommandDriver.Outcome created = driver.run(OWNER, CREATE_WADDLE, Map.of(
                SLUG, List.of("penguins"), NAME, List.of("Penguins"),
                DESCRIPTION, List.of("All about penguins", "and their friends"),
                VISIBILITY, List.of("invite-only"),
                CHANNELS, List.of("news News and announcements", "", "off-topic")));

        assertThat(created.status()).isEqualTo("completed");
        assertThat(created.errors()).isEmpty();
        assertThat(created.infos()).containsExactly("Waddle 'penguins' created with channels general, news, off-topic.");
        assertThat(created.result(ROOMS)).containsExactly("general~penguins@" + MUC, "news~penguins@" + MUC,
                "off-topic~penguins@" + MUC);
        Waddle waddle = service.find(PENGUINS).orElseThrow();
        assertThat(waddle.owner()).isEqualTo(did(OWNER));
        assertThat(waddle.visibility()).isEqualTo(Visibility.INVITE_ONLY);
        assertThat(waddle.description()).isEqualTo("All about penguins\nand their friends");
        assertThat(service.channels(PENGUINS)).extracting(Channel::name)
                .containsExactly("General", "News and announcements", "Off topic");
    }

    @Test
    void aBadChannelLineCreatesNothingAndSaysWhy() {
        CommandDriver.Outcome refused = driver.run(OWNER, CREATE_WADDLE, Map.of(
                SLUG, List.of("penguins"), NAME, List.of("Penguins"), VISIBILITY, List.of("public"),
                CHANNELS, List.of("news", "News!! Breaking")));

        assertThat(refused.status()).isEqualTo("completed");
        assertThat(refused.errors()).singleElement().asString().contains("Channel slug").contains("news!!");
        assertThat(service.find(PENGUINS)).isEmpty();
    }

    @Test
    void missingRequiredFieldsAndUnknownChoicesAreNamedByTheirLabels() {
        CommandDriver.Outcome noName = driver.run(OWNER, CREATE_WADDLE, Map.of(SLUG, List.of("penguins")));
        CommandDriver.Outcome badVisibility = driver.run(OWNER, CREATE_WADDLE, Map.of(
                SLUG, List.of("penguins"), NAME, List.of("Penguins"), VISIBILITY, List.of("secret")));

        assertThat(noName.errors()).containsExactly("Fill in 'Name'.");
        assertThat(badVisibility.errors()).containsExactly(
                "'Who may find and join it' must be one of public, invite-only, private, not 'secret'.");
        assertThat(service.find(PENGUINS)).isEmpty();
    }

    @Test
    void callersWithoutAnAtprotoAccountAreToldSoWhenTheFormIsShownAndWhenTheyComplete() {
        IQ started = driver.start(LOCAL_ADMIN, CREATE_WADDLE);
        CommandDriver.Outcome refused = driver.run(LOCAL_ADMIN, CREATE_WADDLE, Map.of(
                SLUG, List.of("penguins"), NAME, List.of("Penguins")));

        String expected = "Waddles are for Bluesky (ATProto) accounts; admin@example.com is not one. Log in with your "
                + "handle or DID to use them.";
        assertThat(started.getChildElement().elements("note")).extracting(Element::getText).containsExactly(expected);
        assertThat(refused.errors()).containsExactly(expected);
        assertThat(service.find(PENGUINS)).isEmpty();
    }

    @Test
    void theDomainsRefusalsBecomeErrorNotesInItsOwnWords() throws Exception {
        penguins(Visibility.PUBLIC);
        service.join(did(MEMBER), PENGUINS);

        CommandDriver.Outcome byMember = driver.run(MEMBER, CommunityCommands.ADD_CHANNEL, Map.of(
                WADDLE, List.of("penguins"), CHANNEL, List.of("news"), NAME, List.of("News")));
        CommandDriver.Outcome taken = driver.run(MEMBER, CREATE_WADDLE, Map.of(
                SLUG, List.of("penguins"), NAME, List.of("Mine")));
        CommandDriver.Outcome ownerLeaves = driver.run(OWNER, LEAVE_WADDLE, Map.of(WADDLE, List.of("penguins")));

        assertThat(byMember.errors()).containsExactly("Only admins and the owner of Waddle 'penguins' can add channels; "
                + "you are a member");
        assertThat(taken.errors()).containsExactly("The Waddle address 'penguins' is taken; choose another");
        assertThat(ownerLeaves.errors()).singleElement().asString().startsWith("The owner cannot leave Waddle 'penguins'");
        assertThat(List.of(byMember, taken, ownerLeaves)).allSatisfy(outcome -> {
            assertThat(outcome.status()).isEqualTo("completed");
            assertThat(outcome.command().asXML()).doesNotContain("Exception").doesNotContain("\tat ");
        });
    }

    @Test
    void publicWaddlesAreJoinedBySlugAndOthersWithAnInviteThatCanBeUsedUp() throws Exception {
        penguins(Visibility.PUBLIC);
        service.createWaddle(did(OWNER), new WaddleSlug("secret"), "Secret", "", Visibility.PRIVATE);

        CommandDriver.Outcome joined = driver.run(MEMBER, JOIN_WADDLE, Map.of(WADDLE, List.of("Penguins")));
        CommandDriver.Outcome notPublic = driver.run(MEMBER, JOIN_WADDLE, Map.of(WADDLE, List.of("secret")));
        CommandDriver.Outcome invite = driver.run(OWNER, CREATE_INVITE, Map.of(
                WADDLE, List.of("secret"), EXPIRES, List.of("2h"), MAX_USES, List.of("1")));
        String code = invite.result(CODE).get(0);
        CommandDriver.Outcome joinedSecret = driver.run(MEMBER, JOIN_WITH_INVITE, Map.of(CODE, List.of(code)));
        CommandDriver.Outcome usedUp = driver.run(OUTSIDER, JOIN_WITH_INVITE, Map.of(CODE, List.of(code)));

        assertThat(joined.errors()).isEmpty();
        assertThat(joined.result(ROOMS)).containsExactly("general~penguins@" + MUC);
        assertThat(notPublic.errors()).containsExactly("Waddle 'secret' can only be joined with an invite");
        assertThat(invite.infos()).containsExactly("Invite to Waddle 'secret': " + code + ", valid until "
                + NOW.plus(Duration.ofHours(2)) + ", for 1 use(s).");
        assertThat(joinedSecret.errors()).isEmpty();
        assertThat(joinedSecret.result(ROOMS)).containsExactly("general~secret@" + MUC);
        assertThat(usedUp.errors()).containsExactly("This invite to Waddle 'secret' has been used up; ask for a new one");
        assertThat(service.members(new WaddleSlug("secret"))).extracting(Member::did)
                .containsExactlyInAnyOrder(did(OWNER), did(MEMBER));
    }

    @Test
    void inviteFieldsThatCannotBeReadAreRefusedBeforeAnythingIsMade() throws Exception {
        penguins(Visibility.INVITE_ONLY);

        CommandDriver.Outcome badExpiry = driver.run(OWNER, CREATE_INVITE, Map.of(
                WADDLE, List.of("penguins"), EXPIRES, List.of("soon")));
        CommandDriver.Outcome badUses = driver.run(OWNER, CREATE_INVITE, Map.of(
                WADDLE, List.of("penguins"), MAX_USES, List.of("0")));

        assertThat(badExpiry.errors()).containsExactly("'Expires after': 'soon' is neither a time span such as 30s, 12h, "
                + "7d or 2w nor a time such as 2030-01-01T00:00:00Z.");
        assertThat(badUses.errors()).containsExactly("'Number of uses' must be a whole number from 1 to 100000, not '0'.");
        assertThat(service.invites(did(OWNER), PENGUINS)).isEmpty();
    }

    @Test
    void aModeratorPromotedByTheOwnerBansAMemberUntilTheExpiryAndCanLiftTheBan() throws Exception {
        penguins(Visibility.PUBLIC);
        JID moderator = jid('m');
        service.join(did(moderator), PENGUINS);
        service.join(did(MEMBER), PENGUINS);

        CommandDriver.Outcome promoted = driver.run(OWNER, SET_ROLE, Map.of(
                WADDLE, List.of("penguins"), PERSON, List.of(moderator.toBareJID()), ROLE, List.of("moderator")));
        CommandDriver.Outcome banned = driver.run(moderator, BAN, Map.of(
                WADDLE, List.of("penguins"), PERSON, List.of(MEMBER.toBareJID()), REASON, List.of("spam"),
                EXPIRES, List.of("30m")));
        List<Ban> bans = bansOf(PENGUINS);
        CommandDriver.Outcome unbanned = driver.run(moderator, UNBAN, Map.of(
                WADDLE, List.of("penguins"), PERSON, List.of(did(MEMBER).toString())));

        assertThat(promoted.infos()).containsExactly(moderator.toBareJID() + " is now moderator of Waddle 'penguins'.");
        assertThat(banned.infos()).containsExactly(MEMBER.toBareJID() + " is banned from Waddle 'penguins' until "
                + NOW.plus(Duration.ofMinutes(30)) + ".");
        assertThat(bans).singleElement().satisfies(ban -> {
            assertThat(ban.did()).isEqualTo(did(MEMBER));
            assertThat(ban.reason()).isEqualTo("spam");
            assertThat(ban.expiresAt()).contains(NOW.plus(Duration.ofMinutes(30)));
        });
        assertThat(unbanned.errors()).isEmpty();
        assertThat(service.members(PENGUINS)).extracting(Member::did).doesNotContain(did(MEMBER));
        assertThat(driver.run(MEMBER, JOIN_WADDLE, Map.of(WADDLE, List.of("penguins"))).errors()).isEmpty();
    }

    @Test
    void peopleAreNamedByJidOnThisServerOrByDidAndNobodyElse() throws Exception {
        penguins(Visibility.PUBLIC);

        CommandDriver.Outcome remote = driver.run(OWNER, BAN, Map.of(
                WADDLE, List.of("penguins"), PERSON, List.of("someone@elsewhere.org")));
        CommandDriver.Outcome local = driver.run(OWNER, BAN, Map.of(
                WADDLE, List.of("penguins"), PERSON, List.of("admin@" + DOMAIN)));
        CommandDriver.Outcome badRole = driver.run(OWNER, SET_ROLE, Map.of(
                WADDLE, List.of("penguins"), PERSON, List.of(MEMBER.toBareJID()), ROLE, List.of("owner")));
        CommandDriver.Outcome notAPerson = driver.run(OWNER, UNBAN, Map.of(
                WADDLE, List.of("penguins"), PERSON, List.of("did:key:z6Mk")));

        assertThat(remote.errors()).containsExactly("'Person': someone@elsewhere.org is not a Bluesky (ATProto) account "
                + "of example.com; give their JID on example.com or their DID.");
        assertThat(local.errors()).containsExactly("'Person': admin@example.com is not a Bluesky (ATProto) account "
                + "of example.com; give their JID on example.com or their DID.");
        assertThat(badRole.errors()).containsExactly("'Role' must be one of member, moderator, admin, not 'owner'.");
        assertThat(notAPerson.errors()).singleElement().asString().startsWith("'Person': ");
    }

    @Test
    void editKeepsWhatIsLeftEmptyAndChannelsComeAndGo() throws Exception {
        penguins(Visibility.PUBLIC);

        CommandDriver.Outcome edited = driver.run(OWNER, EDIT_WADDLE, Map.of(
                WADDLE, List.of("penguins"), VISIBILITY, List.of("private")));
        CommandDriver.Outcome unchanged = driver.run(OWNER, EDIT_WADDLE, Map.of(WADDLE, List.of("penguins")));
        CommandDriver.Outcome added = driver.run(OWNER, CommunityCommands.ADD_CHANNEL, Map.of(
                WADDLE, List.of("penguins"), CHANNEL, List.of("news"), NAME, List.of("News"),
                KIND, List.of("announcement")));
        CommandDriver.Outcome removed = driver.run(OWNER, REMOVE_CHANNEL, Map.of(
                WADDLE, List.of("penguins"), CHANNEL, List.of("news")));
        CommandDriver.Outcome defaultChannel = driver.run(OWNER, REMOVE_CHANNEL, Map.of(
                WADDLE, List.of("penguins"), CHANNEL, List.of("general")));

        assertThat(edited.infos()).containsExactly("Waddle 'penguins' saved.");
        assertThat(service.find(PENGUINS).orElseThrow()).satisfies(waddle -> {
            assertThat(waddle.name()).isEqualTo("Penguins");
            assertThat(waddle.description()).isEqualTo("All about penguins");
            assertThat(waddle.visibility()).isEqualTo(Visibility.PRIVATE);
        });
        assertThat(unchanged.infos()).containsExactly("Nothing to change in Waddle 'penguins'.");
        assertThat(added.infos()).containsExactly("Channel 'news' added to Waddle 'penguins': news~penguins@" + MUC + ".");
        assertThat(removed.infos()).containsExactly("Channel 'news' removed from Waddle 'penguins'.");
        assertThat(defaultChannel.errors()).singleElement().asString().contains("is the default channel");
        assertThat(service.channels(PENGUINS)).extracting(channel -> channel.slug().value()).containsExactly("general");
    }

    @Test
    void deleteNeedsTheConfirmationAndTheOwner() throws Exception {
        penguins(Visibility.PUBLIC);
        service.join(did(MEMBER), PENGUINS);

        CommandDriver.Outcome unconfirmed = driver.run(OWNER, DELETE_WADDLE, Map.of(
                WADDLE, List.of("penguins"), CONFIRM, List.of("0")));
        CommandDriver.Outcome byMember = driver.run(MEMBER, DELETE_WADDLE, Map.of(
                WADDLE, List.of("penguins"), CONFIRM, List.of("true")));
        assertThat(service.find(PENGUINS)).isPresent();
        CommandDriver.Outcome deleted = driver.run(OWNER, DELETE_WADDLE, Map.of(
                WADDLE, List.of("penguins"), CONFIRM, List.of("1")));

        assertThat(unconfirmed.errors()).containsExactly("Waddle 'penguins' was not deleted: tick 'Yes, delete it and "
                + "destroy its rooms' to confirm.");
        assertThat(byMember.errors()).containsExactly("Only the owner of Waddle 'penguins' can delete the Waddle; you "
                + "are a member");
        assertThat(deleted.infos()).containsExactly("Waddle 'penguins' is deleted and its rooms destroyed.");
        assertThat(service.find(PENGUINS)).isEmpty();
    }

    @Test
    void aDatabaseFailureIsReportedWithoutItsDetails() throws Exception {
        penguins(Visibility.PUBLIC);
        database.close();

        CommandDriver.Outcome failed = driver.run(MEMBER, JOIN_WADDLE, Map.of(WADDLE, List.of("penguins")));

        assertThat(failed.status()).isEqualTo("completed");
        assertThat(failed.errors()).containsExactly(
                "The Waddle database could not be reached; nothing was changed. Try again later.");
        assertThat(failed.command().asXML()).doesNotContain("SQL").doesNotContain("hsqldb");
        database = HsqldbWaddleDatabase.create();
    }

    // ---- helpers

    private void penguins(Visibility visibility) throws Exception {
        service.createWaddle(did(OWNER), PENGUINS, "Penguins", "All about penguins", visibility);
    }

    private List<Ban> bansOf(WaddleSlug slug) {
        long id = service.find(slug).orElseThrow().id();
        return repository.read(store -> store.bans(id));
    }

    private static JID jid(char letter) {
        return new JID(String.valueOf(letter).repeat(24) + "@" + DOMAIN + "/phone");
    }

    private static Did did(JID jid) {
        return new People(DOMAIN).didOf(jid).orElseThrow();
    }

    private Element formOf(String node, JID caller) {
        return driver.start(caller, node).getChildElement().element(QName.get("x", CommandForm.DATA_FORMS));
    }

    private static List<String> required(Element form) {
        return form.elements("field").stream().filter(field -> field.element("required") != null)
                .map(field -> field.attributeValue("var")).toList();
    }

    private static List<String> options(Element form, String variable) {
        return CommandDriver.fieldOf(form, variable).elements("option").stream()
                .map(option -> option.elementText("value")).toList();
    }

    private static List<String> fieldValues(Element form, String variable) {
        return CommandDriver.fieldOf(form, variable).elements("value").stream().map(Element::getText).toList();
    }
}
