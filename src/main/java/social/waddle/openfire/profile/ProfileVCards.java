package social.waddle.openfire.profile;

import java.util.Base64;
import java.util.Optional;

import org.dom4j.DocumentHelper;
import org.dom4j.Element;

import social.waddle.atproto.profile.Avatar;

/**
 * The vCard-temp of an ATProto account (<a href="https://xmpp.org/extensions/xep-0054.html">XEP-0054</a>): FN the
 * display name (else the verified handle, else the DID), NICKNAME the verified handle (else the DID), URL the Bluesky
 * profile by DID (valid across handle changes), DESC the profile's description, JABBERID, and PHOTO the avatar.
 */
public final class ProfileVCards {

    public static final String NAMESPACE = "vcard-temp";
    static final String PROFILE_URL = "https://bsky.app/profile/";

    private ProfileVCards() {
    }

    public static Element build(String jid, String did, Optional<String> handle, Optional<String> displayName,
                                Optional<String> description, Optional<Avatar> avatar) {
        Element vCard = DocumentHelper.createElement(DocumentHelper.createQName("vCard",
                DocumentHelper.createNamespace("", NAMESPACE)));
        vCard.addElement("FN").setText(fullName(did, handle, displayName));
        vCard.addElement("NICKNAME").setText(handle.orElse(did));
        vCard.addElement("URL").setText(PROFILE_URL + did);
        description.ifPresent(text -> vCard.addElement("DESC").setText(text));
        vCard.addElement("JABBERID").setText(jid);
        avatar.ifPresent(image -> {
            Element photo = vCard.addElement("PHOTO");
            photo.addElement("TYPE").setText(image.type().mediaType());
            photo.addElement("BINVAL").setText(Base64.getEncoder().encodeToString(image.bytes()));
        });
        return vCard;
    }

    /** The vCard with FN and NICKNAME replaced for a new handle; everything else (PHOTO, DESC…) kept. */
    public static Element renamed(Element published, String did, Optional<String> handle, Optional<String> displayName) {
        Element vCard = published.createCopy();
        replace(vCard, "FN", fullName(did, handle, displayName));
        replace(vCard, "NICKNAME", handle.orElse(did));
        return vCard;
    }

    static String fullName(String did, Optional<String> handle, Optional<String> displayName) {
        return displayName.filter(name -> !name.isBlank()).or(() -> handle).orElse(did);
    }

    private static void replace(Element vCard, String name, String text) {
        Element element = vCard.element(name);
        if (element == null) {
            element = vCard.addElement(name);
        }
        element.setText(text);
    }
}
