package social.waddle.openfire.profile;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import java.util.Optional;

import org.dom4j.Element;
import org.junit.jupiter.api.Test;
import org.xmpp.packet.Presence;

import social.waddle.atproto.profile.Avatar;

/** The vCard written for a Bluesky profile, and the avatar hash put into presences. */
class ProfileVCardsTest {

    private static final String DID = "did:plc:abcdefghijklmnopqrstuvwx";
    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R',
            0, 0, 0, 4, 0, 0, 0, 4, 8, 2, 0, 0, 0};

    @Test
    void theVCardCarriesNameHandlePhotoAndProfileUrl() {
        Avatar avatar = Avatar.of("bafkreiavatar", PNG);

        Element vCard = ProfileVCards.build("abc@example.com", DID, Optional.of("alice.test"), Optional.of("Alice"),
                Optional.of("Hi <there>"), Optional.of(avatar));

        assertThat(vCard.getNamespaceURI()).isEqualTo("vcard-temp");
        assertThat(vCard.elementText("FN")).isEqualTo("Alice");
        assertThat(vCard.elementText("NICKNAME")).isEqualTo("alice.test");
        assertThat(vCard.elementText("URL")).isEqualTo("https://bsky.app/profile/" + DID);
        assertThat(vCard.elementText("DESC")).isEqualTo("Hi <there>");
        assertThat(vCard.elementText("JABBERID")).isEqualTo("abc@example.com");
        assertThat(vCard.element("PHOTO").elementText("TYPE")).isEqualTo("image/png");
        assertThat(Base64.getDecoder().decode(vCard.element("PHOTO").elementText("BINVAL"))).isEqualTo(PNG);
    }

    @Test
    void withoutDisplayNameTheHandleAndWithoutVerifiedHandleTheDidIsShown() {
        assertThat(ProfileVCards.build("a@x", DID, Optional.of("alice.test"), Optional.empty(), Optional.empty(),
                Optional.empty()).elementText("FN")).isEqualTo("alice.test");
        Element unverified = ProfileVCards.build("a@x", DID, Optional.empty(), Optional.of(" "), Optional.empty(),
                Optional.empty());
        assertThat(unverified.elementText("FN")).isEqualTo(DID);
        assertThat(unverified.elementText("NICKNAME")).isEqualTo(DID);
        assertThat(unverified.element("PHOTO")).isNull();
    }

    @Test
    void aRenameKeepsThePhotoAndDescription() {
        Element published = ProfileVCards.build("a@x", DID, Optional.of("alice.test"), Optional.of("Alice"),
                Optional.of("Hi"), Optional.of(Avatar.of("bafkreiavatar", PNG)));

        Element renamed = ProfileVCards.renamed(published, DID, Optional.of("alice2.test"), Optional.empty());

        assertThat(renamed.elementText("NICKNAME")).isEqualTo("alice2.test");
        assertThat(renamed.elementText("FN")).isEqualTo("alice2.test");
        assertThat(renamed.elementText("DESC")).isEqualTo("Hi");
        assertThat(renamed.element("PHOTO")).isNotNull();
        assertThat(published.elementText("NICKNAME")).as("the original is not changed").isEqualTo("alice.test");
    }

    @Test
    void thePresenceCarriesTheServersAvatarHashInsteadOfTheClients() {
        Presence presence = new Presence();
        presence.addChildElement("x", AvatarPresenceInterceptor.VCARD_UPDATE).addElement("photo").setText("client-hash");

        AvatarPresenceInterceptor.stamp(presence, "0123456789abcdef0123456789abcdef01234567");

        assertThat(presence.getElement().elements("x")).hasSize(1);
        assertThat(presence.toXML()).contains("<photo>0123456789abcdef0123456789abcdef01234567</photo>")
                .doesNotContain("client-hash");
        AvatarPresenceInterceptor.stamp(presence, "");
        assertThat(presence.getChildElement("x", AvatarPresenceInterceptor.VCARD_UPDATE).element("photo").getText())
                .isEmpty();
    }

    @Test
    void avatarHashesAreUnknownUntilPublishedAndRememberNoAvatar() {
        AvatarHashes hashes = new AvatarHashes(username -> username.equals("stored") ? Optional.of("") : Optional.empty());

        assertThat(hashes.of("nobody")).isEmpty();
        assertThat(hashes.of("stored")).contains("");
        hashes.put("nobody", Optional.of("abc"));
        assertThat(hashes.of("nobody")).contains("abc");
    }
}
