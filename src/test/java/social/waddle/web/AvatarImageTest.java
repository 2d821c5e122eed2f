package social.waddle.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import social.waddle.account.StoredProfile;
import social.waddle.atproto.profile.Avatar;
import social.waddle.atproto.profile.ImageType;

/** The account's avatar served from the console's origin: admins only, accepted image bytes only, never sniffed. */
class AvatarImageTest {

    private static final String ALICE = "did:plc:aliceaaaaaaaaaaaaaaaaaaa";
    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R',
            0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0};

    private ConsoleFixture console;

    @BeforeEach
    void start() throws Exception {
        console = new ConsoleFixture();
        console.addAccount(ALICE, "alice.test", "Alice");
    }

    @AfterEach
    void stop() throws Exception {
        console.close();
    }

    @Test
    void servesThePublishedAvatarWithItsTypeNosniffAndCaching() throws Exception {
        Avatar avatar = Avatar.of("bafkreiavatar", PNG);
        console.profiles.avatars.put(ALICE, avatar);

        HttpResponse<byte[]> image = console.admin().getBytes(AvatarImage.href(ALICE, avatar.sha1()));

        assertThat(image.statusCode()).isEqualTo(200);
        assertThat(image.body()).isEqualTo(PNG);
        assertThat(image.headers().firstValue("Content-Type")).contains("image/png");
        assertThat(image.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
        assertThat(image.headers().firstValue("Cache-Control")).contains(AvatarImage.CACHE_CONTROL);
        assertThat(image.headers().firstValue("ETag")).contains("\"" + avatar.sha1() + "\"");
        HttpResponse<byte[]> again = console.admin().getBytes(AvatarImage.href(ALICE, avatar.sha1()),
                "If-None-Match", "\"" + avatar.sha1() + "\"");
        assertThat(again.statusCode()).isEqualTo(304);
        assertThat(again.body()).isEmpty();
    }

    @Test
    void servesOnlyBytesThatAreAnAcceptedImageWhateverTheirRecordedType() throws Exception {
        byte[] html = "<html><script>alert(1)</script></html>".getBytes(StandardCharsets.US_ASCII);
        console.profiles.avatars.put(ALICE, new Avatar("bafkreihtml", ImageType.PNG, html, Avatar.sha1Hex(html),
                Optional.empty(), Optional.empty()));

        HttpResponse<byte[]> refused = console.admin().getBytes("waddle-avatar?did=" + ALICE);

        assertThat(refused.statusCode()).isEqualTo(404);
        assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/plain"));
        assertThat(new String(refused.body(), StandardCharsets.UTF_8)).doesNotContain("script");
        assertThat(console.admin().getBytes("waddle-avatar?did=did:plc:nobodyaaaaaaaaaaaaaaaaaa").statusCode()).isEqualTo(404);
        assertThat(console.admin().getBytes("waddle-avatar").statusCode()).isEqualTo(404);
    }

    @Test
    void refusesAnyoneButALoggedInAdmin() throws Exception {
        console.profiles.avatars.put(ALICE, Avatar.of("bafkreiavatar", PNG));

        HttpResponse<byte[]> anonymous = console.client().getBytes("waddle-avatar?did=" + ALICE);

        assertThat(anonymous.statusCode()).isIn(302, 403);
        assertThat(anonymous.body()).isNotEqualTo(PNG);
    }

    @Test
    void theAccountPageShowsTheAvatarFromThePluginsOwnUrl() throws Exception {
        Instant at = Instant.parse("2026-12-01T10:00:00Z");
        String sha1 = Avatar.sha1Hex(PNG);
        console.profiles.stored.put(ALICE, new StoredProfile(ALICE, Optional.of("Alice"), Optional.of("bafkreiavatar"),
                Optional.of("image/png"), Optional.of(sha1), PNG.length, Optional.empty(), Optional.of("alice.test"),
                Optional.of(at), Optional.of(at), Optional.of(at), 0, Optional.empty(), Optional.empty()));

        String page = console.admin().get("waddle-accounts?did=" + ALICE).body();

        assertThat(page).contains("<img class=\"waddle-avatar\" src=\"waddle-avatar?did=did%3Aplc%3Aaliceaaaaaaaaaaaaaaaaaaa&amp;v="
                + sha1 + "\" alt=\"Avatar of alice.test\"");
    }
}
