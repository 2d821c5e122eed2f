package social.waddle.testbed.openfire;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.UUID;

import org.jivesoftware.smack.packet.Message;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Local accounts created by the bed log in with a real client and chat in a MUC room. */
@ExtendWith(OpenfireServerExtension.class)
class LocalUserMucIT {

    private static final Duration DELIVERY = Duration.ofSeconds(10);

    @Test
    void twoLocalUsersExchangeMessagesInARoom(OpenfireServer openfire) {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        XmppTestClient.createLocalUser(openfire, "alice-" + suffix, "alice-password");
        XmppTestClient.createLocalUser(openfire, "bob-" + suffix, "bob-password");
        String room = "lobby-" + suffix;

        try (XmppTestClient alice = XmppTestClient.login(openfire, "alice-" + suffix, "alice-password");
             XmppTestClient bob = XmppTestClient.login(openfire, "bob-" + suffix, "bob-password")) {
            alice.joinRoom(room, "alice");
            bob.joinRoom(room, "bob");

            alice.sendGroupMessage(room, "hello from alice");
            Message toBob = bob.awaitGroupMessage(room, "hello from alice", DELIVERY);
            bob.sendGroupMessage(room, "hello from bob");
            Message toAlice = alice.awaitGroupMessage(room, "hello from bob", DELIVERY);

            assertThat(toBob.getFrom().toString()).isEqualTo(alice.roomJid(room) + "/alice");
            assertThat(toAlice.getFrom().toString()).isEqualTo(bob.roomJid(room) + "/bob");
        }
    }

    @Test
    void localUserLogsInOverStartTls(OpenfireServer openfire) {
        String username = "carol-" + UUID.randomUUID().toString().substring(0, 8);
        XmppTestClient.createLocalUser(openfire, username, "carol-password");

        try (XmppTestClient carol = XmppTestClient.login(openfire, username, "carol-password",
                XmppTestClient.Transport.STARTTLS)) {

            assertThat(carol.isSecure()).isTrue();
            assertThat(carol.jid().asBareJid().toString()).isEqualTo(username + "@" + openfire.domain());
        }
    }
}
