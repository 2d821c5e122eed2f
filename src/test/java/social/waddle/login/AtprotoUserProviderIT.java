package social.waddle.login;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static social.waddle.login.LoginTestSupport.assertBindsDidJid;
import static social.waddle.login.LoginTestSupport.assertNotAuthorized;
import static social.waddle.login.LoginTestSupport.bareJid;
import static social.waddle.login.LoginTestSupport.localpart;

import java.util.Map;

import org.jivesoftware.smack.XMPPException;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smackx.iqregister.AccountManager;
import org.jivesoftware.smackx.vcardtemp.VCardManager;
import org.jivesoftware.smackx.vcardtemp.packet.VCard;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.jxmpp.jid.impl.JidCreate;

import social.waddle.testbed.Await;
import social.waddle.testbed.atproto.AtprotoNetwork;
import social.waddle.testbed.atproto.AtprotoNetworkExtension;
import social.waddle.testbed.atproto.TestAccount;
import social.waddle.testbed.openfire.OpenfireServer;
import social.waddle.testbed.openfire.XmppTestClient;

/**
 * Openfire knows ATProto users as users (its user provider serves them), but read-only: their names cannot be
 * registered by someone else, and their password lives at their PDS, not here.
 */
@ExtendWith(AtprotoNetworkExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AtprotoUserProviderIT {

    /** Shaped like a did:plc localpart (24 base32 characters), of no account. */
    private static final String UNCLAIMED_DID_LOCALPART = "aaaaaaaaaaaaaaaaaaaaaaaa";

    private AtprotoNetwork network;
    private OpenfireServer server;
    private TestAccount frank;

    @BeforeAll
    void start(AtprotoNetwork atprotoNetwork) {
        network = atprotoNetwork;
        frank = network.createAccount("frank");
        server = OpenfireServer.start(LoginTestSupport.serverOptions("atproto-users", network, Map.of()));
        assertBindsDidJid(server, frank.handle(), frank.appPassword(), frank);
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    /** An ATProto account's vCard is its Bluesky profile: readable by others, not overwritten by its own client. */
    @Test
    void anAtprotoUsersVCardIsTheirBlueskyProfileWhichTheirClientCannotOverwrite() throws Exception {
        try (XmppTestClient user = XmppTestClient.login(server, frank.handle(), frank.appPassword())) {
            VCard card = new VCard();
            card.setNickName("Frank from elsewhere");
            assertNotAllowed(() -> VCardManager.getInstanceFor(user.connection()).saveVCard(card));
        }

        try (XmppTestClient admin = XmppTestClient.login(server, server.adminUsername(), server.adminPassword())) {
            Await.until("the profile sync to publish " + frank.handle() + "'s vCard", PROFILE_PUBLISHED,
                    () -> frank.handle().equals(nickname(admin, frank)));
        }
    }

    @Test
    void nobodyCanRegisterAnAtprotoUsersName() {
        assertRegistrationRefused(localpart(frank));
    }

    @Test
    void nobodyCanRegisterADidShapedNameEvenOfNoAccountYet() {
        assertRegistrationRefused(UNCLAIMED_DID_LOCALPART);
    }

    @Test
    void localAccountsCanStillRegister() {
        XmppTestClient.createLocalUser(server, "gina", "gina-password");

        try (XmppTestClient gina = XmppTestClient.login(server, "gina", "gina-password")) {
            assertThat(gina.jid().asBareJid().toString()).isEqualTo("gina@" + server.domain());
        }
    }

    @Test
    void anAtprotoUserCannotSetAPasswordHere() {
        String newPassword = "a-password-of-this-server";
        try (XmppTestClient user = XmppTestClient.login(server, frank.handle(), frank.appPassword())) {
            AccountManager accounts = AccountManager.getInstance(user.connection());
            accounts.sensitiveOperationOverInsecureConnection(true);

            assertThatThrownBy(() -> accounts.changePassword(newPassword))
                    .isInstanceOfSatisfying(XMPPException.XMPPErrorException.class, error -> assertThat(
                            error.getStanzaError().getCondition()).isEqualTo(StanzaError.Condition.not_allowed));
        }

        assertNotAuthorized(XmppTestClient.failedLogin(server, frank.handle(), newPassword));
        assertNotAuthorized(XmppTestClient.failedLogin(server, localpart(frank), newPassword));
        assertBindsDidJid(server, frank.handle(), frank.appPassword(), frank);
    }

    @Test
    void anAtprotoUserCannotDeleteTheAccountHereAndKeepsWhatItStored() throws Exception {
        TestAccount hana = network.createAccount("hana");
        try (XmppTestClient user = XmppTestClient.login(server, hana.handle(), hana.appPassword())) {
            AccountManager accounts = AccountManager.getInstance(user.connection());
            accounts.sensitiveOperationOverInsecureConnection(true);

            assertThatThrownBy(accounts::deleteAccount)
                    .isInstanceOfSatisfying(XMPPException.XMPPErrorException.class, error -> assertThat(
                            error.getStanzaError().getCondition()).isEqualTo(StanzaError.Condition.not_allowed));
        }

        try (XmppTestClient admin = XmppTestClient.login(server, server.adminUsername(), server.adminPassword())) {
            Await.until("the profile sync to publish " + hana.handle() + "'s vCard", PROFILE_PUBLISHED,
                    () -> hana.handle().equals(nickname(admin, hana)));
        }
        assertBindsDidJid(server, hana.handle(), hana.appPassword(), hana);
    }

    private static final java.time.Duration PROFILE_PUBLISHED = java.time.Duration.ofSeconds(30);

    private static String nickname(XmppTestClient reader, TestAccount account) {
        try {
            return VCardManager.getInstanceFor(reader.connection())
                    .loadVCard(JidCreate.entityBareFrom(bareJid(account))).getNickName();
        } catch (Exception notYet) {
            return null;
        }
    }

    private static void assertNotAllowed(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOfSatisfying(XMPPException.XMPPErrorException.class, error -> assertThat(
                error.getStanzaError().getCondition()).isEqualTo(StanzaError.Condition.not_allowed));
    }

    private void assertRegistrationRefused(String username) {
        assertThatThrownBy(() -> XmppTestClient.createLocalUser(server, username, "taken-password"))
                .hasCauseInstanceOf(XMPPException.XMPPErrorException.class)
                .satisfies(failure -> assertThat(((XMPPException.XMPPErrorException) failure.getCause())
                        .getStanzaError().getCondition()).isEqualTo(StanzaError.Condition.conflict));
        assertNotAuthorized(XmppTestClient.failedLogin(server, username, "taken-password"));
    }
}
