package social.waddle.openfire.muc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;

import org.junit.jupiter.api.Test;
import org.xmpp.component.ComponentException;
import org.xmpp.packet.IQ;
import org.xmpp.packet.JID;
import org.xmpp.packet.Packet;
import org.xmpp.packet.PacketError;
import org.xmpp.packet.Presence;

class StanzaExchangeTest {

    private static final JID SERVICE = new JID("conference.example.com");
    private static final Duration SHORT = Duration.ofMillis(100);

    private final List<Packet> sent = new ArrayList<>();

    private static IQ discoItems() {
        IQ request = new IQ(IQ.Type.get);
        request.setTo(SERVICE);
        request.setChildElement("query", XmppRoomGateway.DISCO_ITEMS);
        return request;
    }

    @Test
    void aReplyDeliveredWhileSendingIsMatchedByIdAndSender() throws Exception {
        StanzaExchange[] exchange = new StanzaExchange[1];
        exchange[0] = new StanzaExchange(packet -> {
            sent.add(packet);
            IQ reply = IQ.createResultIQ((IQ) packet);
            assertThat(exchange[0].accept(reply)).isTrue();
        }, SHORT);

        IQ reply = exchange[0].query(discoItems());

        assertThat(reply.getType()).isEqualTo(IQ.Type.result);
        assertThat(reply.getID()).isEqualTo(sent.get(0).getID()).startsWith("waddle-");
    }

    @Test
    void aReplyWithTheRightIdFromSomeoneElseIsNotTaken() {
        StanzaExchange[] exchange = new StanzaExchange[1];
        exchange[0] = new StanzaExchange(packet -> {
            IQ forged = IQ.createResultIQ((IQ) packet);
            forged.setFrom(new JID("mallory@example.com/x"));
            assertThat(exchange[0].accept(forged)).isFalse();
        }, SHORT);

        assertThatThrownBy(() -> exchange[0].query(discoItems()))
                .isInstanceOf(TimeoutException.class)
                .hasMessageContaining("from conference.example.com within 100 ms");
    }

    @Test
    void errorRepliesAreReturnedForTheCallerToJudge() throws Exception {
        StanzaExchange[] exchange = new StanzaExchange[1];
        exchange[0] = new StanzaExchange(packet -> {
            IQ error = IQ.createResultIQ((IQ) packet);
            error.setError(PacketError.Condition.forbidden);
            exchange[0].accept(error);
        }, SHORT);

        IQ reply = exchange[0].query(discoItems());

        assertThat(reply.getType()).isEqualTo(IQ.Type.error);
        assertThat(Stanzas.describeError(reply)).isEqualTo("forbidden");
    }

    @Test
    void aPresenceIsAnsweredByTheFirstPresenceThePredicateAccepts() throws Exception {
        JID occupant = new JID("room", "conference.example.com", "me");
        StanzaExchange[] exchange = new StanzaExchange[1];
        exchange[0] = new StanzaExchange(packet -> {
            Presence other = new Presence();
            other.setFrom(new JID("room", "conference.example.com", "someone"));
            Presence self = new Presence();
            self.setFrom(occupant);
            assertThat(exchange[0].accept(other)).isFalse();
            assertThat(exchange[0].accept(self)).isTrue();
        }, SHORT);
        Presence join = new Presence();
        join.setTo(occupant);

        Presence answer = exchange[0].exchange(join, presence -> occupant.equals(presence.getFrom()));

        assertThat(answer.getFrom()).isEqualTo(occupant);
    }

    @Test
    void unansweredStanzasAreNotTaken() {
        StanzaExchange exchange = new StanzaExchange(packet -> { }, SHORT);
        IQ stray = new IQ(IQ.Type.result, "someone-elses-id");
        stray.setFrom(SERVICE);

        assertThat(exchange.accept(stray)).isFalse();
        assertThat(exchange.accept(new Presence())).isFalse();
        assertThat(exchange.accept(new IQ(IQ.Type.get))).isFalse();
    }

    @Test
    void sendFailuresAndAClosedExchangeFailAtOnce() {
        StanzaExchange failing = new StanzaExchange(packet -> {
            throw new ComponentException("not connected");
        }, SHORT);
        StanzaExchange closed = new StanzaExchange(sent::add, SHORT);
        closed.close();

        assertThatThrownBy(() -> failing.query(discoItems()))
                .isInstanceOf(StanzaExchange.ExchangeFailedException.class).hasMessageContaining("not connected");
        assertThatThrownBy(() -> closed.query(discoItems()))
                .isInstanceOf(StanzaExchange.ExchangeFailedException.class).hasMessageContaining("stopped");
        assertThat(sent).isEmpty();
    }

    @Test
    void onlyRequestsCanBeSentAsQueries() {
        StanzaExchange exchange = new StanzaExchange(sent::add, SHORT);
        IQ result = new IQ(IQ.Type.result);
        result.setTo(SERVICE);

        assertThatThrownBy(() -> exchange.query(result)).isInstanceOf(IllegalArgumentException.class);
    }
}
