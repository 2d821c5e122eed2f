package social.waddle.openfire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.dom4j.Element;
import org.dom4j.QName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xmpp.component.ComponentManager;
import org.xmpp.packet.IQ;
import org.xmpp.packet.JID;
import org.xmpp.packet.Packet;
import org.xmpp.packet.PacketError;

import social.waddle.atproto.identity.JidLocalpart;
import social.waddle.atproto.syntax.Did;
import social.waddle.community.ChannelKind;
import social.waddle.community.ChannelSlug;
import social.waddle.community.HsqldbWaddleDatabase;
import social.waddle.community.JdbcWaddleRepository;
import social.waddle.community.Visibility;
import social.waddle.community.WaddleService;
import social.waddle.community.WaddleSlug;
import social.waddle.openfire.community.CommunityCommands;
import social.waddle.openfire.community.CommunityDiscovery;

/** Service discovery of Waddles on the component, over a real {@link WaddleService} on in-memory HSQLDB. */
class WaddleComponentDiscoveryTest {

    private static final JID ADDRESS = new JID("waddle.example.com");
    private static final String MUC = "conference.example.com";
    private static final JID OWNER = new JID("oooooooooooooooooooooooo@example.com/phone");
    private static final JID STRANGER = new JID("xxxxxxxxxxxxxxxxxxxxxxxx@example.com/phone");

    private final List<Packet> sent = new CopyOnWriteArrayList<>();
    private HsqldbWaddleDatabase database;
    private WaddleService service;
    private WaddleComponent component;

    @BeforeEach
    void start() throws Exception {
        database = HsqldbWaddleDatabase.create();
        Clock clock = Clock.fixed(Instant.parse("2026-03-01T10:00:00Z"), ZoneOffset.UTC);
        service = new WaddleService(new JdbcWaddleRepository(database.connections()), clock);
        component = new WaddleComponent("1.2.3");
        ComponentManager manager = mock(ComponentManager.class);
        doAnswer(invocation -> sent.add(invocation.getArgument(1))).when(manager).sendPacket(eq(component), any(Packet.class));
        component.initialize(ADDRESS, manager);
        component.addCommands(CommunityCommands.all(service, "example.com", MUC, clock));
        component.discoverCommunities(new CommunityDiscovery(service, "example.com", MUC));

        Did owner = JidLocalpart.toDid(OWNER.getNode()).orElseThrow();
        service.createWaddle(owner, new WaddleSlug("penguins"), "Penguins", "All about penguins\nand friends",
                Visibility.PUBLIC);
        service.addChannel(owner, new WaddleSlug("penguins"), new ChannelSlug("news"), "News", "", ChannelKind.ANNOUNCEMENT);
        service.createWaddle(owner, new WaddleSlug("club"), "Club", "", Visibility.INVITE_ONLY);
        service.createWaddle(owner, new WaddleSlug("secret"), "Secret", "", Visibility.PRIVATE);
    }

    @AfterEach
    void stop() throws SQLException {
        database.close();
    }

    @Test
    void theComponentsItemsAreTheListedWaddlesAsNodes() {
        Element query = ask(STRANGER, WaddleComponent.DISCO_ITEMS, null).getChildElement();

        assertThat(query.elements("item")).extracting(item -> item.attributeValue("jid"), item -> item.attributeValue("node"),
                        item -> item.attributeValue("name"))
                .containsExactly(tuple(ADDRESS.toString(), "waddle/club", "Club"),
                        tuple(ADDRESS.toString(), "waddle/penguins", "Penguins"));
    }

    @Test
    void aWaddleNodesItemsAreItsChannelRooms() {
        Element query = ask(STRANGER, WaddleComponent.DISCO_ITEMS, "waddle/penguins").getChildElement();

        assertThat(query.attributeValue("node")).isEqualTo("waddle/penguins");
        assertThat(query.elements("item")).extracting(item -> item.attributeValue("jid"), item -> item.attributeValue("name"))
                .containsExactly(tuple("general~penguins@" + MUC, "General"),
                        tuple("news~penguins@" + MUC, "News"));
    }

    @Test
    void aWaddleNodesInfoIsABranchWithDescriptionVisibilityAndMemberCount() {
        Element query = ask(STRANGER, WaddleComponent.DISCO_INFO, "waddle/penguins").getChildElement();

        Element identity = query.element("identity");
        assertThat(identity.attributeValue("category")).isEqualTo("hierarchy");
        assertThat(identity.attributeValue("type")).isEqualTo("branch");
        assertThat(identity.attributeValue("name")).isEqualTo("Penguins");
        Element form = query.element(QName.get("x", "jabber:x:data"));
        assertThat(form.attributeValue("type")).isEqualTo("result");
        assertThat(values(form, "FORM_TYPE")).containsExactly(CommunityDiscovery.FORM_TYPE);
        assertThat(values(form, CommunityDiscovery.DESCRIPTION)).containsExactly("All about penguins", "and friends");
        assertThat(values(form, CommunityDiscovery.VISIBILITY)).containsExactly("public");
        assertThat(values(form, CommunityDiscovery.MEMBERS)).containsExactly("1");
    }

    @Test
    void aPrivateWaddleIsThereForItsMembersOnly() {
        IQ toStranger = ask(STRANGER, WaddleComponent.DISCO_ITEMS, "waddle/secret");
        IQ infoToStranger = ask(STRANGER, WaddleComponent.DISCO_INFO, "waddle/secret");
        IQ toOwner = ask(OWNER, WaddleComponent.DISCO_ITEMS, "waddle/secret");

        assertThat(toStranger.getError().getCondition()).isEqualTo(PacketError.Condition.item_not_found);
        assertThat(infoToStranger.getError().getCondition()).isEqualTo(PacketError.Condition.item_not_found);
        assertThat(toOwner.getChildElement().elements("item")).extracting(item -> item.attributeValue("jid"))
                .containsExactly("general~secret@" + MUC);
    }

    @Test
    void unknownNodesAreNotFound() {
        assertThat(ask(STRANGER, WaddleComponent.DISCO_ITEMS, "waddle/nope").getError().getCondition())
                .isEqualTo(PacketError.Condition.item_not_found);
        assertThat(ask(STRANGER, WaddleComponent.DISCO_INFO, "waddle/Not A Slug").getError().getCondition())
                .isEqualTo(PacketError.Condition.item_not_found);
        assertThat(ask(STRANGER, WaddleComponent.DISCO_ITEMS, "elsewhere").getError().getCondition())
                .isEqualTo(PacketError.Condition.item_not_found);
    }

    @Test
    void commandsAreListedToLocalAccountsAndDescribedAsCommandNodes() {
        Element listed = ask(STRANGER, WaddleComponent.DISCO_ITEMS, WaddleComponent.COMMANDS).getChildElement();
        Element toRemote = ask(new JID("someone@elsewhere.org/x"), WaddleComponent.DISCO_ITEMS, WaddleComponent.COMMANDS)
                .getChildElement();
        Element info = ask(STRANGER, WaddleComponent.DISCO_INFO, CommunityCommands.CREATE_WADDLE).getChildElement();

        assertThat(listed.elements("item")).extracting(item -> item.attributeValue("node"))
                .contains(CommunityCommands.CREATE_WADDLE, CommunityCommands.JOIN_WITH_INVITE, CommunityCommands.BAN);
        assertThat(toRemote.elements("item")).isEmpty();
        assertThat(info.element("identity").attributeValue("category")).isEqualTo("automation");
        assertThat(info.element("identity").attributeValue("type")).isEqualTo("command-node");
        assertThat(info.elements("feature")).extracting(feature -> feature.attributeValue("var"))
                .containsExactlyInAnyOrder(WaddleComponent.COMMANDS, "jabber:x:data");
    }

    /** Client menus follow the list: it must not reshuffle between requests (nor between servers). */
    @Test
    void commandsAreListedInTheSameSensibleOrderEveryTime() {
        List<String> expected = List.of(CommunityCommands.JOIN_WADDLE, CommunityCommands.JOIN_WITH_INVITE,
                CommunityCommands.LEAVE_WADDLE, CommunityCommands.CREATE_WADDLE, CommunityCommands.EDIT_WADDLE,
                CommunityCommands.ADD_CHANNEL, CommunityCommands.REMOVE_CHANNEL, CommunityCommands.CREATE_INVITE,
                CommunityCommands.SET_ROLE, CommunityCommands.BAN, CommunityCommands.UNBAN,
                CommunityCommands.DELETE_WADDLE);

        for (int request = 0; request < 5; request++) {
            Element listed = ask(STRANGER, WaddleComponent.DISCO_ITEMS, WaddleComponent.COMMANDS).getChildElement();
            assertThat(listed.elements("item")).extracting(item -> item.attributeValue("node"))
                    .containsExactlyElementsOf(expected);
        }
    }

    private IQ ask(JID from, String namespace, String node) {
        IQ request = new IQ(IQ.Type.get);
        request.setFrom(from);
        request.setTo(ADDRESS);
        Element query = request.setChildElement("query", namespace);
        if (node != null) {
            query.addAttribute("node", node);
        }
        sent.clear();
        component.processPacket(request);
        assertThat(sent).hasSize(1);
        return (IQ) sent.get(0);
    }

    private static List<String> values(Element form, String variable) {
        for (Element field : form.elements("field")) {
            if (variable.equals(field.attributeValue("var"))) {
                return field.elements("value").stream().map(Element::getText).toList();
            }
        }
        return List.of();
    }
}
