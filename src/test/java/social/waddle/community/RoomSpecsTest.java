package social.waddle.community;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static social.waddle.community.TestDids.ADMIN;
import static social.waddle.community.TestDids.MEMBER;
import static social.waddle.community.TestDids.MODERATOR;
import static social.waddle.community.TestDids.OTHER_MEMBER;
import static social.waddle.community.TestDids.OUTSIDER;
import static social.waddle.community.TestDids.OWNER;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import social.waddle.atproto.syntax.Did;
import social.waddle.community.rooms.Affiliation;
import social.waddle.community.rooms.RoomSpec;

class RoomSpecsTest {

    private static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");
    private static final String DOMAIN = "example.com";

    private static Waddle waddle(Visibility visibility) {
        return new Waddle(7, new WaddleSlug("penguins"), "Penguins", "All about penguins", OWNER, visibility, NOW, NOW);
    }

    private static Channel channel(String slug, String topic, ChannelKind kind) {
        return new Channel(70, 7, new ChannelSlug(slug), slug + "~penguins", "General", topic, kind, 0, true, 0,
                Optional.empty(), NOW);
    }

    private static Member member(Did did, Role role) {
        return new Member(7, did, role, NOW, Optional.empty());
    }

    private static String jid(Did did) {
        return did.identifier() + "@" + DOMAIN;
    }

    @Test
    void rolesMapToAffiliationsAndActiveBansToOutcasts() {
        List<Member> members = List.of(member(OWNER, Role.OWNER), member(ADMIN, Role.ADMIN),
                member(MODERATOR, Role.MODERATOR), member(MEMBER, Role.MEMBER));
        List<Ban> bans = List.of(new Ban(7, OUTSIDER, "", OWNER, NOW, Optional.empty()),
                new Ban(7, OTHER_MEMBER, "", OWNER, NOW.minus(Duration.ofDays(2)), Optional.of(NOW.minusSeconds(1))));

        RoomSpec spec = RoomSpecs.of(waddle(Visibility.PRIVATE), channel("general", "", ChannelKind.TEXT), members, bans,
                DOMAIN, NOW);

        assertThat(spec.affiliations()).isEqualTo(Map.of(
                jid(OWNER), Affiliation.OWNER,
                jid(ADMIN), Affiliation.ADMIN,
                jid(MODERATOR), Affiliation.ADMIN,
                jid(MEMBER), Affiliation.MEMBER,
                jid(OUTSIDER), Affiliation.OUTCAST));
    }

    @Test
    void theChannelsTopicIsTheRoomsSubjectAndNoTopicLeavesTheSubjectAlone() {
        RoomSpec withTopic = RoomSpecs.of(waddle(Visibility.PUBLIC), channel("general", "Fish only", ChannelKind.TEXT),
                List.of(), List.of(), DOMAIN, NOW);
        RoomSpec withoutTopic = RoomSpecs.of(waddle(Visibility.PUBLIC), channel("general", "", ChannelKind.TEXT),
                List.of(), List.of(), DOMAIN, NOW);

        assertThat(withTopic.subject()).isEqualTo("Fish only");
        assertThat(withoutTopic.subject()).isEmpty();
    }

    @Test
    void aBanWinsOverAMembershipThatShouldNotBeThere() {
        RoomSpec spec = RoomSpecs.of(waddle(Visibility.PUBLIC), channel("general", "", ChannelKind.TEXT),
                List.of(member(MEMBER, Role.MEMBER)), List.of(new Ban(7, MEMBER, "", OWNER, NOW, Optional.empty())),
                DOMAIN, NOW);

        assertThat(spec.affiliations()).containsExactly(Map.entry(jid(MEMBER), Affiliation.OUTCAST));
    }

    @Test
    void didWebMembersGetTheirWebJid() {
        Did web = TestDids.parse("did:web:penguin.example");

        RoomSpec spec = RoomSpecs.of(waddle(Visibility.PUBLIC), channel("general", "", ChannelKind.TEXT),
                List.of(member(web, Role.MEMBER)), List.of(), DOMAIN, NOW);

        assertThat(spec.affiliations()).containsOnlyKeys("web.penguin.example@example.com");
    }

    @ParameterizedTest
    @CsvSource({
            "PUBLIC,      false, true",
            "INVITE_ONLY, true,  true",
            "PRIVATE,     true,  false"})
    void visibilityDecidesMembersOnlyAndListing(Visibility visibility, boolean membersOnly, boolean listed) {
        RoomSpec spec = RoomSpecs.of(waddle(visibility), channel("general", "", ChannelKind.TEXT), List.of(), List.of(),
                DOMAIN, NOW);

        assertThat(spec.membersOnly()).isEqualTo(membersOnly);
        assertThat(spec.publicRoom()).isEqualTo(listed);
        assertThat(spec.persistent()).isTrue();
    }

    @Test
    void announcementChannelsAreModeratedAndTextChannelsAreNot() {
        RoomSpec announcements = RoomSpecs.of(waddle(Visibility.PUBLIC), channel("news", "", ChannelKind.ANNOUNCEMENT),
                List.of(), List.of(), DOMAIN, NOW);
        RoomSpec text = RoomSpecs.of(waddle(Visibility.PUBLIC), channel("general", "", ChannelKind.TEXT), List.of(),
                List.of(), DOMAIN, NOW);

        assertThat(announcements.moderated()).isTrue();
        assertThat(text.moderated()).isFalse();
    }

    @Test
    void theRoomIsNamedAfterWaddleAndChannelAndDescribedByTopicElseWaddle() {
        RoomSpec withoutTopic = RoomSpecs.of(waddle(Visibility.PUBLIC), channel("general", "", ChannelKind.TEXT),
                List.of(), List.of(), DOMAIN, NOW);
        RoomSpec withTopic = RoomSpecs.of(waddle(Visibility.PUBLIC), channel("general", "Fish only", ChannelKind.TEXT),
                List.of(), List.of(), DOMAIN, NOW);

        assertThat(withoutTopic.localpart()).isEqualTo("general~penguins");
        assertThat(withoutTopic.name()).isEqualTo("Penguins · General");
        assertThat(withoutTopic.description()).isEqualTo("All about penguins");
        assertThat(withTopic.description()).isEqualTo("Fish only");
    }

    @Test
    void aChannelOfAnotherWaddleIsAMistake() {
        Channel foreign = new Channel(80, 8, new ChannelSlug("general"), "general~seals", "General", "", ChannelKind.TEXT,
                0, true, 0, Optional.empty(), NOW);

        assertThatThrownBy(() -> RoomSpecs.of(waddle(Visibility.PUBLIC), foreign, List.of(), List.of(), DOMAIN, NOW))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
