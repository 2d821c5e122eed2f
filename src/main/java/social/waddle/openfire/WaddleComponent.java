package social.waddle.openfire;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;

import org.dom4j.Element;
import org.jivesoftware.openfire.commands.AdHocCommand;
import org.jivesoftware.openfire.commands.AdHocCommandManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xmpp.component.Component;
import org.xmpp.component.ComponentException;
import org.xmpp.component.ComponentManager;
import org.xmpp.packet.IQ;
import org.xmpp.packet.JID;
import org.xmpp.packet.Packet;
import org.xmpp.packet.PacketError;

import social.waddle.openfire.community.CommunityDiscovery;
import social.waddle.openfire.muc.StanzaExchange;

/**
 * The server-side component at {@code waddle.<domain>}: answers XEP-0030 service discovery so clients (and
 * admins) can see the plugin is there, runs Waddle's XEP-0050 commands, and carries the plugin's own requests to
 * other entities (the MUC service) through its {@link StanzaExchange}.
 *
 * <p>{@link #processPacket} never blocks: commands run on the component's own thread, because they wait for
 * answers that Openfire delivers through {@code processPacket} again.
 */
final class WaddleComponent implements Component {

    private static final Logger Log = LoggerFactory.getLogger(WaddleComponent.class);

    static final String DISCO_INFO = "http://jabber.org/protocol/disco#info";
    static final String DISCO_ITEMS = "http://jabber.org/protocol/disco#items";
    /** Advertised on the component so a client or test can tell the plugin is loaded. */
    static final String WADDLE_FEATURE = "urn:waddle:openfire:0";
    static final String COMMANDS = "http://jabber.org/protocol/commands";
    static final String PING = "urn:xmpp:ping";
    static final String DATA_FORMS = "jabber:x:data";
    /** How long the plugin waits for an answer to its own requests. */
    static final Duration REPLY_TIMEOUT = Duration.ofSeconds(15);

    private final String version;
    private final StanzaExchange stanzas;
    private final AdHocCommandManager commands = new AdHocCommandManager();
    /** The commands in the order they were added: Openfire's manager keeps them in a hash map, in no stable order. */
    private final List<AdHocCommand> commandMenu = new CopyOnWriteArrayList<>();
    private final ExecutorService commandRunner = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "waddle-commands");
        thread.setDaemon(true);
        return thread;
    });
    private final CompletableFuture<Void> started = new CompletableFuture<>();
    private volatile CommunityDiscovery communities;
    private volatile ComponentManager componentManager;
    private volatile JID address;

    WaddleComponent(String version) {
        this.version = version;
        this.stanzas = new StanzaExchange(this::send, REPLY_TIMEOUT);
    }

    /** Request/response to other entities, sent from this component's address. */
    StanzaExchange stanzas() {
        return stanzas;
    }

    /** The component's JID; set once Openfire has added the component. */
    JID address() {
        return address;
    }

    /** Adds commands; disco#items on the commands node lists them in the order they were added (XEP-0050 §2.2). */
    void addCommands(Collection<AdHocCommand> added) {
        for (AdHocCommand command : added) {
            commands.addCommand(command);
            commandMenu.removeIf(listed -> listed.getCode().equals(command.getCode()));
            commandMenu.add(command);
        }
    }

    /** Lists Waddles and their channels in service discovery from now on. */
    void discoverCommunities(CommunityDiscovery discovery) {
        this.communities = discovery;
    }

    @Override
    public String getName() {
        return "Waddle";
    }

    @Override
    public String getDescription() {
        return "Waddle communities and ATProto identities";
    }

    @Override
    public void initialize(JID jid, ComponentManager manager) throws ComponentException {
        this.address = jid;
        this.componentManager = manager;
    }

    /** Runs {@code action} once Openfire has started the component (at once if it has), on the starting thread. */
    void whenStarted(Runnable action) {
        started.thenRun(action);
    }

    @Override
    public void start() {
        Log.info("Waddle component {} started", address);
        started.complete(null);
    }

    @Override
    public void shutdown() {
        stanzas.close();
        commandRunner.shutdownNow();
        commands.stop();
        Log.info("Waddle component {} stopped", address);
    }

    @Override
    public void processPacket(Packet packet) {
        if (stanzas.accept(packet) || !(packet instanceof IQ iq)) {
            return;
        }
        if (iq.getType() != IQ.Type.get && iq.getType() != IQ.Type.set) {
            return;
        }
        Element child = iq.getChildElement();
        if (child != null && COMMANDS.equals(child.getNamespaceURI())) {
            runCommand(iq);
            return;
        }
        IQ answer;
        try {
            answer = answer(iq);
        } catch (RuntimeException e) {
            Log.error("Could not answer {} from {}", child == null ? "IQ" : child.getNamespaceURI(), iq.getFrom(), e);
            answer = error(iq, PacketError.Condition.internal_server_error);
        }
        reply(iq, answer);
    }

    private void runCommand(IQ request) {
        try {
            commandRunner.execute(() -> {
                IQ reply;
                try {
                    reply = commands.process(request);
                } catch (RuntimeException e) {
                    Log.error("Command {} from {} failed", request.getChildElement().attributeValue("node"), request.getFrom(), e);
                    reply = error(request, PacketError.Condition.internal_server_error);
                }
                reply(request, reply);
            });
        } catch (RejectedExecutionException e) {
            reply(request, error(request, PacketError.Condition.service_unavailable));
        }
    }

    private void reply(IQ request, IQ reply) {
        try {
            send(reply);
        } catch (ComponentException e) {
            Log.warn("Could not answer {} from {}", request.getChildElement() == null ? "IQ" : request.getChildElement().getNamespaceURI(),
                    request.getFrom(), e);
        }
    }

    private void send(Packet packet) throws ComponentException {
        ComponentManager manager = componentManager;
        if (manager == null) {
            throw new ComponentException("The Waddle component is not registered with Openfire");
        }
        manager.sendPacket(this, packet);
    }

    private static IQ error(IQ request, PacketError.Condition condition) {
        IQ reply = IQ.createResultIQ(request);
        if (request.getChildElement() != null) {
            reply.setChildElement(request.getChildElement().createCopy());
        }
        reply.setError(condition);
        return reply;
    }

    IQ answer(IQ iq) {
        Element child = iq.getChildElement();
        String namespace = child == null ? "" : child.getNamespaceURI();
        if (iq.getType() == IQ.Type.get && DISCO_INFO.equals(namespace)) {
            return discoInfo(iq, child.attributeValue("node"));
        }
        if (iq.getType() == IQ.Type.get && DISCO_ITEMS.equals(namespace)) {
            return discoItems(iq, child.attributeValue("node"));
        }
        if (iq.getType() == IQ.Type.get && PING.equals(namespace)) {
            return IQ.createResultIQ(iq);
        }
        return error(iq, PacketError.Condition.service_unavailable);
    }

    private IQ discoInfo(IQ iq, String node) {
        IQ reply = IQ.createResultIQ(iq);
        Element query = reply.setChildElement("query", DISCO_INFO);
        if (node == null) {
            query.addElement("identity")
                    .addAttribute("category", "component")
                    .addAttribute("type", "generic")
                    .addAttribute("name", "Waddle " + version);
            query.addElement("feature").addAttribute("var", DISCO_INFO);
            query.addElement("feature").addAttribute("var", DISCO_ITEMS);
            query.addElement("feature").addAttribute("var", WADDLE_FEATURE);
            query.addElement("feature").addAttribute("var", COMMANDS);
            query.addElement("feature").addAttribute("var", PING);
            return reply;
        }
        query.addAttribute("node", node);
        AdHocCommand command = commands.getCommand(node);
        if (command != null && command.hasPermission(iq.getFrom())) {
            // XEP-0050 §2.3: a command node is an automation/command-node with these features.
            query.addElement("identity")
                    .addAttribute("category", "automation")
                    .addAttribute("type", "command-node")
                    .addAttribute("name", command.getDefaultLabel());
            query.addElement("feature").addAttribute("var", COMMANDS);
            query.addElement("feature").addAttribute("var", DATA_FORMS);
            return reply;
        }
        CommunityDiscovery discovery = communities;
        if (discovery != null && CommunityDiscovery.isWaddleNode(node) && discovery.addWaddleInfo(iq.getFrom(), node, query)) {
            return reply;
        }
        return error(iq, PacketError.Condition.item_not_found);
    }

    private IQ discoItems(IQ iq, String node) {
        IQ reply = IQ.createResultIQ(iq);
        Element query = reply.setChildElement("query", DISCO_ITEMS);
        JID self = iq.getTo() == null ? address : iq.getTo();
        CommunityDiscovery discovery = communities;
        if (node == null) {
            if (discovery != null) {
                discovery.addWaddleItems(self, query);
            }
            return reply;
        }
        query.addAttribute("node", node);
        if (COMMANDS.equals(node)) {
            for (AdHocCommand command : commandMenu) {
                if (command.hasPermission(iq.getFrom())) {
                    query.addElement("item")
                            .addAttribute("jid", String.valueOf(self))
                            .addAttribute("node", command.getCode())
                            .addAttribute("name", command.getDefaultLabel());
                }
            }
            return reply;
        }
        if (discovery != null && CommunityDiscovery.isWaddleNode(node) && discovery.addChannelItems(iq.getFrom(), node, query)) {
            return reply;
        }
        return error(iq, PacketError.Condition.item_not_found);
    }
}
