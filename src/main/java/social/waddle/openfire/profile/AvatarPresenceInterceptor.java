package social.waddle.openfire.profile;

import java.util.Objects;
import java.util.Optional;

import org.dom4j.Element;
import org.jivesoftware.openfire.interceptor.PacketInterceptor;
import org.jivesoftware.openfire.session.Session;
import org.xmpp.packet.Packet;
import org.xmpp.packet.Presence;

import social.waddle.atproto.identity.JidLocalpart;

/**
 * Puts the vCard avatar hash (<a href="https://xmpp.org/extensions/xep-0153.html">XEP-0153</a> §3.2:
 * {@code <x xmlns='vcard-temp:x:update'><photo>SHA-1</photo></x>}, an empty {@code <photo/>} for no avatar) into
 * every available presence an ATProto user sends, broadcast or directed (rooms included), replacing what the client
 * put there: the vCard is the server's, from Bluesky, so only the server knows its photo. Until a profile was
 * published for the user the client's presence is left as it is.
 */
public final class AvatarPresenceInterceptor implements PacketInterceptor {

    static final String VCARD_UPDATE = "vcard-temp:x:update";

    private final AvatarHashes hashes;

    public AvatarPresenceInterceptor(AvatarHashes hashes) {
        this.hashes = Objects.requireNonNull(hashes);
    }

    @Override
    public void interceptPacket(Packet packet, Session session, boolean incoming, boolean processed) {
        if (!incoming || processed || session == null || !(packet instanceof Presence presence)
                || presence.getType() != null || session.getAddress() == null) {
            return;
        }
        String username = session.getAddress().getNode();
        if (username == null || JidLocalpart.toDid(username).isEmpty()) {
            return;
        }
        Optional<String> hash = hashes.of(username);
        if (hash.isPresent()) {
            stamp(presence, hash.get());
        }
    }

    /** Replaces any vcard-temp:x:update element with one naming {@code hash} ("" for no avatar). */
    static void stamp(Presence presence, String hash) {
        Element element = presence.getElement();
        for (Element old : element.elements("x")) {
            if (VCARD_UPDATE.equals(old.getNamespaceURI())) {
                element.remove(old);
            }
        }
        Element photo = presence.addChildElement("x", VCARD_UPDATE).addElement("photo");
        if (!hash.isEmpty()) {
            photo.setText(hash);
        }
    }
}
