package social.waddle.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The XMPP features Waddle relies on, looked for in what the server's service discovery shows, each with the advice
 * (an i18n key) for an admin whose server lacks it.
 */
public final class XmppRequirements {

    public static final String MUC = "http://jabber.org/protocol/muc";
    public static final String MAM = "urn:xmpp:mam:2";
    public static final String HTTP_UPLOAD = "urn:xmpp:http:upload:0";
    public static final String VCARD = "vcard-temp";
    public static final String PEP_IDENTITY = "pubsub/pep";

    /** @param where the JID offering it, or empty when missing */
    public record Result(String id, boolean present, String where) {

        public String nameKey() {
            return "admin.diagnostics.xmpp." + id + ".name";
        }

        public String adviceKey() {
            return "admin.diagnostics.xmpp." + id + ".advice";
        }
    }

    private XmppRequirements() {
    }

    public static List<Result> evaluate(Diagnostics.XmppDiscovery discovery) {
        List<Result> results = new ArrayList<>();
        results.add(find("muc", discovery, entity -> entity.jid().equals(discovery.mucService()) && entity.features().contains(MUC)));
        results.add(find("mam", discovery, entity -> entity.jid().equals(discovery.domain()) && entity.features().contains(MAM)));
        results.add(find("mucMam", discovery, entity -> entity.jid().equals(discovery.mucService()) && entity.features().contains(MAM)));
        results.add(find("upload", discovery, entity -> entity.features().contains(HTTP_UPLOAD)));
        results.add(find("pep", discovery, entity -> entity.jid().equals(discovery.domain()) && entity.identities().contains(PEP_IDENTITY)));
        results.add(find("vcard", discovery, entity -> entity.jid().equals(discovery.domain()) && entity.features().contains(VCARD)));
        return results;
    }

    private static Result find(String id, Diagnostics.XmppDiscovery discovery, Predicate<Diagnostics.Entity> offers) {
        Optional<Diagnostics.Entity> entity = discovery.entities().stream().filter(offers).findFirst();
        return new Result(id, entity.isPresent(), entity.map(Diagnostics.Entity::jid).orElse(""));
    }
}
