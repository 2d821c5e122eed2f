package social.waddle.openfire.profile;

import java.util.Optional;

import org.dom4j.Element;
import org.jivesoftware.openfire.vcard.VCardManager;

/** {@link VCardStore} on Openfire's {@code VCardManager}: {@code getVCard}/{@code setVCard}, alike in 4.2.0 and 5.x. */
public final class OpenfireVCardStore implements VCardStore {

    @Override
    public Optional<Element> load(String username) {
        return Optional.ofNullable(VCardManager.getInstance().getVCard(username));
    }

    @Override
    public void save(String username, Element vCard) throws Exception {
        VCardManager.getInstance().setVCard(username, vCard);
    }
}
