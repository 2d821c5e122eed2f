package social.waddle.openfire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.dom4j.Element;
import org.junit.jupiter.api.Test;
import org.xmpp.component.ComponentManager;
import org.xmpp.packet.IQ;
import org.xmpp.packet.JID;
import org.xmpp.packet.Packet;

class WaddleComponentTest {

    private static final JID ADDRESS = new JID("waddle.example.com");
    private static final JID CLIENT = new JID("alice@example.com/phone");
    private static final JID SERVICE = new JID("conference.example.com");

    private final WaddleComponent component = new WaddleComponent("1.2.3");
    private final List<Packet> sent = new CopyOnWriteArrayList<>();
    private final LinkedBlockingQueue<Packet> outbox = new LinkedBlockingQueue<>();

    WaddleComponentTest() throws Exception {
        ComponentManager manager = mock(ComponentManager.class);
        doAnswer(invocation -> sent.add(invocation.getArgument(1)) && outbox.add(invocation.getArgument(1))).when(manager).sendPacket(eq(component), any(Packet.class));
        component.initialize(ADDRESS, manager);
    }

    private static IQ get(String namespace) {
        IQ request = new IQ(IQ.Type.get);
        request.setFrom(CLIENT);
        request.setTo(ADDRESS);
        request.setChildElement("query", namespace);
        return request;
    }

    @Test
    void discoInfoAdvertisesTheWaddleFeatureCommandsAndPing() {
        component.processPacket(get(WaddleComponent.DISCO_INFO));

        assertThat(sent).singleElement().satisfies(reply -> {
            Element query = ((IQ) reply).getChildElement();
            assertThat(query.elements("feature")).extracting(feature -> feature.attributeValue("var"))
                    .contains(WaddleComponent.WADDLE_FEATURE, WaddleComponent.COMMANDS, WaddleComponent.PING);
        });
    }

    @Test
    void pingIsAnsweredAndUnknownRequestsAreRefused() {
        component.processPacket(get(WaddleComponent.PING));
        component.processPacket(get("urn:example:unknown"));

        assertThat(sent).extracting(packet -> ((IQ) packet).getType()).containsExactly(IQ.Type.result, IQ.Type.error);
    }

    @Test
    void answersToTheComponentsOwnRequestsGoToTheExchangeNotToTheHandlers() throws Exception {
        Thread asking = new Thread(() -> {
            try {
                component.stanzas().query(serviceQuery());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        asking.start();
        IQ request = awaitSentRequest();
        IQ reply = IQ.createResultIQ(request);

        component.processPacket(reply);
        asking.join(WaddleComponent.REPLY_TIMEOUT.toMillis());

        assertThat(asking.isAlive()).isFalse();
        assertThat(sent).containsExactly(request);
    }

    private static IQ serviceQuery() {
        IQ request = new IQ(IQ.Type.get);
        request.setFrom(ADDRESS);
        request.setTo(SERVICE);
        request.setChildElement("query", WaddleComponent.DISCO_ITEMS);
        return request;
    }

    private IQ awaitSentRequest() throws InterruptedException {
        Packet request = outbox.poll(WaddleComponent.REPLY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        if (request == null) {
            throw new AssertionError("The component sent no request");
        }
        return (IQ) request;
    }
}
