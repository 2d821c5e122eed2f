package social.waddle.community;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import java.util.Optional;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

class RoomNamesPropertiesTest {

    private static final String RFC7622_FORBIDDEN = "\"&'/:<>@ ";

    @Provide
    Arbitrary<String> slugs() {
        Arbitrary<String> edge = Arbitraries.strings().withChars("abcdefghijklmnopqrstuvwxyz0123456789").ofLength(1);
        Arbitrary<String> middle = Arbitraries.strings().withChars("abcdefghijklmnopqrstuvwxyz0123456789-")
                .ofMinLength(0).ofMaxLength(30);
        return Combinators.combine(edge, middle, edge).as((first, inner, last) -> first + inner + last);
    }

    @Provide
    Arbitrary<WaddleSlug> waddleSlugs() {
        return slugs().map(WaddleSlug::new);
    }

    @Provide
    Arbitrary<ChannelSlug> channelSlugs() {
        return slugs().map(ChannelSlug::new);
    }

    @Property
    void everyLocalpartParsesBackToItsWaddleAndChannel(@ForAll("waddleSlugs") WaddleSlug waddle,
                                                       @ForAll("channelSlugs") ChannelSlug channel) {
        String localpart = RoomNames.localpart(waddle, channel);

        assertThat(RoomNames.parse(localpart)).contains(new RoomNames.ChannelRoom(waddle, channel));
    }

    @Property
    void differentChannelsNeverShareARoom(@ForAll("waddleSlugs") WaddleSlug waddle, @ForAll("channelSlugs") ChannelSlug channel,
                                          @ForAll("waddleSlugs") WaddleSlug otherWaddle,
                                          @ForAll("channelSlugs") ChannelSlug otherChannel) {
        boolean sameChannel = waddle.equals(otherWaddle) && channel.equals(otherChannel);

        boolean sameRoom = RoomNames.localpart(waddle, channel).equals(RoomNames.localpart(otherWaddle, otherChannel));

        assertThat(sameRoom).isEqualTo(sameChannel);
    }

    @Property
    void localpartsAreValidRoomLocalpartsThatCaseFoldingLeavesAlone(@ForAll("waddleSlugs") WaddleSlug waddle,
                                                                     @ForAll("channelSlugs") ChannelSlug channel) {
        String localpart = RoomNames.localpart(waddle, channel);

        assertThat(localpart).hasSizeBetween(5, 65).isLowerCase().matches("[a-z0-9~-]+");
        assertThat(localpart.chars()).noneMatch(c -> RFC7622_FORBIDDEN.indexOf(c) >= 0);
    }

    /** Room names, half of them as the plugin makes them and half with one character inserted, swapped or dropped. */
    @Provide
    Arbitrary<String> nearlyRoomNames() {
        Arbitrary<String> made = Combinators.combine(waddleSlugs(), channelSlugs()).as(RoomNames::localpart);
        Arbitrary<String> damaged = Combinators.combine(made, Arbitraries.integers().between(0, 64),
                Arbitraries.of('~', '-', 'A', '.', '@', 'a', '0', ' '), Arbitraries.integers().between(0, 2))
                .as((name, at, c, how) -> {
                    int i = Math.min(at, name.length() - 1);
                    return switch (how) {
                        case 0 -> name.substring(0, i) + c + name.substring(i);
                        case 1 -> name.substring(0, i) + c + name.substring(i + 1);
                        default -> name.substring(0, i) + name.substring(i + 1);
                    };
                });
        return Arbitraries.oneOf(made, damaged);
    }

    @Property
    void whateverParsesIsExactlyWhatItPrintsAs(@ForAll("nearlyRoomNames") String candidate) {
        Optional<RoomNames.ChannelRoom> parsed = RoomNames.parse(candidate);
        Statistics.label("parses").collect(parsed.isPresent())
                .coverage(coverage -> coverage.check(true).percentage(p -> p > 40));

        parsed.ifPresent(room -> assertThat(RoomNames.localpart(room.waddle(), room.channel())).isEqualTo(candidate));
    }

    @Property
    void stringsShapedAlmostLikeRoomNamesAreNotWaddleRooms(
            @ForAll("slugs") String channel, @ForAll("slugs") String waddle) {
        assertThat(RoomNames.parse(channel)).isEmpty();
        assertThat(RoomNames.parse(channel + "~" + waddle + "~x")).isEmpty();
        assertThat(RoomNames.parse(channel + "~" + waddle.toUpperCase(Locale.ROOT) + "Q")).isEmpty();
        assertThat(RoomNames.parse(channel + "~-" + waddle)).isEmpty();
        assertThat(RoomNames.parse("~" + waddle)).isEmpty();
    }

    @Example
    void aChannelRoomIsNamedChannelTildeWaddle() {
        assertThat(RoomNames.localpart(new WaddleSlug("penguin-club"), new ChannelSlug("general")))
                .isEqualTo("general~penguin-club");
        assertThat(RoomNames.parse("general~penguin-club"))
                .contains(new RoomNames.ChannelRoom(new WaddleSlug("penguin-club"), new ChannelSlug("general")));
    }

    @Example
    void roomsMadeByHandAreNotWaddleRooms() {
        assertThat(RoomNames.parse("lobby")).isEmpty();
        assertThat(RoomNames.parse("a~penguins")).isEmpty();
        assertThat(RoomNames.parse("general~")).isEmpty();
        assertThat(RoomNames.parse(null)).isEmpty();
    }
}
