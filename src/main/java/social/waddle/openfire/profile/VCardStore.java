package social.waddle.openfire.profile;

import java.util.Optional;

import org.dom4j.Element;

/** Where vCards live: Openfire's {@code VCardManager} (and its provider) in production. */
public interface VCardStore {

    Optional<Element> load(String username);

    void save(String username, Element vCard) throws Exception;
}
