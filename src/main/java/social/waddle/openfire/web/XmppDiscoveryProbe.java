package social.waddle.openfire.web;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeoutException;

import org.dom4j.Element;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xmpp.packet.IQ;
import org.xmpp.packet.JID;

import social.waddle.openfire.muc.StanzaExchange;
import social.waddle.web.Diagnostics;

/**
 * Service discovery (https://xmpp.org/extensions/xep-0030.html) of the XMPP domain, sent from the Waddle component
 * like any other entity would: {@code disco#items} of the domain, then {@code disco#info} of the domain, of each item
 * (the MUC service, the upload component, …) and of the MUC service Waddle is configured to use.
 */
public final class XmppDiscoveryProbe {

    private static final Logger Log = LoggerFactory.getLogger(XmppDiscoveryProbe.class);
    static final String INFO = "http://jabber.org/protocol/disco#info";
    static final String ITEMS = "http://jabber.org/protocol/disco#items";

    private final StanzaExchange exchange;
    private final JID from;
    private final JID domain;
    private final JID mucService;

    public XmppDiscoveryProbe(StanzaExchange exchange, JID from, JID domain, JID mucService) {
        this.exchange = exchange;
        this.from = from;
        this.domain = domain;
        this.mucService = mucService;
    }

    public Diagnostics.XmppDiscovery discover() {
        List<String> problems = new ArrayList<>();
        Set<JID> targets = new LinkedHashSet<>();
        targets.add(domain);
        IQ items = ask(ITEMS, domain, problems);
        if (items != null) {
            for (Element item : items.getChildElement().elements("item")) {
                String jid = item.attributeValue("jid");
                if (jid != null && item.attributeValue("node") == null) {
                    targets.add(new JID(jid));
                }
            }
        }
        targets.add(mucService);
        targets.remove(from);
        List<Diagnostics.Entity> entities = new ArrayList<>();
        for (JID target : targets) {
            IQ info = ask(INFO, target, problems);
            if (info == null) {
                continue;
            }
            Set<String> identities = new LinkedHashSet<>();
            Set<String> features = new LinkedHashSet<>();
            for (Element identity : info.getChildElement().elements("identity")) {
                identities.add(identity.attributeValue("category") + "/" + identity.attributeValue("type"));
            }
            for (Element feature : info.getChildElement().elements("feature")) {
                String name = feature.attributeValue("var");
                if (name != null) {
                    features.add(name);
                }
            }
            entities.add(new Diagnostics.Entity(target.toString(), identities, features));
        }
        return new Diagnostics.XmppDiscovery(domain.toString(), mucService.toString(), entities, problems);
    }

    /** The result, or null after writing down why there is none. */
    private IQ ask(String namespace, JID target, List<String> problems) {
        IQ request = new IQ(IQ.Type.get);
        request.setFrom(from);
        request.setTo(target);
        request.setChildElement("query", namespace);
        try {
            IQ reply = exchange.query(request);
            if (reply.getType() == IQ.Type.error) {
                problems.add(target + ": " + (reply.getError() == null ? "error" : reply.getError().getCondition()));
                return null;
            }
            if (reply.getChildElement() == null) {
                problems.add(target + ": empty answer");
                return null;
            }
            return reply;
        } catch (TimeoutException e) {
            problems.add(target + ": no answer within " + exchange.timeout().toSeconds() + " s");
        } catch (StanzaExchange.ExchangeFailedException e) {
            problems.add(target + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            problems.add(target + ": interrupted");
        }
        Log.debug("Service discovery of {} ({}) failed: {}", target, namespace, problems.get(problems.size() - 1));
        return null;
    }
}
