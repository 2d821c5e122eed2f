package social.waddle.testbed.openfire;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

import org.jivesoftware.smack.ConnectionConfiguration.SecurityMode;
import org.jivesoftware.smack.SmackException;
import org.jivesoftware.smack.XMPPException;
import org.jivesoftware.smack.packet.IQ;
import org.jivesoftware.smack.packet.Mechanisms;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.NamedElement;
import org.jivesoftware.smack.packet.StandardExtensionElement;
import org.jivesoftware.smack.roster.Roster;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smack.tcp.XMPPTCPConnectionConfiguration;
import org.jivesoftware.smackx.bookmarks.BookmarkManager;
import org.jivesoftware.smackx.bookmarks.Bookmarks;
import org.jivesoftware.smackx.disco.ServiceDiscoveryManager;
import org.jivesoftware.smackx.iqprivate.PrivateDataManager;
import org.jivesoftware.smackx.disco.packet.DiscoverInfo;
import org.jivesoftware.smackx.iqregister.AccountManager;
import org.jivesoftware.smackx.muc.MultiUserChat;
import org.jivesoftware.smackx.muc.MultiUserChatManager;
import org.jivesoftware.smackx.pubsub.Item;
import org.jivesoftware.smackx.pubsub.ItemsExtension;
import org.jivesoftware.smackx.pubsub.PayloadItem;
import org.jivesoftware.smackx.pubsub.PubSubElementType;
import org.jivesoftware.smackx.pubsub.PublishItem;
import org.jivesoftware.smackx.pubsub.packet.PubSub;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.EntityFullJid;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.jid.parts.Localpart;
import org.jxmpp.jid.parts.Resourcepart;
import org.jxmpp.stringprep.XmppStringprepException;

/**
 * A Smack 4.4 client of a test-bed {@link OpenfireServer}: log in (SASL PLAIN, over plaintext loopback or
 * STARTTLS), create local accounts (XEP-0077), use MUC rooms in {@code conference.<domain>} (XEP-0045) and ask
 * for service discovery (XEP-0030). Waits always end at a deadline.
 */
public final class XmppTestClient implements AutoCloseable {

    public static final Duration REPLY_TIMEOUT = Duration.ofSeconds(10);
    /** Numbers each connection's resource, so overlapping sessions of one account never conflict. */
    private static final AtomicInteger CONNECTIONS = new AtomicInteger();

    /** How the client protects its stream. */
    public enum Transport {
        /** No TLS; fine on loopback, and what most tests use. */
        PLAINTEXT,
        /** STARTTLS (TLS 1.2) trusting the server's self-signed certificate from its home. */
        STARTTLS
    }

    private final XMPPTCPConnection connection;
    private final String domain;
    private final Map<EntityBareJid, BlockingQueue<Message>> roomMessages = new ConcurrentHashMap<>();

    private XmppTestClient(XMPPTCPConnection connection, String domain) {
        this.connection = connection;
        this.domain = domain;
        connection.setReplyTimeout(REPLY_TIMEOUT.toMillis());
        // Tests that want the roster ask for it; loading it at login races with quick disconnects.
        Roster.getInstanceFor(connection).setRosterLoadedAtLogin(false);
    }

    /** Connects and logs in with SASL PLAIN over plaintext. */
    public static XmppTestClient login(OpenfireServer server, String username, String password) {
        return login(server, username, password, Transport.PLAINTEXT);
    }

    public static XmppTestClient login(OpenfireServer server, String username, String password, Transport transport) {
        XmppTestClient client = new XmppTestClient(new XMPPTCPConnection(configuration(server, username, password, transport)),
                server.domain());
        try {
            client.connection.connect().login();
            return client;
        } catch (SmackException | IOException | XMPPException e) {
            client.close();
            throw new IllegalStateException("User " + username + " could not log in to " + server + ": " + e, e);
        } catch (InterruptedException e) {
            client.close();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while logging in", e);
        }
    }

    /**
     * Tries to log in and expects it to fail.
     *
     * @return the failure (a {@code SASLErrorException} carries the RFC 6120 condition)
     * @throws AssertionError when the login succeeds
     */
    public static Exception failedLogin(OpenfireServer server, String username, String password) {
        XMPPTCPConnection connection = new XMPPTCPConnection(configuration(server, username, password, Transport.PLAINTEXT));
        try {
            connection.connect().login();
        } catch (SmackException | IOException | XMPPException e) {
            return e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return e;
        } finally {
            connection.disconnect();
        }
        throw new AssertionError("User " + username + " logged in, but the test expected a refusal");
    }

    /** The SASL mechanisms the server offers before login (RFC 6120 stream features), as a client sees them. */
    public static List<String> advertisedSaslMechanisms(OpenfireServer server) {
        XMPPTCPConnection connection = new XMPPTCPConnection(configuration(server, null, null, Transport.PLAINTEXT));
        try {
            connection.connect();
            Mechanisms mechanisms = connection.getFeature(Mechanisms.QNAME);
            return mechanisms == null ? List.of() : List.copyOf(mechanisms.getMechanisms());
        } catch (SmackException | IOException | XMPPException e) {
            throw new IllegalStateException("Could not read the stream features of " + server + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while connecting to " + server, e);
        } finally {
            connection.disconnect();
        }
    }

    /** Creates a local Openfire account by in-band registration (the bed enables {@code register.inband}). */
    public static void createLocalUser(OpenfireServer server, String username, String password) {
        XMPPTCPConnection connection = new XMPPTCPConnection(configuration(server, null, null, Transport.PLAINTEXT));
        connection.setReplyTimeout(REPLY_TIMEOUT.toMillis());
        try {
            connection.connect();
            AccountManager accounts = AccountManager.getInstance(connection);
            accounts.sensitiveOperationOverInsecureConnection(true);
            accounts.createAccount(Localpart.from(username), password);
        } catch (SmackException | IOException | XMPPException e) {
            throw new IllegalStateException("Could not register " + username + " on " + server + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while registering " + username, e);
        } finally {
            connection.disconnect();
        }
    }

    public XMPPTCPConnection connection() {
        return connection;
    }

    public EntityFullJid jid() {
        return connection.getUser();
    }

    public boolean isSecure() {
        return connection.isSecureConnection();
    }

    /** {@code room@conference.<domain>}. */
    public EntityBareJid roomJid(String room) {
        return entityBareJid(room + "@conference." + domain);
    }

    /** Enters the room, creating it as an instant room if it does not exist yet. */
    public void joinRoom(String room, String nickname) {
        EntityBareJid roomJid = roomJid(room);
        MultiUserChat chat = MultiUserChatManager.getInstanceFor(connection).getMultiUserChat(roomJid);
        BlockingQueue<Message> messages = roomMessages.computeIfAbsent(roomJid, jid -> new LinkedBlockingQueue<>());
        chat.addMessageListener(messages::add);
        try {
            MultiUserChat.MucCreateConfigFormHandle created = chat.createOrJoin(Resourcepart.from(nickname));
            if (created != null) {
                created.makeInstant();
            }
        } catch (SmackException | XMPPException | XmppStringprepException e) {
            throw new IllegalStateException(jid() + " could not join " + roomJid + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while joining " + roomJid, e);
        }
    }

    public void sendGroupMessage(String room, String body) {
        MultiUserChat chat = MultiUserChatManager.getInstanceFor(connection).getMultiUserChat(roomJid(room));
        try {
            chat.sendMessage(body);
        } catch (SmackException.NotConnectedException e) {
            throw new IllegalStateException(jid() + " is not connected", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while sending to " + room, e);
        }
    }

    /**
     * The first group message of a joined room that matches, received since joining (room history included) and
     * not returned before; fails after {@code timeout}.
     */
    public Message awaitGroupMessage(String room, Predicate<Message> matching, Duration timeout) {
        BlockingQueue<Message> messages = roomMessages.get(roomJid(room));
        if (messages == null) {
            throw new IllegalStateException(jid() + " has not joined " + room);
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            for (long left = timeout.toNanos(); left > 0; left = deadline - System.nanoTime()) {
                Message message = messages.poll(left, TimeUnit.NANOSECONDS);
                if (message != null && matching.test(message)) {
                    return message;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        throw new AssertionError(jid() + " received no matching message in " + room + " within " + timeout);
    }

    public Message awaitGroupMessage(String room, String body, Duration timeout) {
        return awaitGroupMessage(room, message -> body.equals(message.getBody()), timeout);
    }

    /** XEP-0030 disco#info of {@code jid}; throws the server's error (e.g. item-not-found) as it comes. */
    public DiscoverInfo discoInfo(String jid) throws XMPPException.XMPPErrorException, SmackException.NoResponseException {
        try {
            return ServiceDiscoveryManager.getInstanceFor(connection).discoverInfo(JidCreate.from(jid));
        } catch (SmackException.NotConnectedException | XmppStringprepException e) {
            throw new IllegalStateException("Cannot ask " + jid + " for disco#info: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while asking " + jid + " for disco#info", e);
        }
    }

    /**
     * The item ids (room JIDs) of the client's XEP-0402 bookmarks node ({@code urn:xmpp:bookmarks:1}), read from its
     * own PEP service; empty when the node does not exist.
     */
    public Set<String> bookmarkedRooms() {
        try {
            PubSub request = PubSub.createPubsubPacket(connection.getUser().asBareJid(), IQ.Type.get,
                    new ItemsExtension(ItemsExtension.ItemsElementType.items, BOOKMARKS_NODE, null));
            PubSub reply = connection.createStanzaCollectorAndSend(request).nextResultOrThrow();
            ItemsExtension items = reply.getExtension(PubSubElementType.ITEMS);
            Set<String> ids = new TreeSet<>();
            for (NamedElement item : items.getItems()) {
                ids.add(((Item) item).getId());
            }
            return ids;
        } catch (XMPPException.XMPPErrorException e) {
            return Set.of();
        } catch (SmackException e) {
            throw new IllegalStateException("Cannot read the bookmarks of " + connection.getUser() + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** XEP-0402's PEP node. */
    public static final String BOOKMARKS_NODE = "urn:xmpp:bookmarks:1";

    /**
     * The room JIDs of the client's XEP-0048 bookmarks, read fresh from private XML storage (XEP-0049) as Smack's
     * {@code Bookmarks} (its {@code BookmarkManager} caches the first answer, so it is not used to read).
     */
    public Set<String> legacyBookmarkedRooms() {
        try {
            Bookmarks bookmarks = (Bookmarks) PrivateDataManager.getInstanceFor(connection)
                    .getPrivateData(Bookmarks.ELEMENT, Bookmarks.NAMESPACE);
            Set<String> rooms = new TreeSet<>();
            bookmarks.getBookmarkedConferences().forEach(conference -> rooms.add(conference.getJid().toString()));
            return rooms;
        } catch (XMPPException.XMPPErrorException | SmackException e) {
            throw new IllegalStateException("Cannot read the XEP-0048 bookmarks of " + connection.getUser() + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Bookmarks a room in both stores, as a user's clients do: a XEP-0048 conference and a XEP-0402 item. */
    public void bookmarkRoomYourself(String roomJid, String name) {
        try {
            BookmarkManager.getBookmarkManager(connection).addBookmarkedConference(name,
                    JidCreate.entityBareFrom(roomJid), false, null, null);
            // Without publish-options, as a client unaware of XEP-0402's node configuration: the server's defaults.
            PubSub publish = PubSub.createPubsubPacket(connection.getUser().asBareJid(), IQ.Type.set,
                    new PublishItem<>(BOOKMARKS_NODE, new PayloadItem<>(roomJid,
                            StandardExtensionElement.builder("conference", BOOKMARKS_NODE)
                                    .addAttribute("name", name).addAttribute("autojoin", "false").build())));
            connection.createStanzaCollectorAndSend(publish).nextResultOrThrow();
        } catch (XMPPException.XMPPErrorException | SmackException | XmppStringprepException e) {
            throw new IllegalStateException("Cannot bookmark " + roomJid + " as " + connection.getUser() + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        connection.disconnect();
    }

    private static XMPPTCPConnectionConfiguration configuration(OpenfireServer server, String username, String password,
                                                                Transport transport) {
        try {
            XMPPTCPConnectionConfiguration.Builder builder = XMPPTCPConnectionConfiguration.builder()
                    .setXmppDomain(server.domain())
                    .setHost(server.host())
                    .setPort(server.clientPort())
                    .setResource("bed-" + CONNECTIONS.incrementAndGet())
                    .addEnabledSaslMechanism("PLAIN")
                    .setConnectTimeout((int) REPLY_TIMEOUT.toMillis());
            if (username != null) {
                builder.setUsernameAndPassword(username, password);
            }
            if (transport == Transport.STARTTLS) {
                builder.setSecurityMode(SecurityMode.required)
                        .setCustomX509TrustManager(trustingServerCertificates(server.home()))
                        .setEnabledSSLProtocols(new String[] {"TLSv1.2"});
            } else {
                builder.setSecurityMode(SecurityMode.disabled);
            }
            return builder.build();
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("Cannot configure a client of " + server + ": " + e, e);
        }
    }

    /** Trusts what the server's own key store holds (Openfire generated its self-signed certificates there). */
    private static X509TrustManager trustingServerCertificates(Path home) throws GeneralSecurityException, IOException {
        KeyStore serverStore = KeyStore.getInstance("JKS");
        try (InputStream in = Files.newInputStream(home.resolve("resources/security/keystore"))) {
            serverStore.load(in, OpenfireHome.STORE_PASSWORD.toCharArray());
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(serverStore);
        for (TrustManager manager : factory.getTrustManagers()) {
            if (manager instanceof X509TrustManager x509) {
                return x509;
            }
        }
        throw new GeneralSecurityException("No X.509 trust manager for " + home);
    }

    private static EntityBareJid entityBareJid(String jid) {
        try {
            return JidCreate.entityBareFrom(jid);
        } catch (XmppStringprepException e) {
            throw new IllegalArgumentException("Not a bare JID: " + jid, e);
        }
    }
}
