package social.waddle.openfire.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.dom4j.Element;
import org.junit.jupiter.api.Test;
import org.xmpp.packet.IQ;
import org.xmpp.packet.JID;
import org.xmpp.packet.PacketError;

import social.waddle.openfire.muc.StanzaExchange;
import social.waddle.web.Diagnostics;
import social.waddle.web.XmppRequirements;

/** Service discovery as the server answers it, the server played by a map of answers. */
class XmppDiscoveryProbeTest {

    private static final JID COMPONENT = new JID("waddle.example.test");
    private static final JID DOMAIN = new JID("example.test");
    private static final JID MUC = new JID("conference.example.test");

    private final List<IQ> sent = new ArrayList<>();

    private StanzaExchange server(Map<String, List<String>> features, List<String> items) {
        StanzaExchange[] exchange = new StanzaExchange[1];
        exchange[0] = new StanzaExchange(packet -> {
            IQ request = (IQ) packet;
            sent.add(request);
            IQ reply = IQ.createResultIQ(request);
            String namespace = request.getChildElement().getNamespaceURI();
            String to = request.getTo().toString();
            if (!features.containsKey(to) && namespace.equals(XmppDiscoveryProbe.INFO)) {
                reply.setChildElement(request.getChildElement().createCopy());
                reply.setError(PacketError.Condition.service_unavailable);
            } else if (namespace.equals(XmppDiscoveryProbe.ITEMS)) {
                Element query = reply.setChildElement("query", XmppDiscoveryProbe.ITEMS);
                items.forEach(jid -> query.addElement("item").addAttribute("jid", jid));
            } else {
                Element query = reply.setChildElement("query", XmppDiscoveryProbe.INFO);
                query.addElement("identity").addAttribute("category", "server").addAttribute("type", "im");
                features.get(to).forEach(feature -> query.addElement("feature").addAttribute("var", feature));
            }
            exchange[0].accept(reply);
        }, Duration.ofSeconds(5));
        return exchange[0];
    }

    @Test
    void asksTheDomainItsItemsAndTheMucServiceButNotItself() {
        StanzaExchange exchange = server(Map.of(
                "example.test", List.of("vcard-temp"),
                "conference.example.test", List.of(XmppRequirements.MUC)),
                List.of("conference.example.test", "waddle.example.test", "upload.example.test"));

        Diagnostics.XmppDiscovery discovery = new XmppDiscoveryProbe(exchange, COMPONENT, DOMAIN, MUC).discover();

        assertThat(discovery.entities()).extracting(Diagnostics.Entity::jid).containsExactly("example.test", "conference.example.test");
        assertThat(discovery.entities().get(1).features()).containsExactly(XmppRequirements.MUC);
        assertThat(discovery.entities().get(0).identities()).containsExactly("server/im");
        assertThat(discovery.problems()).containsExactly("upload.example.test: service_unavailable");
        assertThat(sent).extracting(iq -> iq.getTo().toString())
                .containsExactly("example.test", "example.test", "conference.example.test", "upload.example.test");
        assertThat(sent).allMatch(iq -> iq.getFrom().equals(COMPONENT) && iq.getType() == IQ.Type.get);
    }
}
